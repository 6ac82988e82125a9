import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { establishments, giasCsv, windows1252 } from '../support/gias-extract';

// `npm run schools:import` of a generated GIAS extract (every column of the real header,
// Windows-1252), timed as an operator sees it: the whole command, into a fresh migrated
// database, then again with the same file (nothing to write). Issue 18's target: 25,000 rows
// in under 60 s.

export interface SchoolsImportResult {
  rows: number;
  bytes: number;
  /** First import: every school added. */
  seconds: number;
  /** The same file again: every school unchanged. */
  rerunSeconds: number;
}

function command(root: string, argv: string[], env: Record<string, string>): Promise<{ stdout: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ stdout, seconds });
      else reject(new Error(`${argv.join(' ')} exited with ${code}: ${stderr.slice(-1000)}`));
    });
  });
}

export async function schoolsImportBench(root: string, rows: number): Promise<SchoolsImportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gias-'));
  try {
    const file = join(dir, 'edubasealldata-bench.csv');
    const bytes = windows1252(giasCsv(establishments(rows, { seed: 2025, firstUrn: 100001 })));
    writeFileSync(file, bytes);
    const env = { DATABASE_URL: `file:${join(dir, 'schools.db')}` };
    await command(root, ['--import', 'tsx', 'db/migrate-cli.ts'], env);
    const importArgs = ['--import', 'tsx', 'api/cli/schools-import.ts', '--file', file];
    const first = await command(root, importArgs, env);
    if (!first.stdout.includes(`${rows} rows: ${rows} added, 0 changed, 0 closed, 0 unchanged, 0 skipped`)) throw new Error(`schools:import: unexpected summary ${first.stdout}`);
    const again = await command(root, importArgs, env);
    if (!again.stdout.includes(`${rows} rows: 0 added, 0 changed, 0 closed, ${rows} unchanged, 0 skipped`)) throw new Error(`schools:import again: unexpected summary ${again.stdout}`);
    return { rows, bytes: bytes.length, seconds: first.seconds, rerunSeconds: again.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
