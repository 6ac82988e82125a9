import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Client } from '@libsql/client';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { connectLibsql } from '../libsql';
import { applyMigrations } from '../migrate';
import { rebuildEvents } from '../derived/events';
import { rebuildProviderEnrolments } from '../derived/provider-enrolments';
import { isDatabaseEmpty, seedDatabase } from './index';
import type { RowSink, SeedScale } from './sandbox';

// Seeds a database with reference data and the sandbox data set, then prints one new API token
// per lead provider.
//
//   npx tsx db/seed/cli.ts [--scale default|national|N] [--database file:...] [--now <RFC 3339 time>]
//
// N is participants per lead provider per cohort. The database defaults to DATABASE_URL, else
// the local development file. A database that already has lead providers is left alone.

const usage = 'Usage: npx tsx db/seed/cli.ts [--scale default|national|N] [--database file:...] [--now <RFC 3339 time>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseScale(value: string): SeedScale {
  if (value === 'default' || value === 'national') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--scale must be 'default', 'national' or a whole number of participants per lead provider per cohort (got '${value}').\n${usage}`);
  return n;
}

/**
 * Insert triggers that keep derived timestamps up to date (users.api_updated_at, partnerships'
 * and school cohorts' updated_at). The seed computes those values itself, so while it writes a
 * fresh file they are paused, as are the indexes: building an index once at the end is far
 * cheaper than updating it for every row (random ids land all over it). Unique indexes are
 * checked when they are built again. Triggers not listed here stay in place. The triggers that
 * keep derived tables (db/derived/) are paused too, and the tables rebuilt once at the end: per
 * row, without the indexes, each would read whole tables.
 */
const SEED_COMPUTED_TRIGGERS = new Set([
  'participant_follows_new_profile', 'participant_follows_new_identity', 'participant_follows_new_induction_record',
  'participant_follows_state', 'participant_follows_new_eligibility', 'participant_follows_id_change',
  'school_cohorts_follow_new_partnership', 'partnerships_follow_new_induction_tutor',
]);

async function pauseIndexesAndTriggers(client: Client): Promise<() => Promise<void>> {
  const { rows } = await client.execute("SELECT type, name, sql FROM sqlite_master WHERE (type = 'index' AND sql IS NOT NULL) OR type = 'trigger'");
  const paused = rows
    .map((r) => ({ type: String(r.type), name: String(r.name), sql: String(r.sql) }))
    .filter((o) => o.type === 'index' || SEED_COMPUTED_TRIGGERS.has(o.name) || o.name.startsWith('provider_enrolments_') || o.name.startsWith('events_'));
  await client.batch(paused.map((o) => `DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} "${o.name.replace(/"/g, '""')}"`), 'write');
  return async () => {
    // Indexes first: then the triggers, exactly as the migrations made them.
    const feed = (o: { name: string }) => o.name.startsWith('events_');
    await client.batch([...paused.filter((o) => o.type === 'index'), ...paused.filter((o) => o.type === 'trigger' && !feed(o))].map((o) => o.sql), 'write');
    await client.batch([...rebuildProviderEnrolments], 'write');
    // The change feed last (it reads provider_enrolments), and its triggers after it: rebuilding
    // provider_enrolments with them in place would announce every participant once more.
    await client.batch([...rebuildEvents], 'write');
    await client.batch(paused.filter((o) => o.type === 'trigger' && feed(o)).map((o) => o.sql), 'write');
  };
}

/**
 * The participants' rows are written by a second thread, on its own connection to the file, while
 * this one generates the next participants: on two cores the seed takes about half the time.
 * Batches run in the order sent, each in one transaction; at most a few wait at once, so memory
 * stays flat. The thread is plain JavaScript (no TypeScript loader needed in it).
 */
