import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { embeddedExportPragmas, schema, type Db } from './client';
import { cacheStatements } from './statement-cache';

// Connections to libSQL from Node: an embedded file, or a libSQL server (sqld, Turso). Kept apart
// from client.ts, which the Workers bundle imports: this module loads the native driver.

export interface LibsqlConnection {
  db: Db;
  client: Client;
}

export function connectLibsql(url: string, authToken?: string): LibsqlConnection {
  // An embedded file gets one connection: every call borrows it synchronously (no interactive
  // transactions here), SQLite has one writer anyway, and PRAGMAs (embeddedServerPragmas) are
  // per connection, so a pool of 20 would mostly run with SQLite's defaults (a 2 MB cache).
  if (url.startsWith('file:')) cacheStatements();
  const client = createClient({ url, authToken, ...(url.startsWith('file:') ? { concurrency: 1 } : {}) });
  return { db: drizzle(client, { schema }), client };
}

/** The export connection to an embedded file (see embeddedExportPragmas). */
export async function connectExportReader(url: string): Promise<LibsqlConnection> {
  const connection = connectLibsql(url);
  for (const pragma of embeddedExportPragmas) await connection.client.execute(`PRAGMA ${pragma}`);
  return connection;
}
