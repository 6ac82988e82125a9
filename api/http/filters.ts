import { ApiError } from '../errors/api-error';
import type { ParsedQuery } from './query';
import { parseInstant } from './time';

/** The `filter` object of a request; `filter` given as a plain value is a 400. */
export function getFilter(query: ParsedQuery): Record<string, string> {
  const filter = query.filter;
  if (filter === undefined) return {};
  if (typeof filter !== 'object') {
    throw ApiError.badRequest("Filters are given as 'filter[name]=value', for example filter[cohort]=2024.", 'Bad parameter');
  }
  return filter;
}

/** A filter that must be present (schools' `filter[cohort]`). */
export function requireFilter(filter: Record<string, string>, name: string): string {
  const value = filter[name];
  if (value === undefined) {
    throw ApiError.badRequest(`This request needs 'filter[${name}]', for example filter[${name}]=2024.`, 'Bad parameter');
  }
  return value;
}

// Years outside this range cannot be cohorts; they match nothing rather than erroring, as the
// contract says unknown years give an empty list.
const MAX_LISTED_YEARS = 50;

/**
 * `filter[cohort]=2021,2022`. Absent or blank → null (the caller applies its default).
 * Values that are not years match nothing, so an unreadable list yields an empty array.
 */
export function parseCohortList(value: string | undefined): number[] | null {
  if (value === undefined || value.trim() === '') return null;
  const years = new Set<number>();
  for (const part of value.split(',')) {
    const trimmed = part.trim();
    if (/^\d{4}$/.test(trimmed)) years.add(Number(trimmed));
    if (years.size >= MAX_LISTED_YEARS) break;
  }
  return [...years];
}

/** Comma list of ids (`filter[delivery_partner_id]`, `filter[participant_id]`). */
export function parseIdList(value: string | undefined, max = 50): string[] | null {
  if (value === undefined || value.trim() === '') return null;
  return [...new Set(value.split(',').map((v) => v.trim()).filter(Boolean))].slice(0, max);
}

/**
 * `filter[updated_since]`: an ISO 8601 / RFC 3339 instant. A value whose `+` or `:` arrived
 * percent-encoded a second time is decoded once more before giving up.
 */
export function parseUpdatedSince(value: string | undefined): Date | null {
  if (value === undefined || value === '') return null;
  // An unencoded '+' in an offset arrives as a space; nothing else can stand there, so restore it.
  const restored = value.replace(/ (\d{2}:?\d{2})$/, '+$1');
  let parsed = parseInstant(restored);
  if (!parsed) {
    try {
      parsed = parseInstant(decodeURIComponent(value));
    } catch {
      parsed = null;
    }
  }
  if (!parsed) {
    throw ApiError.badRequest(
      "'filter[updated_since]' must be a date and time in RFC 3339 format, for example 2024-05-31T02:22:32Z. Encode a '+' in the offset as %2B.",
    );
  }
  return parsed;
}
