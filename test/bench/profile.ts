import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectLibsql } from '../../db/libsql';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { HttpClient } from './http';

// Where a list request's time goes: starts the server under `node --cpu-prof`, sends one path N
// times, and prints the functions with the most self time (a V8 CPU profile, written to
// test/bench/results/profiles/).
//   npx tsx test/bench/profile.ts --database file:.data/bench-national.db --path '/api/v3/participants/ecf?page[per_page]=2000' [--requests 20]

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({ options: { database: { type: 'string', default: 'file:.data/bench-national.db' }, path: { type: 'string' }, requests: { type: 'string', default: '20' }, port: { type: 'string', default: '8797' } } });
const dir = join(root, 'test/bench/results/profiles');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const { db, client } = connectLibsql(args.database!);
const lp = String((await client.execute('SELECT lead_provider_id AS id, count(*) n FROM participant_declarations GROUP BY 1 ORDER BY n DESC LIMIT 1')).rows[0]!.id);
const token = await createApiToken(db, lp, new Date(), 'profile');
client.close();
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'api/server.ts'], {
  cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, DATABASE_URL: args.database, PORT: args.port, HOST: '127.0.0.1', APP_ENV: 'sandbox', SKIP_DOCS_BUILD: '1', SCHEDULED_JOBS: 'off', RATE_LIMIT_REQUESTS: '1000000000' },
});
const http = new HttpClient(new URL(`http://127.0.0.1:${args.port}`), { Authorization: `Bearer ${token}` });
for (;;) {
  try { if ((await http.get('/healthz')).status === 200) break; } catch { /* starting */ }
  await new Promise((r) => setTimeout(r, 200));
}
const times: number[] = [];
for (let i = 0; i < Number(args.requests); i++) times.push((await http.get(args.path!)).ms);
http.close();
console.log(`${args.path}: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGINT'); });
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }[]; samples: number[] };
const total = profile.samples.length;
const byFrame = new Map<string, number>();
for (const n of profile.nodes) {
  const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${root}`, '')}:${n.callFrame.lineNumber}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + n.hitCount);
}
console.log(`self time, ${total} samples (whole server life, start-up included):`);
for (const [k, v] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
