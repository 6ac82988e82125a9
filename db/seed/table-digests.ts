import { createHash } from 'node:crypto';
import { connectLibsql } from '../libsql';

// Prints one SHA-256 per table of a database (every row in rowid order, all columns), and one
// over them all: proves that two seeds wrote the same data, e.g. before and after a change to
// the generator.
//   npx tsx db/seed/table-digests.ts <file:...> [--except table,table]

const [url, flag, exceptArg] = process.argv.slice(2);
if (!url) {
  console.error('Usage: npx tsx db/seed/table-digests.ts <file:...> [--except table,table]');
  process.exit(2);
}
const except = new Set(flag === '--except' && exceptArg ? exceptArg.split(',') : []);
const { client } = connectLibsql(url);
try {
  const tables = (await client.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name")).rows
    .map((r) => ({ name: String(r.name), withoutRowid: /WITHOUT ROWID/i.test(String(r.sql)) }));
  const all = createHash('sha256');
  for (const { name, withoutRowid } of tables.filter((t) => !except.has(t.name))) {
    const hash = createHash('sha256');
    const { rows } = await client.execute(`SELECT * FROM "${name}" ORDER BY ${withoutRowid ? '1, 2' : 'rowid'}`);
    for (const row of rows) hash.update(JSON.stringify(Array.from(row as unknown as unknown[]), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
    const digest = hash.digest('hex');
    all.update(`${name}:${digest}\n`);
    console.log(`${digest.slice(0, 16)}  ${String(rows.length).padStart(8)}  ${name}`);
  }
  console.log(`${all.digest('hex')}  all tables`);
} finally {
  client.close();
}
