import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../api/cli/parity/catalogue';
import { DEFAULT_CATALOGUE } from '../../api/cli/parity/main';
import { runParity } from '../../api/cli/parity/runner';
import type { LeadProviderTokens } from '../../api/cli/parity/tokens';
import { seedSandbox } from '../../db/seed/sandbox';
import { createHarness, type Harness } from '../support/harness';
import { seedSmallSandbox, serve, tokensFor, withAlteredField, type Deployment } from './deployments';

// --shape: a provider's current service and our sandbox hold different records. Compared by
// value they differ everywhere; compared by shape (fields and types) they agree, and a field
// whose type changed is still caught.

let ha: Harness;
let hb: Harness;
let a: Deployment;
let b: Deployment;
let retyped: Deployment;
let tokens: LeadProviderTokens[];
const catalogue = loadCatalogue(DEFAULT_CATALOGUE);

beforeAll(async () => {
  [ha, hb] = await Promise.all([createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 }), createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 })]);
  // Another data set: more participants, made a month later.
  hb.clock.now = new Date('2025-12-15T10:00:00Z');
  const [providers] = await Promise.all([seedSmallSandbox(ha), seedSandbox(hb.db, { now: hb.clock.now, scale: 3 })]);
  tokens = await tokensFor(providers!.slice(0, 1), ha, hb);
  a = await serve((req) => ha.app.fetch(req));
  b = await serve((req) => hb.app.fetch(req));
  retyped = await serve(withAlteredField((req) => hb.app.fetch(req), '/api/v3/participant-declarations', 'declaration_type', () => 1));
});
afterAll(async () => {
  await Promise.all([a, b, retyped].map((d) => d?.close()));
  ha.close();
  hb.close();
});

describe('comparing by shape', () => {
  it('finds the two data sets different by value', async () => {
    const report = await runParity({ a: a.url, b: b.url, catalogue, tokens, only: ['GET /api/v3/participants/ecf', 'GET /api/v3/statements'] });
    expect(report.summary.match_rate).toBeLessThan(50);
  });

  it('finds every read of the catalogue alike in shape, with ids from each side', async () => {
    const report = await runParity({ a: a.url, b: b.url, catalogue, tokens, compare: 'shape' });
    expect(report.compare).toBe('shape');
    const reads = report.endpoints.filter((e) => e.method === 'GET');
    expect(reads.filter((e) => e.match_rate !== 100).map((e) => [e.label, e.skipped, e.mismatches])).toEqual([]);
    // One page per list: the shape does not change from page to page.
    for (const e of reads) expect(e.requests, e.label).toBe(1);
  });

  it('catches a field whose type changed', async () => {
    const report = await runParity({ a: a.url, b: retyped.url, catalogue, tokens, compare: 'shape', only: ['GET /api/v3/participant-declarations/{id}'] });
    expect(report.endpoints[0]!.mismatches[0]!.differences).toEqual([{ path: 'data.attributes.declaration_type', kind: 'changed', a: 'string', b: 'number' }]);
  });
});
