import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { eventTriggers } from '../../db/derived/events';
import { providerEnrolmentTriggers } from '../../db/derived/provider-enrolments';
import { providerEnrolmentDrift } from '../support/provider-enrolments';

// The benchmark (`npm run bench`, test/bench/run.ts) at a tiny scale, end to end: it seeds a
// fresh database, starts the server, measures every page, the full sync, the POSTs and the
// floors, and writes its JSON. A smoke check that the script works; no timing is asserted here
// (performance is measured by the benchmark itself, on a national database).

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench, at a small scale', () => {
  it('runs end to end and reports every measurement', async () => {
    const out = join(dir, 'result.json');
    const args = ['--import', 'tsx', 'test/bench/run.ts', '--scale', '2', '--database', `file:${join(dir, 'bench.db')}`,
      '--runs', '1', '--seconds', '0.1', '--post-seconds', '1', '--schools-rows', '300', '--out', out];
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: root, env: process.env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (c) => resolve({ code: c, stdout, stderr }));
    });
    expect(code, stderr.slice(-2000)).toBe(0);

    const result = JSON.parse(readFileSync(out, 'utf8'));
    const pages = result.summary.pages as { name: string; rows: number; p95: { median: number }; sqlFloorP50: { median: number } }[];
    // participants and declarations × per_page 100 and 2000 × first and last page × with and without updated_since
    expect(pages).toHaveLength(16);
    for (const p of pages) {
      expect(p.rows, p.name).toBeGreaterThan(0);
      expect(p.p95.median, p.name).toBeGreaterThan(0);
      expect(p.sqlFloorP50.median, p.name).toBeGreaterThan(0);
    }
    expect(result.summary.sync.complete).toBe(true);
    expect(result.summary.sync.rows[0]).toBeGreaterThan(100);
    expect(result.summary.post.ok[0]).toBeGreaterThan(0);
    expect(result.summary.peakMemoryMb.median).toBeGreaterThan(0);
    // the v1 CSV: every training record of the provider (the bench checks the count), timed
    expect(result.summary.csv.rows[0]).toBeGreaterThan(50);
    expect(result.runs[0].csv.rows).toBe(result.runs[0].csv.expectedRows);
    expect(result.summary.csv.seconds.median).toBeGreaterThan(0);
    // both memory views are measured: the JavaScript side (sampled from the server) and resident
    expect(result.runs[0].csv.jsAboveIdleMb).toBeGreaterThanOrEqual(0);
    expect(result.runs[0].csv.firstRssAboveIdleMb).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(result.runs[0].csv.secondRssAboveIdleMb)).toBe(true);
    expect(stdout).toContain('v1 participants CSV ≤ 64 MB above idle');
    expect(stdout).toContain('Targets (issue 9)');
    expect(stdout).toContain('full sync ≤ 20 s');
    // schools:import of a generated GIAS extract (the bench checks its counts), timed twice
    expect(result.summary.schoolsImport.rows).toEqual([300]);
    expect(result.summary.schoolsImport.seconds.median).toBeGreaterThan(0);
    expect(result.summary.schoolsImport.rerunSeconds.median).toBeGreaterThan(0);
    expect(stdout).toContain('schools:import of 300 GIAS rows ≤ 60 s (issue 18)');
    // the change feed (issue 19): read whole, every event of the provider
    expect(result.summary.feed.complete).toBe(true);
    expect(result.summary.feed.events[0]).toBeGreaterThan(100);
    expect(stdout).toContain('change feed 3000-event page p95');

    // The seed command pauses the triggers of derived tables while it loads, then rebuilds them:
    // the table must match a rebuild, with every trigger back in place.
    const client = createClient({ url: `file:${join(dir, 'bench.db')}` });
    try {
      const triggers = await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'provider_enrolments_%'");
      expect(Number(triggers.rows[0]!.n)).toBe(providerEnrolmentTriggers.length);
      expect(Number((await client.execute('SELECT count(*) AS n FROM provider_enrolments')).rows[0]!.n)).toBeGreaterThan(100);
      expect(await providerEnrolmentDrift(client)).toBe(0);
      // ... and the change feed, rebuilt after it, with its triggers back
      const feedTriggers = await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'events_%'");
      expect(Number(feedTriggers.rows[0]!.n)).toBe(eventTriggers.length);
      expect(Number((await client.execute('SELECT count(*) AS n FROM events')).rows[0]!.n)).toBeGreaterThan(100);
    } finally {
      client.close();
    }
  }, 300_000);
});
