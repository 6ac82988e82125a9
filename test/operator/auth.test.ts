import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorTokens } from '../../db/schema';
import { databaseChecksum } from '../support/checksum';
import { documentedOperations } from '../support/documents';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { auditCount, operator, operatorToken } from './support';

// Who may open the operator door: operator tokens only. A provider token is, to it, an unknown
// token (the same 401 as a wrong one), and the provider API answers an operator token likewise.

let h: Harness;
let lp: LeadProviderFixture;
let op: { id: string; token: string };

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
  op = await operatorToken(h);
});
afterAll(() => h.close());

const denied = async (res: Response, what: string) => {
  expect(res.status, what).toBe(401);
  expect(res.headers.get('www-authenticate'), what).toBe('Token realm="Application"');
  expect(await readJson(res), what).toEqual({ error: 'HTTP Token: Access denied' });
};

describe('the operator door', () => {
  it('is documented in its own OpenAPI document (JSON and YAML), in production too', async () => {
    const prod = await createHarness({ APP_ENV: 'production' });
    try {
      const doc = await readJson(await prod.request('/api-docs/operator/openapi.json'));
      expect(doc.info.title).toBe('Lead Provider API operator');
      expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(20);
      expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/operator/'))).toBe(true);
      const yaml = await prod.request('/api-docs/operator/openapi.yaml');
      expect(yaml.headers.get('content-type')).toContain('yaml');
      expect(await yaml.text()).toContain('/api/operator/participants/bulk:');
      // ...and it works there: production has no sandbox control API, but has this.
      const t = await operatorToken(prod);
      expect((await operator(prod, t.token)('POST', '/delivery-partners', { name: 'Production DP' })).status).toBe(200);
      expect((await prod.request('/api-docs/sandbox/openapi.json')).status).toBe(404);
    } finally {
      prod.close();
    }
  });

  it('refuses every operator route without a token, with a wrong one, and with a provider’s: nothing written, no audit row', async () => {
    const ops = await documentedOperations(h, ['operator']);
    expect(ops.length).toBeGreaterThanOrEqual(22);
    await h.request('/api/v3/statements', { token: lp.token }); // the provider token's first use is bookkeeping
    const before = await databaseChecksum(h.client);
    for (const { method, path } of ops) {
      const url = path.replace('{id}', lp.id);
      for (const auth of [undefined, 'Bearer nope', `Bearer ${lp.token}`, `Token token="${lp.token}"`]) {
        const res = await h.request(url, { method, headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) }, body: JSON.stringify({ data: { attributes: { name: 'Sneaky' } } }) });
        await denied(res, `${method} ${path} with ${auth ?? 'no token'}`);
      }
    }
    expect(await databaseChecksum(h.client)).toBe(before);
    expect(await auditCount(h)).toBe(0);
  });

  it('refuses an operator token on every lead provider API route (v1, v2, v3)', async () => {
    const ops = await documentedOperations(h);
    expect(ops.length).toBeGreaterThan(60);
    for (const { method, path } of ops) await denied(await h.request(path.replace('{id}', crypto.randomUUID()), { method, token: op.token }), `${method} ${path}`);
  });

  it('refuses a revoked operator token', async () => {
    const t = await operatorToken(h);
    expect((await operator(h, t.token)('POST', '/delivery-partners', { name: 'Before revoking' })).status).toBe(200);
    await h.db.update(operatorTokens).set({ revokedAt: h.clock.now }).where(eq(operatorTokens.id, t.id));
    await denied(await operator(h, t.token)('POST', '/delivery-partners', { name: 'After revoking' }), 'revoked');
  });

  it('rate limits each operator token on its own counter', async () => {
    const limited = await createHarness({ RATE_LIMIT_REQUESTS: 2 });
    try {
      const a = operator(limited, (await operatorToken(limited)).token);
      const b = operator(limited, (await operatorToken(limited)).token);
      expect((await a('POST', '/delivery-partners', { name: 'One' })).status).toBe(200);
      expect((await a('POST', '/delivery-partners', { name: 'Two' })).status).toBe(200);
      const third = await a('POST', '/delivery-partners', { name: 'Three' });
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await readJson(third)).errors[0].title).toBe('Too many requests');
      expect(Number((await limited.client.execute("SELECT count(*) AS n FROM delivery_partners WHERE name = 'Three'")).rows[0]!.n)).toBe(0);
      expect((await b('POST', '/delivery-partners', { name: 'Other token' })).status).toBe(200);
    } finally {
      limited.close();
    }
  });
});
