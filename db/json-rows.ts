import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

/**
 * Runs `select` (a SELECT whose result columns are named `columns`) and returns its rows in
 * `orderBy` order (an ORDER BY over those names) as plain objects.
 *
 * Each row comes back as one JSON array built by SQLite instead of one driver value per column:
 * libSQL's client defines two properties per column on every row it returns, which costs more
 * than the query itself for a page of thousands of wide rows; one column per row and JSON.parse
 * (native) do the same work several times faster. Integers come back as numbers, booleans as
 * 0/1, NULL as null. (One array per row, not one per result: D1 caps a value at 2 MB.)
 */
export async function jsonRows(db: Db, select: SQL, columns: readonly string[], orderBy: string): Promise<Record<string, unknown>[]> {
  const values = sql.raw(columns.map((c) => `q."${c}"`).join(', '));
  const rows = await db.all<{ r: string }>(sql`
    SELECT json_array(${values}) AS r FROM (${select}) AS q ORDER BY ${sql.raw(orderBy.split(',').map((c) => `q.${c.trim()}`).join(', '))}
  `);
  const out: Record<string, unknown>[] = new Array(rows.length);
  for (let n = 0; n < rows.length; n++) {
    const values = JSON.parse(rows[n]!.r) as unknown[];
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
    out[n] = row;
  }
  return out;
}

/** The same rows as arrays of values in `columns` order (what db/read-model.ts decodes); no order for a single-row read. */
export async function jsonArrays(db: Db, select: SQL, columns: readonly string[], orderBy: readonly string[]): Promise<unknown[][]> {
  return parseArrays(await db.all<{ r: string }>(jsonArraysQuery(select, columns, orderBy)));
}

/** The statement jsonArrays runs: `select` wrapped to return one JSON array per row. */
export function jsonArraysQuery(select: SQL, columns: readonly string[], orderBy: readonly string[]): SQL {
  const q = (c: string) => sql`q.${sql.identifier(c)}`;
  return sql`
    SELECT json_array(${sql.join(columns.map(q), sql`, `)}) AS r FROM (${select}) AS q${orderBy.length ? sql` ORDER BY ${sql.join(orderBy.map(q), sql`, `)}` : sql``}
  `;
}

export function parseArrays(rows: { r: string }[]): unknown[][] {
  const out: unknown[][] = new Array(rows.length);
  for (let n = 0; n < rows.length; n++) out[n] = JSON.parse(rows[n]!.r) as unknown[];
  return out;
}
