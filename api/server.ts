import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from './http/node-listen';
import { Hono } from 'hono';
import { embeddedServerPragmas } from '../db/client';
import { connectExportReader, connectLibsql, type LibsqlConnection } from '../db/libsql';
import { applyMigrations } from '../db/migrate';
import { loadReferenceData } from '../db/reference-data/load';
import { isDatabaseEmpty, seedDatabase } from '../db/seed';
import { createApp } from './app';
import { enablePageSeeking } from './services/paging/page-seek';
import { staticSite } from './static-site';
import { listeningUrl, nodeConfigSchema, parseConfig } from './env';
import { createMemoryRateLimiter } from './middleware/rate-limit';
import { createApiToken } from './services/auth/api-tokens';
import { describeRun, runScheduledJobs } from './jobs/scheduled';
import { runWebhookJob, startWebhookLoop } from './jobs/webhooks';
import { lookup } from 'node:dns/promises';

// Node host: `npm start`. An embedded libSQL file by default, or a libSQL server (Turso, sqld)
// with DATABASE_URL + DATABASE_AUTH_TOKEN.

/** Built static files: the guidance site (/api-reference/) and GOV.UK Frontend assets. */
const staticRoot = fileURLToPath(new URL('../docs/dist', import.meta.url));

async function main() {
  const config = parseConfig(nodeConfigSchema, process.env);
  if (config.DATABASE_URL.startsWith('file:')) {
    mkdirSync(dirname(config.DATABASE_URL.slice('file:'.length)), { recursive: true });
  }
  const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  let exportConnection: LibsqlConnection | undefined;
  if (config.DATABASE_URL.startsWith('file:')) {
    // WAL lets readers carry on while a write commits; a busy timeout queues writers instead of failing.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    for (const pragma of embeddedServerPragmas) await client.execute(`PRAGMA ${pragma}`);
    enablePageSeeking(db); // deep list pages seek instead of walking offsets (round trips cost µs here)
  }
  await applyMigrations(db);
  // Opened after the migrations: it is read-only. CSV downloads read through it (AppDeps.exportDb).
  if (config.DATABASE_URL.startsWith('file:')) exportConnection = await connectExportReader(config.DATABASE_URL);
  console.log(`Database ready: ${redact(config.DATABASE_URL)} (migrations applied)`);

  if (config.APP_ENV !== 'production' && (await isDatabaseEmpty(db))) {
    const started = Date.now();
    const now = new Date();
    console.log('Empty database: loading reference data and sandbox data...');
    const providers = await seedDatabase(db, { now, scale: 'default' });
    console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)}s. One API token per lead provider (shown once, keep them):`);
    for (const lp of providers) {
      console.log(`  ${lp.name.padEnd(32)} ${await createApiToken(db, lp.id, now, 'Created when the database was seeded')}`);
    }
  } else {
    await loadReferenceData(db, new Date());
  }

  const site = staticSite(staticRoot);
  const app = createApp({
    db,
    exportDb: exportConnection?.db,
    config,
    staticFiles: site.staticFiles,
    docsNotFoundPage: site.docsNotFoundPage,
    clock: () => new Date(),
    rateLimiter: createMemoryRateLimiter(),
  });

  // Statements close when their cut-off passes, schools' reminders and queued emails go out, and
  // expired sign-in data is deleted: every hour (the jobs are idempotent). Set
  // SCHEDULED_JOBS=off when another process (cron running the npm commands) does this instead.
  const runJobs = () => runScheduledJobs({ db, config, now: new Date() })
    .then((run) => { if (run.errors.length) console.error(JSON.stringify({ level: 'error', ...describeRun(run) })); })
    .catch((err) => console.error('Scheduled jobs failed:', err));
  if (config.SCHEDULED_JOBS === 'on') {
    void runJobs();
    // runJobs catches its own failures, so nothing is lost by not awaiting it.
    setInterval(() => void runJobs(), 60 * 60 * 1000).unref();
  }
  // Webhooks (an extension) cannot wait an hour: their own short loop, resolving each receiver's
  // name to refuse one that points at a private address (SSRF) outside development and test.
  if (config.SCHEDULED_JOBS === 'on' && config.WEBHOOK_DELIVERY_INTERVAL_SECONDS > 0) {
    const resolve = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);
    startWebhookLoop(config.WEBHOOK_DELIVERY_INTERVAL_SECONDS, () => runWebhookJob({ db, config, now: new Date(), resolve }));
  }

  const server = listen({
    fetch: process.env.BENCH_FLOOR === '1' ? withBenchFloor(app) : app.fetch, port: config.PORT, hostname: config.HOST,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    onListening: (info) => {
    // PORT=0 picks a free port: only now is the address for email links known. The app holds
    // this same config object, so its links follow.
    if (config.SERVICE_URL_FROM_LISTENER) config.SERVICE_URL = listeningUrl(config.HOST, info.port);
    const base = `http://localhost:${info.port}`;
    console.log(`Lead Provider API (${config.APP_ENV}) listening on ${base}`);
    console.log(`  API v3:        ${base}/api/v3/delivery-partners`);
    console.log(`  OpenAPI:       ${base}/api-docs/v3/openapi.json (YAML: ${base}/api-docs/v3/openapi.yaml)`);
    console.log(`  Health check:  ${base}/healthz`);
    console.log(`  Guidance:      ${base}/api-reference/`);
    console.log(`  Web service:   ${base}/lead-providers (sign-in links at ${base}/outbox outside production)`);
    console.log(`  Email links:   ${config.SERVICE_URL} (SERVICE_URL)`);
    if (config.APP_ENV !== 'production') console.log(`  Sandbox:       ${base}/sandbox`);
    },
  });

  const shutdown = () => {
    server.close(() => {
      exportConnection?.client.close();
      client.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/**
 * `npm run bench` only (BENCH_FLOOR=1, never set otherwise): GET /__bench/floor?bytes=N, a bare
 * Hono handler returning a fixed JSON body of N bytes — the HTTP floor the benchmark compares
 * each list page of the same size with — and GET /__bench/memory, the process's memory as
 * `process.memoryUsage()` reports it (JavaScript heap and buffers apart from SQLite's page
 * cache, which resident memory includes). Everything else goes to the app unchanged.
 */
function withBenchFloor(app: ReturnType<typeof createApp>) {
  const bodies = new Map<number, string>();
  const floor = new Hono();
  floor.get('/__bench/floor', (c) => {
    const bytes = Math.min(Math.max(Number(c.req.query('bytes')) || 0, 11), 64 * 1024 * 1024);
    let body = bodies.get(bytes);
    if (body === undefined) {
      body = `{"data":"${'x'.repeat(bytes - 11)}"}`;
      bodies.set(bytes, body);
    }
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });
  floor.get('/__bench/memory', (c) => c.json(process.memoryUsage()));
  floor.all('*', (c) => app.fetch(c.req.raw, c.env));
  return floor.fetch;
}

function redact(url: string) {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
