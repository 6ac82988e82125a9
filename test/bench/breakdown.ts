import { embeddedServerPragmas } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { createApiToken, authenticateToken } from '../../api/services/auth/api-tokens';
import { createApp } from '../../api/app';
import { parseConfig, nodeConfigSchema } from '../../api/env';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';
import { enablePageSeeking } from '../../api/services/paging/page-seek';

// Where a list request's time goes, in-process (no HTTP): the token look-up alone, the whole
// request through the app, and a bare request for comparison, each averaged over N runs on the
// national database, with the Node server's settings (pragmas, page seeking).
//   npx tsx test/bench/breakdown.ts [database URL] [path] [N]

const url = process.argv[2] ?? 'file:.data/bench-national.db';
const path = process.argv[3] ?? '/api/v3/participants/ecf?page[per_page]=100';
const N = Number(process.argv[4] ?? 300);
const { db, client } = connectLibsql(url);
await client.execute('PRAGMA journal_mode = WAL');
for (const p of embeddedServerPragmas) await client.execute(`PRAGMA ${p}`);
enablePageSeeking(db);
const lp = String((await client.execute('SELECT lead_provider_id AS id, count(*) n FROM participant_declarations GROUP BY 1 ORDER BY n DESC LIMIT 1')).rows[0]!.id);
const token = await createApiToken(db, lp, new Date(), 'breakdown');
const config = parseConfig(nodeConfigSchema, { ...process.env, DATABASE_URL: url, APP_ENV: 'sandbox', RATE_LIMIT_REQUESTS: '1000000000', SCHEDULED_JOBS: 'off' });
const app = createApp({ db, config, clock: () => new Date(), rateLimiter: createMemoryRateLimiter() });

async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await f();
  const started = performance.now();
  for (let i = 0; i < N; i++) await f();
  console.log(`${name.padEnd(24)} ${((performance.now() - started) / N).toFixed(3)} ms`);
}
const get = async (p: string, headers: Record<string, string> = {}) => (await app.request(p, { headers })).text();

await time('token look-up', () => authenticateToken(db, token, new Date()));
await time(path, () => get(path, { Authorization: `Bearer ${token}` }));
await time('/healthz', () => get('/healthz'));
await time('select 1', () => client.execute('select 1'));
client.close();
