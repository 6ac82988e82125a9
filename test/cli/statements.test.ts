import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { createCliDatabase } from '../support/cli-database';
import { loadReferenceData } from '../../db/reference-data/load';
import { statements } from '../../db/schema';
import { createLeadProvider } from '../support/factories';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let url: string;
let db: Db;
let close: () => void;
let leadProviderId: string;

beforeAll(async () => {
  ({ url, db, close } = await createCliDatabase());
  await loadReferenceData(db, new Date());
  leadProviderId = (await createLeadProvider(db, { withStatements: true, cohorts: [2024] })).id;
  // pretend every statement is still open, as on a database that was not closed for a while
  await db.update(statements).set({ state: 'open', markedAsPaidAt: null });
});
afterAll(() => close());

const cli = (script: string, ...args: string[]) =>
  run(join(root, 'node_modules/.bin/tsx'), [script, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url } });

describe('statement commands', () => {
  it('statements:close makes every statement past its cut-off payable, and is safe to repeat', async () => {
    const { stdout } = await cli('api/cli/statements-close.ts');
    expect(stdout).toMatch(/^Closed \d+ statement/);
    const open = await db.select().from(statements).where(and(eq(statements.leadProviderId, leadProviderId), eq(statements.state, 'open')));
    const today = new Date().toISOString().slice(0, 10);
    expect(open.every((s) => s.deadlineDate >= today)).toBe(true);
    expect((await cli('api/cli/statements-close.ts')).stdout).toContain('No statement was due to close.');
  });

  it('statement:mark-paid pays a payable statement and refuses anything else', async () => {
    const [payable] = await db.select().from(statements).where(eq(statements.state, 'payable')).limit(1);
    await cli('api/cli/statement-mark-paid.ts', '--id', payable!.id);
    const [after] = await db.select().from(statements).where(eq(statements.id, payable!.id));
    expect(after).toMatchObject({ state: 'paid' });
    await expect(cli('api/cli/statement-mark-paid.ts', '--id', payable!.id)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Only a payable statement') });
  });
}, 60_000);
