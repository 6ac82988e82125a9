import { parseArgs } from 'node:util';
import { embeddedServerPragmas } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { submitDeclaration } from '../../api/services/declarations/submit-declaration';
import { postCandidates } from './post';

// Where one declaration submission's time goes (issue 20): calls the service in-process, one
// submission after another, against the national database with the server's pragmas, and times
// every statement the libSQL client runs (reads by their first words, the write batch whole).
//   npx tsx test/bench/post-breakdown.ts [--database file:.data/bench-national.db] [--count 200]

const { values: args } = parseArgs({ options: { database: { type: 'string', default: 'file:.data/bench-national.db' }, count: { type: 'string', default: '200' }, split: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '1' }, synchronous: { type: 'string', default: 'FULL' } } });
const { db, client } = connectLibsql(args.database!);
await client.execute('PRAGMA journal_mode = WAL');
await client.execute('PRAGMA busy_timeout = 5000');
for (const pragma of embeddedServerPragmas) await client.execute(`PRAGMA ${pragma}`);
// --synchronous NORMAL: how much of the write is the commit's fsync (measurement only; the server keeps FULL).
await client.execute(`PRAGMA synchronous = ${args.synchronous}`);
const lp = String((await client.execute('SELECT lead_provider_id AS id, count(*) n FROM participant_declarations GROUP BY 1 ORDER BY n DESC LIMIT 1')).rows[0]!.id);
// As the bench asks (20,000): the first rows of a smaller ask are often all filtered out.
const candidates = (await postCandidates(client, lp, 20_000)).slice(0, Number(args.count));
const leadProvider = { id: lp, name: 'bench' };

const spent = new Map<string, { n: number; ms: number }>();
const note = (key: string, ms: number) => { const s = spent.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += ms; spent.set(key, s); };
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
for (const method of ['execute', 'batch'] as const) {
  const original = (client[method] as (...a: unknown[]) => Promise<unknown>).bind(client);
  (client as unknown as Record<string, unknown>)[method] = async (...a: unknown[]) => {
    const t = performance.now();
    try { return await original(...a); } finally {
      const first = a[0] as { sql?: string } | string | { sql?: string }[];
      const key = method === 'batch' ? `BATCH of ${(first as unknown[]).length}` : label(typeof first === 'string' ? first : (first as { sql: string }).sql);
      note(key, performance.now() - t);
    }
  };
}
// --split: the write batch's statements one by one inside BEGIN ... COMMIT, so each is timed.
if (process.argv.includes('--split')) {
  // A transaction holds the client's one connection (same pragmas); each statement is timed as
  // TX <its first words>, the COMMIT (the fsync) as TX COMMIT.
  (client as unknown as Record<string, unknown>).batch = async (stmts: { sql: string }[]) => {
    const tx = await client.transaction('write');
    try {
      const out = [];
      for (const s of stmts) { const t = performance.now(); out.push(await tx.execute(s)); note(`TX ${label(s.sql)}`, performance.now() - t); }
      const t = performance.now();
      await tx.commit();
      note('TX COMMIT', performance.now() - t);
      return out;
    } finally { tx.close(); }
  };
}
const totals: number[] = [];
let ok = 0;
const started = performance.now();
// --concurrency N: N submissions in flight at once, as N clients would (group commit shows as
// batches of several submissions' statements).
let next = 0;
const worker = async () => {
  while (next < candidates.length) {
    const c = candidates[next++]!;
    const t = performance.now();
    try { await submitDeclaration({ db, now: new Date(), leadProvider, config: {} as never }, c); ok++; } catch (err) { console.error(String(err).slice(0, 200)); }
    totals.push(performance.now() - t);
  }
};
await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
const elapsed = performance.now() - started;
const sum = [...spent.values()].reduce((a, s) => a + s.ms, 0);
console.log(`${ok} of ${candidates.length} accepted, ${args.concurrency} at a time: ${(elapsed / candidates.length).toFixed(2)} ms each (${(candidates.length / elapsed * 1000).toFixed(0)}/s); in the client ${(sum / candidates.length).toFixed(2)} ms, JS around it ${((elapsed - sum) / candidates.length).toFixed(2)} ms`);
for (const [k, s] of [...spent].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${(s.ms / candidates.length).toFixed(3).padStart(8)} ms/submission  ${String(s.n).padStart(5)}×  ${k}`);
client.close();
