import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { applyMigrations } from '../../db/migrate';
import { emails, leadProviderUsers } from '../../db/schema';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let dir: string;
let url: string;
let db: Db;
let close: () => void;
let lp: LeadProviderFixture;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lpapi-user-'));
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

const userCreate = (...args: string[]) =>
  run(join(root, 'node_modules/.bin/tsx'), ['api/cli/user-create.ts', ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: url, SERVICE_URL: 'https://lp.example', NOTIFY_API_KEY: '' },
  });

describe('user:create', () => {
  it('creates an account for a lead provider and queues the welcome email', async () => {
    const { stdout } = await userCreate('--lead-provider', 'Command Line Provider', '--email', ' Jo.Bloggs@Provider.Example ', '--name', 'Jo Bloggs');
    expect(stdout).toContain('Account created for jo.bloggs@provider.example at Command Line Provider');
    const [user] = await db.select().from(leadProviderUsers).where(eq(leadProviderUsers.email, 'jo.bloggs@provider.example'));
    expect(user).toMatchObject({ leadProviderId: lp.id, fullName: 'Jo Bloggs' });
    const [welcome] = await db.select().from(emails).where(eq(emails.to, 'jo.bloggs@provider.example'));
    expect(welcome!.template).toBe('welcome');
    expect(JSON.parse(welcome!.personalisation)).toEqual({ full_name: 'Jo Bloggs', lead_provider_name: 'Command Line Provider', sign_in_url: 'https://lp.example/users/sign_in' });
  });

  it('refuses a duplicate email, a bad email and an unknown provider', async () => {
    await expect(userCreate('--lead-provider', 'Command Line Provider', '--email', 'jo.bloggs@provider.example', '--name', 'Again'))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('already an account') });
    await expect(userCreate('--lead-provider', 'Command Line Provider', '--email', 'not-an-email', '--name', 'X'))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('not a valid email address') });
    await expect(userCreate('--lead-provider', 'Nobody', '--email', 'x@example.com', '--name', 'X'))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Command Line Provider') });
  });
}, 60_000);
