import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// api/worker.ts types its bindings with the `Env` that `wrangler types` generates from
// wrangler.toml (and the workerd runtime's own types, offline). A binding added to or removed
// from wrangler.toml without regenerating would leave the Worker typed against the wrong bindings.
const root = path.resolve(import.meta.dirname, '..');

describe('the Worker binding types', () => {
  it('match wrangler.toml (else run `npm run worker:types` and commit the file)', async () => {
    const run = promisify(execFile)(path.join(root, 'node_modules/.bin/wrangler'), ['types', '--check', 'api/workers/worker-configuration.d.ts'], {
      cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    const outcome = await run.then(() => 'up to date', (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
    expect(outcome).toBe('up to date');
  }, 60_000);
});
