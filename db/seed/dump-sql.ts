import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { connectLibsql } from '../libsql';
import { applyMigrations } from '../migrate';
import { seedDatabase } from './index';
import { rebuildEvents } from '../derived/events';
import { rebuildProviderEnrolments } from '../derived/provider-enrolments';

// Writes the sandbox data set as SQL INSERT statements, for databases we cannot reach from Node:
// a remote Cloudflare D1 (`wrangler d1 execute DB --remote --env sandbox --file <file>`).
//   npx tsx db/seed/dump-sql.ts <output.sql> [--scale default|national|N]

const quote = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return `'${String(v).replace(/'/g, "''")}'`;
};

/** Tables the database derives itself (triggers): rebuilt at the end of a load, not dumped. */
const derivedTables = new Set(['provider_enrolments', 'events']);

/**
 * Every row of every application table, one INSERT per row (D1 limits statement size), then the
 * derived tables rebuilt: the triggers that keep them see rows in table order while loading
 * (records before their partnerships are all there), so only a rebuild at the end is exact.
 */
export async function dumpInserts(client: Client): Promise<string[]> {
  const tables = (await client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'd1_%' ORDER BY rowid",
  )).rows.map((r) => String(r.name));
  const out: string[] = [];
  for (const table of tables.filter((t) => !derivedTables.has(t))) {
    const { columns, rows } = await client.execute(`SELECT * FROM "${table}"`);
    const names = columns.map((c) => `"${c}"`).join(', ');
    for (const row of rows) out.push(`INSERT INTO "${table}" (${names}) VALUES (${columns.map((c) => quote(row[c])).join(', ')});`);
  }
  out.push(...rebuildProviderEnrolments, ...rebuildEvents);
  return out;
}

async function main() {
  const [output, flag, scaleArg] = process.argv.slice(2);
  if (!output) {
    console.error('Usage: npx tsx db/seed/dump-sql.ts <output.sql> [--scale default|national|N]');
    process.exit(2);
  }
  const scale = flag === '--scale' && scaleArg ? (scaleArg === 'default' || scaleArg === 'national' ? scaleArg : Number(scaleArg)) : 'default';
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-dump-'));
  const { db, client } = connectLibsql(`file:${join(dir, 'seed.db')}`);
  try {
    await applyMigrations(db);
    await seedDatabase(db, { now: new Date(), scale });
    // Foreign keys are checked at the end, so rows can be loaded table by table in any order.
    writeFileSync(output, ['PRAGMA defer_foreign_keys = ON;', ...(await dumpInserts(client))].join('\n') + '\n');
    console.log(`Wrote ${output}`);
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
