import { sql, type SQL } from 'drizzle-orm';

/**
 * `('a', 'b')`: a list of constants from the code (state lists from api/domain) inlined as SQL
 * literals, not bound parameters. SQLite uses a partial index (`… WHERE state IN ('eligible',
 * 'payable', 'paid')`) only when the query's own condition is literal, so a state list bound as
 * parameters would turn an index look-up into a scan. Never pass request input here.
 */
export function literalList(values: readonly string[]): SQL {
  for (const v of values) if (!/^[a-z0-9_-]+$/.test(v)) throw new Error(`not a constant: ${JSON.stringify(v)}`);
  return sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);
}
