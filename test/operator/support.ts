import { expect } from 'vitest';
import { createOperatorToken } from '../../api/services/operators/operator-tokens';
import { databaseChecksum } from '../support/checksum';
import { readJson, type Harness } from '../support/harness';

// Helpers of the operator API tests: a token, requests in the API's body shape, audit rows.

export async function operatorToken(h: Harness, name = `Operator ${crypto.randomUUID().slice(0, 8)}`) {
  return createOperatorToken(h.db, name, h.clock.now);
}

export function operator(h: Harness, token: string) {
  return (method: string, path: string, attributes?: Record<string, unknown>, init: { headers?: Record<string, string>; body?: string } = {}) =>
    h.request(`/api/operator${path}`, {
      method, token,
      headers: { 'Content-Type': 'application/json', ...init.headers },
      body: init.body ?? (attributes === undefined ? undefined : JSON.stringify({ data: { attributes } })),
    });
}

export type AuditRow = { actor_token_id: string | null; actor_name: string; method: string; path: string; operation: string; target_ids: string; input_summary: string; request_id: string | null; occurred_at: number };

export async function auditRows(h: Harness): Promise<AuditRow[]> {
  return (await h.client.execute('SELECT * FROM operator_audit_events ORDER BY rowid')).rows as unknown as AuditRow[];
}

export async function auditCount(h: Harness): Promise<number> {
  return Number((await h.client.execute('SELECT count(*) AS n FROM operator_audit_events')).rows[0]!.n);
}

/** Sends a request that must fail with `status` and an error on `title`, and must write nothing. */
export async function refusedWithoutWrites(h: Harness, send: () => Promise<Response>, status: number, title?: string) {
  const before = await databaseChecksum(h.client);
  const res = await send();
  const body = await readJson(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(Array.isArray(body.errors)).toBe(true);
  for (const e of body.errors) expect(e).toEqual({ title: expect.any(String), detail: expect.any(String) });
  if (title) expect(body.errors.map((e: { title: string }) => e.title)).toContain(title);
  expect(await databaseChecksum(h.client)).toBe(before);
  return body;
}