const WRITER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createClient } = require(workerData.clientPath);
const client = createClient({ url: workerData.url });
let chain = (async () => { for (const pragma of workerData.pragmas) await client.execute(pragma); })();
parentPort.on('message', ({ id, statements }) => {
  chain = chain.then(() => client.batch(statements, 'write')).then(
    () => parentPort.postMessage({ id }),
    (err) => parentPort.postMessage({ id, error: (err && err.message) || String(err) }),
  );
});
`;
const IN_FLIGHT = 3;

function writerThread(url: string, pragmas: string[]): RowSink & { close(): Promise<void> } {
  const clientPath = createRequire(import.meta.url).resolve('@libsql/client');
  const worker = new Worker(WRITER_THREAD, { eval: true, workerData: { url, pragmas, clientPath } });
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', ({ id, error }: { id: number; error?: string }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) fail(new Error(`Writing seed rows failed: ${error}`));
    else p?.resolve();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => { if (pending.size > 0) fail(new Error(`The writer thread stopped (exit code ${code}).`)); });
  const drain = async () => {
    while (inFlight.length > 0) await inFlight.shift();
    if (failure) throw failure;
  };
  return {
    async write(statements) {
      if (failure) throw failure;
      const id = next++;
      const done = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      done.catch(() => {}); // surfaced by the next write or drain
      worker.postMessage({ id, statements });
      inFlight.push(done);
      while (inFlight.length > IN_FLIGHT) await inFlight.shift();
    },
    drain,
    async close() {
      await worker.terminate();
    },
  };
}

function progressReporter(): { report: (done: number, total: number, label: string) => void; finish: () => void } {
  const tty = process.stderr.isTTY;
  const width = 30;
  let lastPhase = '';
  return {
    report(done, total, label) {
      if (tty) {
        const filled = total > 0 ? Math.round((done / total) * width) : 0;
        const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
        const line = `[${bar}] ${String(done).padStart(String(total).length)}/${total} ${label}`;
        const columns = process.stderr.columns || 100;
        // Carriage return + clear line: the bar redraws in place.
        process.stderr.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
      } else {
        // One line per phase ("participants of Capita"), not per table written.
        const phase = label.split(':')[0]!;
        if (phase !== lastPhase) process.stderr.write(`${done}/${total} ${phase}\n`);
        lastPhase = phase;
      }
    },
    finish() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string', default: 'default' },
        now: { type: 'string' },
        database: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }

  const scale = parseScale(values.scale ?? 'default');
  const url = values.database ?? process.env.DATABASE_URL ?? 'file:.data/lead-provider-api.db';
  if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });

  const { db, client } = connectLibsql(url, process.env.DATABASE_AUTH_TOKEN);
  const local = url.startsWith('file:');
  try {
    if (local) {
      // As the Node host does: WAL, so a running server can keep reading while the seed writes.
      await client.execute('PRAGMA journal_mode = WAL');
      await client.execute('PRAGMA busy_timeout = 5000');
    }
    await applyMigrations(db);
    if (!(await isDatabaseEmpty(db))) {
      fail(`The database ${redact(url)} already has lead providers, so it was not seeded. Seed an empty database (use --database file:<new file>, or delete the file first).`);
    }

    const now = values.now ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) fail(`--now must be a date and time, e.g. 2025-11-15T10:00:00Z (got '${values.now}').\n${usage}`);
    const started = Date.now();
    process.stderr.write(`Seeding ${redact(url)} (scale: ${String(scale)})\n`);
    if (local) {
      // Only while this command writes a fresh local file (a crash leaves a database to delete,
      // not one to repair): no fsync per transaction, and a 64 MB page cache (the indexes are
      // built at the end, see below). Both last as long as this connection; the file stays in
      // WAL mode for the server.
      await client.execute('PRAGMA synchronous = OFF');
      await client.execute('PRAGMA cache_size = -65536');
    }
    const restore = local ? await pauseIndexesAndTriggers(client) : null;
    const progress = progressReporter();
    const sink = local ? writerThread(url, ['PRAGMA busy_timeout = 5000', 'PRAGMA synchronous = OFF', 'PRAGMA cache_size = -65536']) : undefined;
    let providers;
    let steps = 1;
    try {
      providers = await seedDatabase(db, {
        now, scale, sink,
        onProgress: (done, total, label) => {
          steps = total;
          progress.report(done, total, label);
        },
      });
    } finally {
      await sink?.close();
    }
    if (restore) {
      progress.report(steps, steps, 'building indexes');
      // More room to sort in while the indexes are built.
      await client.execute('PRAGMA cache_size = -131072');
      await restore();
    }
    progress.finish();
    if (local) {
      await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      await client.execute('PRAGMA synchronous = FULL');
    }
    const count = async (table: string) => Number((await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
    process.stderr.write(`Seeded ${(await count('participant_profiles')).toLocaleString('en-GB')} participant profiles and ${(await count('participant_declarations')).toLocaleString('en-GB')} declarations in ${((Date.now() - started) / 1000).toFixed(1)}s.\n`);

    process.stdout.write('One API token per lead provider (shown once, keep them):\n');
    for (const lp of providers) {
      const token = await createApiToken(db, lp.id, now, 'Created by db/seed/cli.ts');
      process.stdout.write(`  ${lp.name.padEnd(32)} ${token}\n`);
    }
  } finally {
    client.close();
  }
}

function redact(url: string) {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
