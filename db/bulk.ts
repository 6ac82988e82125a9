import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableColumns } from 'drizzle-orm';
import type { Db } from './client';
import { runBatch } from './batch';

// D1 accepts at most 100 bound parameters per statement, so bulk writes are chunked by column
// count. Chunks are sent in batches (one transaction each) to keep round trips low.
const MAX_PARAMS = 100;
const STATEMENTS_PER_BATCH = 50;

export async function insertInChunks<T extends SQLiteTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  { ignoreConflicts = false }: { ignoreConflicts?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const statements = [];
  for (let i = 0; i < rows.length; i += size) {
    const insert = db.insert(table).values(rows.slice(i, i + size) as never);
    statements.push(ignoreConflicts ? insert.onConflictDoNothing() : insert);
  }
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const batch = statements.slice(i, i + STATEMENTS_PER_BATCH);
    await runBatch(db, batch);
  }
}
