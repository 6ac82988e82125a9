import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { Db } from './client';

/**
 * One statement of a batch: a query builder (insert/update/delete/select) or `db.run(sql`...`)`.
 * Every one of them is a drizzle `RunnableQuery` for SQLite, which is all `batch` needs.
 */
export type BatchStatement = BatchItem<'sqlite'>;

/**
 * `db.batch` for lists built at run time. drizzle types its argument as a non-empty tuple
 * (`readonly [U, ...U[]]`), which an array pushed to in a loop, filtered or spread never is, so
 * every call site used to cast. Here the one cast stands behind the emptiness check that makes
 * it true; a tuple literal keeps its per-statement result types, an array gets `any[]` as before.
 * An empty list writes nothing and answers `[]` (D1 rejects an empty batch).
 */
export async function runBatch<const T extends readonly BatchStatement[]>(db: Db, statements: T): Promise<BatchResponse<T>> {
  if (statements.length === 0) return [] as unknown as BatchResponse<T>;
  return db.batch(statements as unknown as readonly [BatchStatement, ...BatchStatement[]]) as Promise<BatchResponse<T>>;
}
