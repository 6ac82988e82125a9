/**
 * Query strings with one level of brackets, as the API's clients send them:
 * `filter[cohort]=2024&page[per_page]=50&sort=-updated_at` →
 * `{ filter: { cohort: '2024' }, page: { per_page: '50' }, sort: '-updated_at' }`.
 * A key given both bare and with brackets keeps the bare value, so `filter=x` is seen as a
 * string and rejected by the filter rules ("must be a hash"). Deeper nesting is not part of the
 * API and is ignored. The last value of a repeated key wins.
 */
export type QueryValue = string | Record<string, string>;
export type ParsedQuery = Record<string, QueryValue>;

const nested = /^([A-Za-z_][\w-]*)\[([^\[\]]*)\]$/;

export function parseQuery(search: string): ParsedQuery {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const out: ParsedQuery = Object.create(null);
  const bare = new Set<string>();
  for (const [key, value] of params) {
    const match = nested.exec(key);
    if (match) {
      const [, name, child] = match as unknown as [string, string, string];
      if (bare.has(name)) continue;
      const current = out[name];
      const obj = typeof current === 'object' ? current : Object.create(null) as Record<string, string>;
      obj[child] = value;
      out[name] = obj;
    } else if (!key.includes('[')) {
      out[key] = value;
      bare.add(key);
    }
  }
  return out;
}
