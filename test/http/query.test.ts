import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../api/http/query';

describe('parseQuery', () => {
  it('nests one level of brackets and keeps plain keys', () => {
    expect(parseQuery('?filter[cohort]=2021,2022&page[per_page]=5&sort=-updated_at')).toEqual({
      filter: { cohort: '2021,2022' }, page: { per_page: '5' }, sort: '-updated_at',
    });
  });

  it('decodes percent-encoded keys and values', () => {
    expect(parseQuery('filter%5Bupdated_since%5D=2024-01-01T00%3A00%3A00Z')).toEqual({ filter: { updated_since: '2024-01-01T00:00:00Z' } });
  });

  it('keeps a bare value so a non-object filter can be rejected', () => {
    expect(parseQuery('filter=2024&filter[cohort]=2024')).toEqual({ filter: '2024' });
    expect(parseQuery('filter[cohort]=2024&filter=2024').filter).toBe('2024');
  });

  it('ignores deeper nesting and uses the last of repeated keys', () => {
    expect(parseQuery('filter[a][b]=1&filter[cohort]=1&filter[cohort]=2')).toEqual({ filter: { cohort: '2' } });
  });

  it('cannot be tricked into prototype pollution', () => {
    const q = parseQuery('__proto__[polluted]=yes&constructor[prototype]=x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(q)).toBeNull();
  });
});
