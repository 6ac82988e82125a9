import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLibsql, type Db } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { authenticateToken } from '../../api/services/auth/api-tokens';
import { apiTokens } from '../../db/schema';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let dir: string;
let url: string;
let db: Db;
let close: () => void;
let lp: LeadProviderFixture;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lpapi-cli-'));
  url = `file:${join(dir, 'cli.db')}`;
  const conn = connectLibsql(url);
  db = conn.db;
  close = () => conn.client.close();
  await applyMigrations(db);
  lp = await createLeadProvider(db, { name: 'Command Line Provider' });
});
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

const tokenCreate = (...args: string[]) =>
  run(join(root, 'node_modules/.bin/tsx'), ['api/cli/token-create.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url } });

describe('token:create', () => {
  it('prints only a new token, which authenticates as that lead provider and is stored only as a hash', async () => {
    const { stdout } = await tokenCreate('--lead-provider', 'Command Line Provider');
    const token = stdout.trim();
    expect(stdout).toMatch(/^[A-Za-z0-9_-]{32}\n$/);
    const auth = await authenticateToken(db, token, new Date());
    expect(auth?.leadProvider).toEqual({ id: lp.id, name: 'Command Line Provider' });
    const stored = await db.select({ hashed: apiTokens.hashedToken }).from(apiTokens);
    expect(stored.some((r) => r.hashed === token)).toBe(false);
  });

  it('fails clearly for an unknown lead provider', async () => {
    await expect(tokenCreate('--lead-provider', 'Nobody')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Command Line Provider') });
  });
}, 60_000);
