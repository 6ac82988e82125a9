import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectLibsql } from '../../db/libsql';

// The Node server is killed (SIGKILL) in the middle of a stream of writes and restarted on the
// same database file: every write it acknowledged must still be there, and the file intact.

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lpapi-crash-'));
const databaseUrl = `file:${join(dir, 'crash.db')}`;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startServer(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  // node itself (not the tsx wrapper), so SIGKILL hits the process that holds the database
  const child = spawn(join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'api/server.ts'], {
    cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, APP_ENV: 'development', RATE_LIMIT_REQUESTS: '100000' },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = setInterval(() => {
      if (out.includes('listening on')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    }, 50);
  });
}

describe('crash durability', () => {
  it('keeps every acknowledged write after a SIGKILL, and the database passes integrity_check', async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const base = `http://127.0.0.1:${port}`;
    const first = await startServer(port);
    const token = /Ambition Institute\s+(\S+)/.exec(first.output())![1]!;
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const partnerships = await (await fetch(`${base}/api/v3/partnerships/ecf?filter[cohort]=2025&page[per_page]=100`, { headers: auth })).json() as { data: { attributes: { school_id: string; status: string } }[] };
    const schoolId = partnerships.data.find((p) => p.attributes.status === 'active')!.attributes.school_id;

    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const writer = async (lane: number) => {
      for (let i = 0; !killed; i++) {
        sent++;
        try {
          const res = await fetch(`${base}/api/sandbox/participants`, {
            method: 'POST', headers: auth,
            body: JSON.stringify({ data: { attributes: { school_id: schoolId, cohort: '2025', participant_type: 'ect', full_name: `Crash ${lane}-${i}`, email: `crash-${lane}-${i}@example.com` } } }),
          });
          if (res.status === 200) acknowledged.push(((await res.json()) as { data: { id: string } }).data.id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(lanes);
    await new Promise((r) => setTimeout(r, 200));

    await startServer(port);
    let missing = 0;
    for (const id of acknowledged) {
      const res = await fetch(`${base}/api/v3/participants/ecf/${id}`, { headers: auth });
      if (res.status !== 200) missing++;
    }
    console.info(`crash: ${sent} writes sent, ${acknowledged.length} acknowledged before SIGKILL, ${missing} missing after restart`);
    expect(missing).toBe(0);
    for (const c of children) c.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const { client } = connectLibsql(databaseUrl);
    const check = await client.execute('PRAGMA integrity_check');
    expect(check.rows[0]![0]).toBe('ok');
    client.close();
  }, 120_000);
});
