import { sql, type SQL } from 'drizzle-orm';

/**
 * `(SELECT value FROM json_each(?))` over a list of ids, for `column IN ${idList(ids)}`: a whole
 * page of ids travels as one bound parameter, because D1 accepts at most 100 per statement.
 */
export function idList(ids: readonly string[]): SQL {
  return sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
