import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiTokens } from '../../db/schema';
import { TOKEN_CACHE_TTL_MS } from '../../api/services/auth/token-cache';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';

// A known token's owner is remembered for a few seconds, so paging through a list does not look
// the token up on every page; a token revoked elsewhere stops working once that time is up.

let h: Harness;
let lp: LeadProviderFixture;
beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
});
afterAll(() => h.close());
afterEach(() => vi.restoreAllMocks());

/** Look-ups (SELECTs) of api_tokens the API sends to the database, while `f` runs. */
async function tokenLookups(f: () => Promise<unknown>): Promise<number> {
  const execute = h.client.execute.bind(h.client);
  let n = 0;
  const spy = vi.spyOn(h.client, 'execute').mockImplementation(((stmt: Parameters<typeof execute>[0]) => {
    const text = typeof stmt === 'string' ? stmt : (stmt as { sql: string }).sql;
    if (/^\s*select[^;]*from "api_tokens"/i.test(text)) n += 1;
    return execute(stmt);
  }) as typeof execute);
  await f();
  spy.mockRestore();
  return n;
}

describe('token look-ups', () => {
  it('reads a known token once for a run of requests', async () => {
    const n = await tokenLookups(async () => {
      for (let i = 0; i < 5; i++) expect((await h.request('/api/v3/statements', { token: lp.token })).status).toBe(200);
    });
    expect(n).toBeLessThanOrEqual(1);
  });

  it('never remembers an unknown token', async () => {
    const n = await tokenLookups(async () => {
      for (let i = 0; i < 3; i++) expect((await h.request('/api/v3/statements', { token: 'not-a-token-at-all-0123456789abcd' })).status).toBe(401);
    });
    expect(n).toBe(3);
  });

  it('stops accepting a token revoked by another host once the cache time is up', async () => {
    const other = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
    const start = performance.now();
    let now = start;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    expect((await h.request('/api/v3/statements', { token: other.token })).status).toBe(200);
    // another process revokes it: this host does not know yet
    await h.db.update(apiTokens).set({ revokedAt: h.clock.now }).where(eq(apiTokens.leadProviderId, other.id));
    now = start + TOKEN_CACHE_TTL_MS - 1;
    expect((await h.request('/api/v3/statements', { token: other.token })).status).toBe(200);
    now = start + TOKEN_CACHE_TTL_MS;
    expect((await h.request('/api/v3/statements', { token: other.token })).status).toBe(401);
  });
});
