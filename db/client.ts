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

export function connectD1(binding: AnyD1Database): Db {
  return drizzleD1(binding, { schema }) as unknown as Db;
}

/** Rows changed by a write, whichever driver ran it (libSQL: rowsAffected, D1: meta.changes). */
export function rowsAffected(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number } };
  return r.rowsAffected ?? r.meta?.changes ?? 0;
}
