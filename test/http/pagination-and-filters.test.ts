import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors/api-error';
import { getFilter, parseCohortList, parseIdList, parseUpdatedSince, requireFilter } from '../../api/http/filters';
import { parsePagination } from '../../api/http/pagination';
import { parseQuery } from '../../api/http/query';

const page = (q: string) => parsePagination(parseQuery(q));

function error(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('parsePagination', () => {
  it('defaults to page 1 of 100 and caps per_page at 3000', () => {
    expect(page('')).toEqual({ page: 1, perPage: 100, offset: 0 });
    expect(page('page[page]=3&page[per_page]=20')).toEqual({ page: 3, perPage: 20, offset: 40 });
    expect(page('page[per_page]=999999')).toEqual({ page: 1, perPage: 3000, offset: 0 });
  });

  it.each(['page[page]=0', 'page[per_page]=0', 'page[page]=-2', 'page[page]=abc', 'page[per_page]=1.5', 'page[page]=1e3', 'page=1', 'page[page]=99999999999999999999'])(
    'rejects %s with a 400',
    (q) => {
      const e = error(() => page(q));
      expect(e.status).toBe(400);
      expect(e.errors[0]?.title).toBe('Bad request');
    },
  );
});

describe('filters', () => {
  it('requires filter to be an object', () => {
    expect(getFilter(parseQuery('filter[cohort]=2024'))).toEqual({ cohort: '2024' });
    expect(getFilter(parseQuery(''))).toEqual({});
    const e = error(() => getFilter(parseQuery('filter=2024')));
    expect([e.status, e.errors[0]?.title]).toEqual([400, 'Bad parameter']);
  });

  it('reports a missing mandatory filter', () => {
    const e = error(() => requireFilter({}, 'cohort'));
    expect(e.status).toBe(400);
    expect(e.errors[0]?.detail).toContain('filter[cohort]');
  });

  it('reads cohort lists; unknown values match nothing', () => {
    expect(parseCohortList(undefined)).toBeNull();
    expect(parseCohortList(' ')).toBeNull();
    expect(parseCohortList('2021, 2022,2021')).toEqual([2021, 2022]);
    expect(parseCohortList('abc,20211')).toEqual([]);
  });

  it('reads id lists', () => {
    expect(parseIdList('a, b,,a')).toEqual(['a', 'b']);
    expect(parseIdList(undefined)).toBeNull();
  });

  it('reads updated_since, decoding a doubly encoded value once more', () => {
    expect(parseUpdatedSince('2024-01-01T00:00:00Z')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseUpdatedSince('1980-01-01T00%3A00%3A00%2B01%3A00')?.toISOString()).toBe('1979-12-31T23:00:00.000Z');
    expect(parseUpdatedSince(undefined)).toBeNull();
    // An unencoded '+' arrives as a space: still read, as the offset is unambiguous.
    expect(parseUpdatedSince('2024-01-01T01:00:00 01:00')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(error(() => parseUpdatedSince('%E0%A4%A')).status).toBe(400);
  });
});
