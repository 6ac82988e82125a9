import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { createCliDatabase } from '../support/cli-database';
import { authenticateToken } from '../../api/services/auth/api-tokens';
import { apiTokens } from '../../db/schema';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let url: string;
let db: Db;
let close: () => void;
let lp: LeadProviderFixture;

beforeAll(async () => {
  ({ url, db, close } = await createCliDatabase());
  lp = await createLeadProvider(db, { name: 'Command Line Provider' });
});
afterAll(() => close());

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
