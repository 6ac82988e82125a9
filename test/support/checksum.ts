import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';

/** A digest of every row of every table: equal before and after means nothing was written. */
export async function databaseChecksum(client: Client): Promise<string> {
  const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows.map((r) => String(r.name));
  const hash = createHash('sha256');
  for (const table of tables) {
    // By content, not rowid: tables without rowid exist, and a row deleted and written back
    // unchanged is no change.
    const { columns } = await client.execute(`SELECT * FROM "${table}" LIMIT 0`);
    const { rows } = await client.execute(`SELECT * FROM "${table}" ORDER BY ${columns.map((_c, i) => i + 1).join(', ')}`);
    hash.update(table);
    for (const row of rows) hash.update(JSON.stringify(Object.values(row), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return hash.digest('hex');
}
