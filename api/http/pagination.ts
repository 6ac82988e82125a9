import { ApiError } from '../errors/api-error';
import type { ParsedQuery } from './query';

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 3000;

export interface Page {
  page: number;
  perPage: number;
  offset: number;
}

const positiveInteger = /^\+?\d+$/;

/**
 * `page[page]` (default 1) and `page[per_page]` (default 100, values above 3000 are capped).
 * Countless: no totals; a page past the end is simply empty.
 */
export function parsePagination(query: ParsedQuery): Page {
  const raw = query.page;
  if (raw !== undefined && typeof raw !== 'object') {
    throw ApiError.badRequest("Pagination is given as 'page[page]' and 'page[per_page]', for example page[page]=2&page[per_page]=500.");
  }
  const read = (key: 'page' | 'per_page', fallback: number) => {
    const value = raw?.[key];
    if (value === undefined || value === '') return fallback;
    const n = positiveInteger.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw ApiError.badRequest("The 'page[page]' and 'page[per_page]' values must be whole numbers of 1 or more.");
    }
    return n;
  };
  const page = read('page', 1);
  const perPage = Math.min(read('per_page', DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const offset = (page - 1) * perPage;
  if (!Number.isSafeInteger(offset)) {
    throw ApiError.badRequest("The 'page[page]' value is too large.");
  }
  return { page, perPage, offset };
}
