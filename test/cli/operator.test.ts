import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { type Db } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { loadReferenceData } from '../../db/reference-data/load';
import { authenticateOperatorToken } from '../../api/services/operators/operator-tokens';
import { authenticateToken } from '../../api/services/auth/api-tokens';
import { createCliDatabase } from '../support/cli-database';

// `npm run operator -- <verb>`: the operator API's verbs at a terminal, audited as cli:<os user>.

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let url: string;
let db: Db;
let client: Client;
let close: () => void;

beforeAll(async () => {
  ({ url, db, close } = await createCliDatabase());
  await loadReferenceData(db, new Date());
  client = connectLibsql(url).client;
});
afterAll(() => {
  client.close();
  close();
});

const cli = (...args: string[]) =>
  run(join(root, 'node_modules/.bin/tsx'), ['api/cli/operator.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url, APP_ENV: 'production' } });
const audit = async () => (await client.execute('SELECT actor_token_id, actor_name, method, path, operation FROM operator_audit_events ORDER BY rowid')).rows.map((r) => ({ ...r }));

describe('the operator command', () => {
  it('creates an operator token, a lead provider, a delivery partner and pair, a provider token and a web user, each audited as cli:<user>', async () => {
    const opToken = (await cli('token:create', '--name', 'DfE ops')).stdout.trim();
    expect(await authenticateOperatorToken(db, opToken, new Date())).toMatchObject({ actor: { name: 'DfE ops' } });
    const lp = await cli('lead-provider:create', '--name', 'CLI Provider', '--cohorts', '2025');
    expect(lp.stderr).toContain('cohorts: 2025');
    await cli('delivery-partner:create', '--name', 'CLI Hub');
    expect((await cli('relationship:set', '--lead-provider', 'CLI Provider', '--delivery-partner', 'CLI Hub', '--cohorts', '2025')).stderr).toContain('2025');
    const providerToken = (await cli('api-token:create', '--lead-provider', 'CLI Provider')).stdout.trim();
    expect((await authenticateToken(db, providerToken, new Date()))?.leadProvider.name).toBe('CLI Provider');
    expect((await cli('user:create', '--lead-provider', 'CLI Provider', '--email', 'cli@example.com', '--name', 'Cli User')).stderr).toContain('outbox');
    const rows = await audit();
    expect(rows.map((r) => r.operation)).toEqual(['create_operator_token', 'create_lead_provider', 'create_delivery_partner', 'set_provider_relationships', 'create_api_token', 'create_web_user']);
    expect(rows.every((r) => r.actor_name === `cli:${userInfo().username}` && r.actor_token_id === null && r.method === 'CLI')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(providerToken);
  }, 180_000);

  it('closes and pays a statement, refusing to pay one that is not payable', async () => {
    const id = String((await client.execute("SELECT s.id FROM statements s JOIN lead_providers lp ON lp.id = s.lead_provider_id WHERE lp.name = 'CLI Provider' AND s.state = 'open' ORDER BY s.deadline_date LIMIT 1")).rows[0]!.id);
    await expect(cli('statement:pay', '--id', id)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Only a payable statement') });
    await cli('statement:close', '--id', id);
    await cli('statement:pay', '--id', id);
    expect((await client.execute({ sql: 'SELECT state FROM statements WHERE id = ?', args: [id] })).rows[0]!.state).toBe('paid');
    expect((await audit()).slice(-2).map((r) => r.operation)).toEqual(['close_statement', 'mark_statement_paid']);
  }, 180_000);

  it('reports bad input without a stack trace, and revokes operator tokens', async () => {
    await expect(cli('lead-provider:create', '--name', 'CLI Provider')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('already a lead provider') });
    await expect(cli('lead-provider:create')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--name is required') });
    await expect(cli('no-such-verb')).rejects.toMatchObject({ code: 2 });
    const created = await cli('token:create', '--name', 'short-lived');
    const id = /Operator token (\S+) created/.exec(created.stderr)![1]!;
    await cli('token:revoke', '--id', id);
    expect(await authenticateOperatorToken(db, created.stdout.trim(), new Date())).toBeNull();
  }, 180_000);
});
