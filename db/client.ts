import { createClient, type Client } from '@libsql/client';
import { drizzle as drizzleLibsql, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle as drizzleD1, type AnyD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

/**
 * The database handle every service receives. Both drivers (libSQL and Cloudflare D1) expose the
 * same drizzle SQLite API — select/insert/update/delete, `all`, `run` and `batch` — so we type the
 * handle as the libSQL flavour and adapt D1 to it. The one observable difference, the shape of a
 * write's result, is hidden by `rowsAffected()`.
 */
export type Db = LibSQLDatabase<typeof schema>;
export { schema };

export interface LibsqlConnection {
  db: Db;
  client: Client;
}

export function connectLibsql(url: string, authToken?: string): LibsqlConnection {
  const client = createClient({ url, authToken });
  return { db: drizzleLibsql(client, { schema }), client };
}

interface BatchQuery {
  _prepare(): { stmt?: unknown; getQuery(): { sql: string } };
}

export function connectD1(binding: AnyD1Database): Db {
  const db = drizzleD1(binding, { schema });
  // drizzle's D1 batch binds each query's prepared D1 statement (`stmt`), which a raw
  // `db.run(sql`...`)` does not have: with parameters it fails ("reading 'bind'"). Our writes are
  // raw INSERT ... SELECT statements in batches (D1 has no interactive transactions), so each one
  // is given its D1 statement first; the rest of drizzle's batch is unchanged.
  const session = (db as unknown as { session: { batch(queries: BatchQuery[]): Promise<unknown> } }).session;
  const batch = session.batch.bind(session);
  session.batch = (queries) => {
    for (const query of queries) {
      const prepared = query._prepare();
      if (prepared.stmt === undefined) prepared.stmt = (binding as unknown as { prepare(sql: string): unknown }).prepare(prepared.getQuery().sql);
    }
    return batch(queries);
  };
  return db as unknown as Db;
}

/** Rows changed by a write, whichever driver ran it (libSQL: rowsAffected, D1: meta.changes). */
export function rowsAffected(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number } };
  return r.rowsAffected ?? r.meta?.changes ?? 0;
}
