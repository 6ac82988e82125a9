import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

/** Rows per JSON chunk: keeps each value far below D1's 2 MB limit on a string. */
const CHUNK_ROWS = 250;

/**
 * Runs `select` (a SELECT whose result columns are named `columns`) and returns its rows in
 * `orderBy` order (an ORDER BY over those names) as plain objects.
 *
 * The rows come back as a few JSON arrays built by SQLite instead of one driver row per row:
 * libSQL's client builds each row with two property definitions per column, which costs more
 * than the query itself for a page of thousands of wide rows; JSON.parse does the same work in
 * native code. Integers come back as numbers, booleans as 0/1, NULL as null.
 */
export async function jsonRows(db: Db, select: SQL, columns: readonly string[], orderBy: string): Promise<Record<string, unknown>[]> {
  const values = sql.raw(columns.map((c) => `q."${c}"`).join(', '));
  const chunks = await db.all<{ rows: string }>(sql`
    SELECT json_group_array(json_array(${values}) ORDER BY q.position) AS rows
    FROM (SELECT *, row_number() OVER (ORDER BY ${sql.raw(orderBy)}) AS position FROM (${select})) AS q
    GROUP BY (q.position - 1) / ${CHUNK_ROWS}
    ORDER BY min(q.position)
  `);
  const out: Record<string, unknown>[] = [];
  for (const chunk of chunks) {
    for (const values of JSON.parse(chunk.rows) as unknown[][]) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
      out.push(row);
    }
  }
  return out;
}
