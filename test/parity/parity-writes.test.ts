import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../api/cli/parity/catalogue';
import { DEFAULT_CATALOGUE } from '../../api/cli/parity/main';
import { runParity } from '../../api/cli/parity/runner';
import type { LeadProviderTokens } from '../../api/cli/parity/tokens';
import { createHarness, readJson, type Harness } from '../support/harness';
import { seedSmallSandbox, serve, tokensFor, type Deployment } from './deployments';

// Writes change data, so they are compared on two databases seeded alike (the same records
// under the same ids, as after a migration): each write must answer the same on both, and
// must really have happened on both.

let ha: Harness;
let hb: Harness;
let a: Deployment;
let b: Deployment;
let tokens: LeadProviderTokens[];
let withdrawnBefore: string[];
const catalogue = loadCatalogue(DEFAULT_CATALOGUE);

beforeAll(async () => {
  [ha, hb] = await Promise.all([createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 }), createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 })]);
  const [providers] = await Promise.all([seedSmallSandbox(ha), seedSmallSandbox(hb)]);
  tokens = await tokensFor(providers!.slice(0, 1), ha, hb);
  withdrawnBefore = await withdrawn(ha, tokens[0]!.a);
  a = await serve((req) => ha.app.fetch(req));
  b = await serve((req) => hb.app.fetch(req));
});
afterAll(async () => {
  await Promise.all([a, b].map((d) => d?.close()));
  ha.close();
  hb.close();
});

describe('writes (--writes)', () => {
  it('send every POST and PUT of the catalogue to both, with ids and bodies from A, and the answers match', async () => {
    const report = await runParity({ a: a.url, b: b.url, catalogue, tokens, writes: true, only: ['PUT ', 'POST '] });
    const writes = report.endpoints.filter((e) => e.method !== 'GET');
    expect(writes.length).toBeGreaterThan(25);
    expect(writes.filter((e) => e.match_rate !== 100).map((e) => [e.label, e.skipped, e.mismatches])).toEqual([]);
    expect(writes.every((e) => e.requests === 1)).toBe(true);
    const status = (label: string) => Object.keys(writes.find((e) => e.label.startsWith(label))!.statuses);
    // The cases the catalogue means: a successful action, then the same again refused.
    expect(status('PUT /api/v3/participants/ecf/{id}/defer')).toEqual(['200']);
    expect(status('PUT /api/v3/participants/ecf/{id}/withdraw')).toEqual(['200']);
    expect(status('PUT /api/v3/participant-declarations/{id}/void')).toEqual(['200']);
    expect(status('PUT /api/v2/participant-declarations/{id}/void')).toEqual(['422']);
    expect(status('POST /api/v3/partnerships/ecf')).toEqual(['200']);
    expect(status('POST /api/v3/partnerships (')).toEqual(['422']);
  });

  it('changed the same records in both databases', async () => {
    // Each version's participant went through defer, resume, change schedule and withdraw.
    const [onA, onB] = await Promise.all([withdrawn(ha, tokens[0]!.a), withdrawn(hb, tokens[0]!.b)]);
    const newlyWithdrawn = onA.filter((id) => !withdrawnBefore.includes(id));
    expect(newlyWithdrawn.length).toBeGreaterThan(0);
    expect(onB).toEqual(onA);
  });
});

async function withdrawn(h: Harness, token: string): Promise<string[]> {
  const list = await readJson(await h.request('/api/v3/participants/ecf?filter[training_status]=withdrawn&page[per_page]=3000', { token }));
  return (list.data as { id: string }[]).map((p) => p.id).sort();
}
