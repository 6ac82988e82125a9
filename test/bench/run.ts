import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient, type Client } from '@libsql/client';
import { embeddedServerPragmas } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { cacheStatements } from '../../db/statement-cache';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { countRows, recordPageStatements, replay } from './floors';
import { postCandidates, type Candidate } from './post';
import { csvBench, type CsvResult } from './csv';
import { schoolsImportBench, type SchoolsImportResult } from './schools-import';
import { HttpClient, measure, stats, type MeasureOptions, type Stats } from './http';

// `npm run bench`: the national-scale benchmark of issue 9. Seeds (or reuses) a database, starts
// the Node server on it (api/server.ts, a child process), and measures over HTTP:
//   - list pages (participants, declarations; per_page 100 and 2000; first and last page; with
//     and without filter[updated_since]) with their floors: the statements the API sends for the
//     page, recorded once and replayed in-process through the same driver (./floors.ts), and a
//     bare Hono handler returning a fixed body of the same size;
//   - a sequential full sync of the largest provider at per_page=3000;
//   - POST /participant-declarations with 16 concurrent clients;
//   - GET /api/v1/participants/ecf.csv of the largest provider (the whole file, streamed): time,
//     and the server's memory above idle while it streams, JavaScript and resident (./csv.ts);
//   - the server's peak memory (VmHWM);
//   - `npm run schools:import` of a generated 25,000-row GIAS extract into a fresh database, and
//     again with the same file (./schools-import.ts; no server involved).
// Every run restarts the server; the summary gives medians over runs and their spread.
//
//   npm run bench -- [--database file:...] [--fresh] [--scale national|N] [--runs 3]
//                    [--seconds 3] [--post-seconds 10] [--schools-rows 25000] [--out test/bench/results/<name>.json]
//
// A small smoke run: npm run bench -- --scale 3 --database file:.data/bench-smoke.db --runs 1 --seconds 0.2 --post-seconds 1

const root = fileURLToPath(new URL('../..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: 'file:.data/bench-national.db' },
    fresh: { type: 'boolean', default: false },
    scale: { type: 'string', default: 'national' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    'post-seconds': { type: 'string', default: '10' },
    'post-clients': { type: 'string', default: '16' },
    'sync-limit': { type: 'string', default: '600' },
    /** Rows of the GIAS extract that schools:import is timed with. */
    'schools-rows': { type: 'string', default: '25000' },
    /** Comma-separated parts to leave out while iterating: pages, post, csv, feed, schools. The summary needs all parts. */
    skip: { type: 'string', default: '' },
    out: { type: 'string' },
    label: { type: 'string', default: '' },
  },
});

const runs = Number(args.runs);
const seconds = Number(args.seconds);
const postSeconds = Number(args['post-seconds']);
const postClients = Number(args['post-clients']);
const syncLimit = Number(args['sync-limit']);
const schoolsRows = Number(args['schools-rows']);
const skip = new Set(args.skip!.split(',').filter(Boolean));
const databaseUrl = args.database!;

const log = (message: string) => process.stderr.write(`${message}\n`);

function run(cmd: string, argv: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited with ${code}`))));
  });
}

const tsx = (file: string) => ['--import', 'tsx', file];

async function ensureDatabase(): Promise<void> {
  if (!databaseUrl.startsWith('file:')) throw new Error('--database must be a file: URL (the bench starts the embedded host).');
  const file = resolve(root, databaseUrl.slice('file:'.length));
  if (args.fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  if (existsSync(file)) {
    const client = createClient({ url: databaseUrl });
    try {
      const { rows } = await client.execute('SELECT count(*) AS n FROM lead_providers');
      if (Number(rows[0]!.n) > 0) {
        log(`Reusing ${databaseUrl} (--fresh to rebuild it).`);
        return;
      }
    } catch {
      // not migrated yet: seed below
    } finally {
      client.close();
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  log(`Seeding ${databaseUrl} at scale ${args.scale} (a national database takes several minutes)...`);
  const started = Date.now();
  await run(process.execPath, tsx('db/migrate-cli.ts'), { DATABASE_URL: databaseUrl });
  await run(process.execPath, [...tsx('db/seed/cli.ts'), '--scale', args.scale!, '--database', databaseUrl], {});
  log(`Seeded in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Server {
  child: ChildProcess;
  base: URL;
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, tsx('api/server.ts'), {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', APP_ENV: 'sandbox', SKIP_DOCS_BUILD: '1',
      SCHEDULED_JOBS: 'off', RATE_LIMIT_REQUESTS: '1000000000', BENCH_FLOOR: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = new URL(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}`);
    try {
      const res = await fetch(new URL('/healthz', base));
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The server did not start within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base };
}

function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function stopServer(server: Server) {
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
    // A server busy in a long query cannot run its SIGTERM handler.
    setTimeout(() => server.child.kill('SIGKILL'), 5000).unref();
  });
}

interface ListRow { id: string; attributes: { updated_at: string } }

async function getList(http: HttpClient, path: string): Promise<{ rows: ListRow[]; bytes: number; ms: number }> {
  const res = await http.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${res.body.toString().slice(0, 300)}`);
  return { rows: (JSON.parse(res.body.toString()) as { data: ListRow[] }).data, bytes: res.body.length, ms: res.ms };
}

const lists = {
  participants: '/api/v3/participants/ecf',
  declarations: '/api/v3/participant-declarations',
} as const;
type ListName = keyof typeof lists;

const pagePath = (list: ListName, perPage: number, page: number, since: string | null) =>
  `${lists[list]}?page[per_page]=${perPage}&page[page]=${page}${since ? `&filter[updated_since]=${encodeURIComponent(since)}` : ''}`;

interface SyncResult {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  pages: number;
  slowestPageMs: number;
  /** False when a list took longer than --sync-limit: its time is then extrapolated from its rate. */
  complete: boolean;
  perList: Record<ListName, { rows: number; pages: number; seconds: number; complete: boolean; updatedAt: string[] }>;
}

/** A client's full sync: every page of both lists at per_page=3000, one request at a time. */
async function fullSync(http: HttpClient, client: Client, leadProviderId: string): Promise<SyncResult> {
  const perList = {} as SyncResult['perList'];
  let slowest = 0;
  for (const list of Object.keys(lists) as ListName[]) {
    const listStarted = performance.now();
    const seen = new Set<string>();
    const updatedAt: string[] = [];
    let pages = 0;
    let complete = true;
    for (let page = 1; ; page++) {
      if (performance.now() - listStarted > syncLimit * 1000) {
        complete = false;
        break;
      }
      const { rows, ms } = await getList(http, pagePath(list, 3000, page, null));
      pages++;
      slowest = Math.max(slowest, ms);
      for (const r of rows) {
        if (seen.has(r.id)) throw new Error(`Full sync: ${list} ${r.id} appears twice`);
        seen.add(r.id);
        updatedAt.push(r.attributes.updated_at);
      }
      if (pages % 10 === 0) log(`  ${list}: ${pages} pages, ${seen.size} rows, ${((performance.now() - listStarted) / 1000).toFixed(1)} s`);
      if (rows.length < 3000) break;
    }
    let listSeconds = (performance.now() - listStarted) / 1000;
    let rowCount = seen.size;
    if (!complete) {
      rowCount = await countRows(client, leadProviderId, list, null);
      listSeconds = (listSeconds * rowCount) / Math.max(1, seen.size);
      log(`  ${list}: cut short after ${syncLimit} s at ${seen.size} of ${rowCount} rows; extrapolated ${listSeconds.toFixed(0)} s`);
    }
    perList[list] = { rows: rowCount, pages, seconds: listSeconds, complete, updatedAt };
  }
  const secs = perList.participants.seconds + perList.declarations.seconds;
  const rows = perList.participants.rows + perList.declarations.rows;
  return {
    seconds: secs, rows, rowsPerSecond: rows / secs, pages: perList.participants.pages + perList.declarations.pages, slowestPageMs: slowest,
    complete: perList.participants.complete && perList.declarations.complete, perList,
  };
}

/** A whole-second instant with about `share` of the rows updated at or after it. */
function sinceFor(updatedAt: string[], share: number): { since: string; rows: number } {
  const sorted = [...updatedAt].sort();
  const since = sorted[Math.floor(sorted.length * (1 - share))] ?? sorted[0] ?? '2020-01-01T00:00:00Z';
  return { since, rows: sorted.filter((u) => u >= since).length };
}

interface PageMeasurement {
  name: string;
  list: ListName;
  perPage: number;
  page: number;
  filter: string | null;
  rows: number;
  bytes: number;
  api: Stats;
  sqlFloor: Stats;
  httpFloor: Stats;
}

async function measurePage(http: HttpClient, client: Client, leadProviderId: string, list: ListName, perPage: number, page: number, since: string | null, which: string): Promise<PageMeasurement> {
  const path = pagePath(list, perPage, page, since);
  const first = await getList(http, path);
  const ids = first.rows.map((r) => r.id);
  const opts: MeasureOptions = { seconds, minSamples: 5, maxSamples: 5000, warmup: 1 };
  const api = await measure(async () => {
    const res = await http.get(path);
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
    return res.ms;
  }, opts);
  const statements = await recordPageStatements(databaseUrl, { list, leadProviderId, perPage, page, updatedSince: since ? new Date(since) : null });
  const sqlFloor = await measure(async () => {
    const t = performance.now();
    await replay(client, statements);
    return performance.now() - t;
  }, opts);
  const floorPath = `/__bench/floor?bytes=${first.bytes}`;
  const httpFloor = await measure(async () => (await http.get(floorPath)).ms, opts);
  const name = `${list} per_page=${perPage} ${which} page${since ? ' updated_since' : ''}`;
  return { name, list, perPage, page, filter: since ? `updated_since=${since}` : null, rows: ids.length, bytes: first.bytes, api, sqlFloor, httpFloor };
}

interface PostResult {
  clients: number;
  seconds: number;
  attempted: number;
  ok: number;
  rejected: Record<string, number>;
  perSecond: number;
  latency: Stats;
}

async function postBench(http: HttpClient, candidates: Candidate[]): Promise<PostResult> {
  const durations: number[] = [];
  const rejected: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < candidates.length && performance.now() - started < postSeconds * 1000) {
      const attributes = candidates[next++]!;
      const res = await http.send('POST', '/api/v3/participant-declarations', { data: { type: 'participant-declaration', attributes } });
      if (res.status === 200) {
        ok++;
        durations.push(res.ms);
      } else {
        const title = res.status === 422 ? (JSON.parse(res.body.toString()) as { errors: { title: string; detail: string }[] }).errors[0]?.detail ?? '' : '';
        const key = `${res.status} ${title}`.trim().slice(0, 120);
        rejected[key] = (rejected[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: postClients }, worker));
  const elapsed = performance.now() - started;
  return { clients: postClients, seconds: elapsed / 1000, attempted: next, ok, rejected, perSecond: (ok / elapsed) * 1000, latency: stats(durations, elapsed) };
}

interface FeedResult {
  events: number;
  pages: number;
  seconds: number;
  eventsPerSecond: number;
  /** Pages of 3000 read one after the other: the first, and the last full one (its cost must not grow with the cursor). */
  firstPageMs: number;
  lastFullPageMs: number;
  pageP95Ms: number;
  /** The feed's rows for the provider, counted in SQL: the read must see every one. */
  expected: number;
}

/** Extension (issue 19): a client reading its whole change feed, 3000 events a page, as a first sync would. */
async function feedBench(http: HttpClient, client: Client, leadProviderId: string): Promise<FeedResult> {
  const expected = Number((await client.execute({ sql: 'SELECT count(*) AS n FROM events WHERE lead_provider_id = ?', args: [leadProviderId] })).rows[0]!.n);
  const times: number[] = [];
  let events = 0;
  let after = '0';
  const started = performance.now();
  for (;;) {
    const res = await http.get(`/api/v3/events?after=${after}&page[per_page]=3000`);
    if (res.status !== 200) throw new Error(`GET /api/v3/events → ${res.status}: ${res.body.toString().slice(0, 300)}`);
    const body = JSON.parse(res.body.toString()) as { data: unknown[]; meta: { next_cursor: string; has_more: boolean } };
    events += body.data.length;
    if (body.data.length === 3000) times.push(res.ms);
    after = body.meta.next_cursor;
    if (!body.meta.has_more) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    events, pages: Math.ceil(events / 3000), seconds, eventsPerSecond: events / seconds, expected,
    firstPageMs: times[0] ?? 0, lastFullPageMs: times.at(-1) ?? 0, pageP95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
  };
}

interface RunResult {
  run: number;
  sync: Omit<SyncResult, 'perList'> & { perList: Record<ListName, { rows: number; pages: number; seconds: number; complete: boolean }> };
  pages: PageMeasurement[];
  post: PostResult;
  csv: CsvResult | null;
  feed: FeedResult | null;
  peakMemoryMb: number;
  schoolsImport: SchoolsImportResult | null;
}

async function benchRun(n: number, client: Client, leadProviderId: string, token: string): Promise<RunResult> {
  // Before the server starts, so the two do not share the machine.
  const schoolsImport = skip.has('schools') ? null : await schoolsImportBench(root, schoolsRows);
  if (schoolsImport) log(`Run ${n}: schools:import of ${schoolsImport.rows} GIAS rows (${(schoolsImport.bytes / 2 ** 20).toFixed(1)} MB): ${schoolsImport.seconds.toFixed(1)} s; again, unchanged: ${schoolsImport.rerunSeconds.toFixed(1)} s`);
  // Before the server starts too: found after the sync, the candidates' query (seconds on a busy
  // machine) left the keep-alive sockets idle past the server's timeout, and the first POSTs
  // then met closed sockets (ECONNRESET).
  const candidates = skip.has('post') ? [] : await postCandidates(client, leadProviderId, 20_000);
  log(`Run ${n}: starting the server...`);
  const server = await startServer();
  const http = new HttpClient(server.base, { Authorization: `Bearer ${token}`, Accept: 'application/json' });
  try {
    // First, on the fresh server, so its memory is measured against a quiet process.
    const csv = skip.has('csv') ? null : await csvBench(server.base, token, server.child.pid!, client, leadProviderId);
    if (csv) {
      log(`Run ${n}: v1 participants CSV: ${csv.rows} rows, ${(csv.bytes / 2 ** 20).toFixed(1)} MB in ${csv.seconds.toFixed(1)} s; above idle: JavaScript ${csv.jsAboveIdleMb.toFixed(1)} MB, `
        + `resident ${csv.firstRssAboveIdleMb.toFixed(1)} MB (first download of a fresh server) then ${csv.secondRssAboveIdleMb.toFixed(1)} MB (second)`);
    }
    log(`Run ${n}: full sync...`);
    const sync = await fullSync(http, client, leadProviderId);
    log(`  ${sync.rows} rows in ${sync.seconds.toFixed(1)} s`);
    const feed = skip.has('feed') ? null : await feedBench(http, client, leadProviderId);
    if (feed) log(`Run ${n}: change feed: ${feed.events} events (of ${feed.expected}) in ${feed.seconds.toFixed(1)} s, ${feed.eventsPerSecond.toFixed(0)}/s; 3000-event page first ${feed.firstPageMs.toFixed(1)} ms, last ${feed.lastFullPageMs.toFixed(1)} ms, p95 ${feed.pageP95Ms.toFixed(1)} ms`);
    const pages: PageMeasurement[] = [];
    for (const list of skip.has('pages') ? [] : Object.keys(lists) as ListName[]) {
      const all = sync.perList[list].rows;
      const filtered = sinceFor(sync.perList[list].updatedAt, 0.5);
      // A cut-short sync saw only the oldest rows: count the filtered ones in SQL.
      if (!sync.perList[list].complete) filtered.rows = await countRows(client, leadProviderId, list, Date.parse(filtered.since));
      for (const [since, total] of [[null, all], [filtered.since, filtered.rows]] as const) {
        for (const perPage of [100, 2000]) {
          const last = Math.max(1, Math.ceil(total / perPage));
          for (const [which, page] of [['first', 1], ['last', last]] as const) {
            const m = await measurePage(http, client, leadProviderId, list, perPage, page, since, which);
            log(`  ${m.name.padEnd(58)} p50 ${m.api.p50.toFixed(1)} ms, p95 ${m.api.p95.toFixed(1)} ms (sql floor ${m.sqlFloor.p50.toFixed(1)} ms)`);
            pages.push(m);
          }
        }
      }
    }
    log(`Run ${n}: POST declarations, ${postClients} clients...`);
    // Fresh sockets: the sync's last one sat idle while its rows were counted, and the server may
    // close it (keep-alive timeout) just as a POST reuses it: ECONNRESET on a loaded machine.
    const postHttp = new HttpClient(server.base, { Authorization: `Bearer ${token}`, Accept: 'application/json' });
    const post = await postBench(postHttp, candidates).finally(() => postHttp.close());
    log(`  ${post.ok} accepted of ${post.attempted} (${candidates.length} candidates): ${post.perSecond.toFixed(0)}/s, p95 ${post.latency.p95.toFixed(1)} ms`);
    const peak = peakMemoryMb(server.child.pid!);
    const perList = Object.fromEntries(Object.entries(sync.perList).map(([k, v]) => [k, { rows: v.rows, pages: v.pages, seconds: v.seconds, complete: v.complete }])) as RunResult['sync']['perList'];
    return { run: n, sync: { ...sync, perList }, pages, post, csv, feed, peakMemoryMb: peak, schoolsImport };
  } finally {
    http.close();
    await stopServer(server);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
type Spread = ReturnType<typeof spread>;

function summarise(results: RunResult[]) {
  const pages = results[0]!.pages.map((p, i) => {
    const of = (f: (m: PageMeasurement) => number) => spread(results.map((r) => f(r.pages[i]!)));
    const apiP50 = of((m) => m.api.p50);
    const sqlP50 = of((m) => m.sqlFloor.p50);
    const httpP50 = of((m) => m.httpFloor.p50);
    return {
      name: p.name, rows: p.rows, bytes: p.bytes,
      p50: apiP50, p95: of((m) => m.api.p95), p99: of((m) => m.api.p99), perSecond: of((m) => m.api.perSecond),
      sqlFloorP50: sqlP50, httpFloorP50: httpP50,
      ratioToSqlFloor: of((m) => m.api.p50 / m.sqlFloor.p50),
      ratioToFloors: of((m) => m.api.p50 / (m.sqlFloor.p50 + m.httpFloor.p50)),
    };
  });
  return {
    pages,
    sync: {
      seconds: spread(results.map((r) => r.sync.seconds)),
      rowsPerSecond: spread(results.map((r) => r.sync.rowsPerSecond)),
      rows: results.map((r) => r.sync.rows),
      complete: results.every((r) => r.sync.complete),
      participantsSeconds: spread(results.map((r) => r.sync.perList.participants.seconds)),
      declarationsSeconds: spread(results.map((r) => r.sync.perList.declarations.seconds)),
    },
    post: {
      perSecond: spread(results.map((r) => r.post.perSecond)),
      p95: spread(results.map((r) => r.post.latency.p95)),
      ok: results.map((r) => r.post.ok),
      rejected: results.map((r) => r.post.rejected),
    },
    csv: {
      seconds: spread(results.map((r) => r.csv!.seconds)),
      aboveIdleMb: spread(results.map((r) => r.csv!.aboveIdleMb)),
      firstRssAboveIdleMb: spread(results.map((r) => r.csv!.firstRssAboveIdleMb)),
      secondRssAboveIdleMb: spread(results.map((r) => r.csv!.secondRssAboveIdleMb)),
      jsAboveIdleMb: spread(results.map((r) => r.csv!.jsAboveIdleMb)),
      jsSamples: results.map((r) => r.csv!.jsSamples),
      rows: results.map((r) => r.csv!.rows),
      bytes: results.map((r) => r.csv!.bytes),
    },
    feed: {
      seconds: spread(results.map((r) => r.feed!.seconds)),
      eventsPerSecond: spread(results.map((r) => r.feed!.eventsPerSecond)),
      pageP95Ms: spread(results.map((r) => r.feed!.pageP95Ms)),
      lastToFirst: spread(results.map((r) => (r.feed!.firstPageMs ? r.feed!.lastFullPageMs / r.feed!.firstPageMs : 1))),
      events: results.map((r) => r.feed!.events),
      complete: results.every((r) => r.feed!.events === r.feed!.expected),
    },
    peakMemoryMb: spread(results.map((r) => r.peakMemoryMb)),
    schoolsImport: {
      rows: results.map((r) => r.schoolsImport!.rows),
      seconds: spread(results.map((r) => r.schoolsImport!.seconds)),
      rerunSeconds: spread(results.map((r) => r.schoolsImport!.rerunSeconds)),
    },
  };
}

const f1 = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const sp = (s: Spread) => `${f1(s.median)} (${f1(s.min)}–${f1(s.max)})`;

function table(summary: ReturnType<typeof summarise>, runCount: number): string {
  const lines: string[] = [];
  lines.push(`Medians of ${runCount} run(s), (min–max) over runs. Times in ms.`);
  lines.push('');
  lines.push('| measurement | rows | p50 | p95 | p99 | req/s | raw SQL floor p50 | HTTP floor p50 | API ÷ SQL floor | API ÷ (SQL+HTTP) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of summary.pages) {
    lines.push(`| ${p.name} | ${p.rows} | ${sp(p.p50)} | ${sp(p.p95)} | ${sp(p.p99)} | ${sp(p.perSecond)} | ${sp(p.sqlFloorP50)} | ${sp(p.httpFloorP50)} | ${sp(p.ratioToSqlFloor)} | ${sp(p.ratioToFloors)} |`);
  }
  lines.push('');
  const s = summary.sync;
  lines.push(`Full sync (participants + declarations, per_page=3000, sequential)${s.complete ? '' : ' [cut short: extrapolated]'}: ${sp(s.seconds)} s, ${sp(s.rowsPerSecond)} rows/s `
    + `(participants ${sp(s.participantsSeconds)} s, declarations ${sp(s.declarationsSeconds)} s; rows ${s.rows.join(', ')})`);
  lines.push(`POST declarations, ${postClients} clients: ${sp(summary.post.perSecond)} accepted/s, p95 ${sp(summary.post.p95)} ms (accepted ${summary.post.ok.join(', ')})`);
  lines.push(`GET /api/v1/participants/ecf.csv (whole file, streamed): ${sp(summary.csv.seconds)} s (rows ${summary.csv.rows.join(', ')}); server memory above idle: `
    + `JavaScript heap and buffers ${sp(summary.csv.jsAboveIdleMb)} MB, resident on a second download ${sp(summary.csv.secondRssAboveIdleMb)} MB, `
    + `resident on the first download of a fresh server ${sp(summary.csv.firstRssAboveIdleMb)} MB`);
  const feed = summary.feed;
  lines.push(`Change feed, whole feed from the start (per_page=3000, sequential)${feed.complete ? '' : ' [INCOMPLETE]'}: ${sp(feed.seconds)} s, ${sp(feed.eventsPerSecond)} events/s, `
    + `3000-event page p95 ${sp(feed.pageP95Ms)} ms, last ÷ first page ${sp(feed.lastToFirst)} (events ${feed.events.join(', ')})`);
  lines.push(`Server peak memory (VmHWM): ${sp(summary.peakMemoryMb)} MB`);
  lines.push(`schools:import of ${schoolsRows} GIAS rows into an empty database: ${sp(summary.schoolsImport.seconds)} s; the same file again (nothing to write): ${sp(summary.schoolsImport.rerunSeconds)} s`);
  return lines.join('\n');
}

function targets(summary: ReturnType<typeof summarise>): string {
  const page = (name: string) => summary.pages.find((p) => p.name === name)!;
  const checks: [string, number, number][] = [
    ['participants 2000-row first page p95 ≤ 120 ms', page('participants per_page=2000 first page').p95.median, 120],
    ['participants 2000-row last page p95 ≤ 120 ms', page('participants per_page=2000 last page').p95.median, 120],
    ['participants 100-row first page p95 ≤ 15 ms', page('participants per_page=100 first page').p95.median, 15],
    ['participants 100-row last page p95 ≤ 15 ms', page('participants per_page=100 last page').p95.median, 15],
  ];
  for (const list of Object.keys(lists)) {
    for (const perPage of [100, 2000]) {
      for (const f of ['', ' updated_since']) {
        const first = summary.pages.find((p) => p.name === `${list} per_page=${perPage} first page${f}`)!;
        const last = summary.pages.find((p) => p.name === `${list} per_page=${perPage} last page${f}`)!;
        checks.push([`${list} ${perPage}${f}: last ÷ first page p50 ≤ 1.3`, last.p50.median / first.p50.median, 1.3]);
      }
    }
  }
  for (const p of summary.pages) checks.push([`${p.name}: API ÷ raw SQL floor ≤ 1.5`, p.ratioToSqlFloor.median, 1.5]);
  checks.push(['full sync ≤ 20 s', summary.sync.seconds.median, 20]);
  checks.push(['POST declarations ≥ 500/s', -summary.post.perSecond.median, -500]);
  checks.push(['peak memory ≤ 512 MB', summary.peakMemoryMb.median, 512]);
  // Issue 19: the change feed reads at least as fast as a full sync, at a cost per page that does not grow.
  checks.push(['change feed: every event read', summary.feed.complete ? 0 : 1, 0]);
  checks.push(['change feed ≥ 20,000 events/s', -summary.feed.eventsPerSecond.median, -20_000]);
  checks.push(['change feed 3000-event page p95 ≤ 150 ms', summary.feed.pageP95Ms.median, 150]);
  checks.push(['change feed last ÷ first page ≤ 1.3', summary.feed.lastToFirst.median, 1.3]);
  checks.push(['v1 participants CSV ≤ 20 s', summary.csv.seconds.median, 20]);
  checks.push(['v1 participants CSV ≤ 64 MB above idle (resident on the first and the second download of a fresh server, and JavaScript)', summary.csv.aboveIdleMb.median, 64]);
  checks.push([`schools:import of ${schoolsRows} GIAS rows ≤ 60 s (issue 18)`, summary.schoolsImport.seconds.median, 60]);
  return checks.map(([what, value, limit]) => `${value <= limit ? 'met   ' : 'MISSED'} ${what} (${f1(Math.abs(value))})`).join('\n');
}

async function main() {
  await ensureDatabase();
  // The floor reads through the same driver with the same settings as the server (api/server.ts),
  // reusing prepared statements as the server's connections do (db/statement-cache.ts): a floor
  // that prepared every statement again would be slower than the server and flatter its ratio.
  cacheStatements();
  const client = createClient({ url: databaseUrl });
  for (const pragma of embeddedServerPragmas) await client.execute(`PRAGMA ${pragma}`);
  const { rows: [largest] } = await client.execute(`
    SELECT lp.id, lp.name, count(*) AS declarations FROM participant_declarations d JOIN lead_providers lp ON lp.id = d.lead_provider_id
    GROUP BY lp.id ORDER BY declarations DESC LIMIT 1`);
  if (!largest) throw new Error('No declarations in the database');
  const leadProviderId = String(largest.id);
  const { db, client: tokenClient } = connectLibsql(databaseUrl);
  const token = await createApiToken(db, leadProviderId, new Date(), 'npm run bench');
  tokenClient.close();
  log(`Largest provider: ${largest.name} (${largest.declarations} own declarations).`);

  const results: RunResult[] = [];
  for (let n = 1; n <= runs; n++) results.push(await benchRun(n, client, leadProviderId, token));
  client.close();

  if (skip.size) {
    process.stdout.write(`${JSON.stringify(results.map((r) => ({ sync: r.sync, post: r.post, csv: r.csv, feed: r.feed, peakMemoryMb: r.peakMemoryMb, schoolsImport: r.schoolsImport })), null, 2)}\n`);
    return;
  }
  const summary = summarise(results);
  const output = table(summary, runs);
  const checks = targets(summary);
  process.stdout.write(`\n${output}\n\nTargets (issue 9), on medians:\n${checks}\n`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = args.out ?? join(root, 'test/bench/results', `bench-${args.label ? `${args.label}-` : ''}${stamp}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({
    date: new Date().toISOString(),
    label: args.label,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: totalmem() / 2 ** 30, node: process.version, platform: process.platform },
    config: { database: databaseUrl, runs, seconds, postSeconds, postClients, schoolsRows, leadProvider: largest.name },
    summary, table: output, targets: checks, runs: results,
  }, null, 2));
  log(`\nWrote ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
