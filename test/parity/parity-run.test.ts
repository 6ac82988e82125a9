import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, parseCatalogue } from '../../api/cli/parity/catalogue';
import { DEFAULT_CATALOGUE, main } from '../../api/cli/parity/main';
import { runParity, type EndpointResult } from '../../api/cli/parity/runner';
import type { LeadProviderTokens } from '../../api/cli/parity/tokens';
import { createHarness, readJson, type Harness } from '../support/harness';
import { secondInstance, seedSmallSandbox, serve, tokensFor, withAlteredField, type Deployment } from './deployments';

// Two app instances over one database must agree on everything (100%); an instance whose
// statement serializer changed one field must be caught, naming the endpoint and the field.

let h: Harness;
let a: Deployment;
let b: Deployment;
let altered: Deployment;
let tokens: LeadProviderTokens[];
let dir: string;
const catalogue = loadCatalogue(DEFAULT_CATALOGUE);

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  const providers = await seedSmallSandbox(h);
  tokens = await tokensFor(providers.slice(0, 2), h);
  a = await serve((req) => h.app.fetch(req));
  b = await serve(secondInstance(h));
  altered = await serve(withAlteredField(secondInstance(h), '/api/v3/statements', 'payment_date', () => '2099-01-01'));
  dir = mkdtempSync(join(tmpdir(), 'parity-'));
});
afterAll(async () => {
  await Promise.all([a, b, altered].map((d) => d?.close()));
  h.close();
  rmSync(dir, { recursive: true, force: true });
});

const byLabel = (endpoints: EndpointResult[], label: string) => endpoints.find((e) => e.label === label)!;

describe('parity of two instances on one database', () => {
  it('matches every read of the shipped catalogue, for each lead provider, and runs no writes', async () => {
    const report = await runParity({ a: a.url, b: b.url, catalogue, tokens });
    const reads = report.endpoints.filter((e) => e.method === 'GET');
    expect(reads.length).toBeGreaterThan(50);
    expect(reads.filter((e) => e.match_rate !== 100).map((e) => [e.label, e.skipped, e.mismatches])).toEqual([]);
    // Every read ran for both providers: its ids and values were found in the sandbox data.
    for (const e of reads) expect(e.requests, e.label).toBeGreaterThanOrEqual(tokens.length);
    expect(report.summary).toMatchObject({ match_rate: 100, matched: report.summary.requests });
    expect(report.summary.timing_ratio).toBeGreaterThan(0);
    for (const e of report.endpoints.filter((x) => x.method !== 'GET')) {
      expect(e).toMatchObject({ requests: 0, skipped: [{ lead_provider: null, reason: expect.stringContaining('--writes') }] });
    }
  });

  it('follows pages until a short one, comparing each', async () => {
    const list = await readJson(await h.request('/api/v3/participants/ecf?page[per_page]=3000', { token: tokens[0]!.a }));
    const rows = list.data.length as number;
    const perPage = 7;
    const report = await runParity({ a: a.url, b: b.url, catalogue, tokens: tokens.slice(0, 1), perPage, only: ['GET /api/v3/participants/ecf'] });
    const participants = byLabel(report.endpoints, 'GET /api/v3/participants/ecf');
    expect(rows).toBeGreaterThan(perPage * 2);
    // Every full page, then the short (or empty) one that ends the list.
    expect(participants.requests).toBe(Math.floor(rows / perPage) + 1);
    expect(participants.match_rate).toBe(100);
  });
});

describe('a deployment whose serializer changed one field', () => {
  it('is caught: the statement endpoints differ in payment_date, and nothing else does', async () => {
    const report = await runParity({ a: a.url, b: altered.url, catalogue, tokens, only: ['/api/v3/statements', '/api/v3/delivery-partners'] });
    const statements = byLabel(report.endpoints, 'GET /api/v3/statements');
    expect(statements.match_rate).toBe(0);
    expect(statements.mismatches[0]).toMatchObject({
      lead_provider: tokens[0]!.name,
      page: 1,
      a: { status: 200 },
      b: { status: 200 },
      differences: expect.arrayContaining([{ path: 'data[0].attributes.payment_date', kind: 'changed', a: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), b: '2099-01-01' }]),
    });
    expect(statements.mismatches[0]!.differences.every((d) => d.path.endsWith('.attributes.payment_date'))).toBe(true);
    expect(byLabel(report.endpoints, 'GET /api/v3/statements/{id}').mismatches[0]!.differences).toEqual([
      { path: 'data.attributes.payment_date', kind: 'changed', a: expect.any(String), b: '2099-01-01' },
    ]);
    expect(report.endpoints.filter((e) => e.path.startsWith('/api/v3/delivery-partners')).every((e) => e.match_rate === 100)).toBe(true);
    expect(report.summary.match_rate).toBeLessThan(100);
  });

  it('matches when the field is excluded, by name or by path', async () => {
    for (const exclude of ['payment_date', 'data.*.attributes.payment_date', '$.data[*].attributes.payment_date']) {
      const own = parseCatalogue(`get:\n  - "/api/v3/statements": { paginate: true, exclude: ["${exclude}"] }\n`);
      const report = await runParity({ a: a.url, b: altered.url, catalogue: own, tokens });
      expect(report.summary, exclude).toMatchObject({ match_rate: 100 });
    }
    const elsewhere = parseCatalogue('get:\n  - "/api/v3/statements": { exclude: [data.0.attributes.payment_date] }\n');
    const report = await runParity({ a: a.url, b: altered.url, catalogue: elsewhere, tokens });
    // Only the first record's field was excluded: the second one still differs.
    expect(report.endpoints[0]!.mismatches[0]!.differences[0]).toMatchObject({ path: 'data[1].attributes.payment_date' });
  });
});

describe('npm run parity', () => {
  const tokensFile = () => {
    const file = join(dir, 'tokens.yaml');
    writeFileSync(file, tokens.map((t) => `${JSON.stringify(t.name)}:\n  a: ${t.a}\n  b: ${t.b}\n`).join(''));
    return file;
  };
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints a match rate and a timing ratio per endpoint, writes the report, and exits 0 at 100%', async () => {
    const report = join(dir, 'same.json');
    const res = await run(['--a', a.url, '--b', b.url, '--tokens', tokensFile(), '--only', '/api/v3/statements', '--report', report]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^GET \/api\/v3\/statements\s+\d+\s+200\s+100%\s+\d+\s+\d+\s+\d+\.\d\d$/m);
    expect(res.out).toMatch(/Total: (\d+) of \1 requests matched \(100%\); A \d+ ms, B \d+ ms, B÷A \d+\.\d\d/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json).toMatchObject({
      a: a.url, b: b.url, writes: false, compare: 'values', seed: 1, min_match: 100, passed: true,
      lead_providers: tokens.map((t) => t.name),
      summary: { requests: expect.any(Number), matched: expect.any(Number), match_rate: 100, a_ms: expect.any(Number), b_ms: expect.any(Number), timing_ratio: expect.any(Number), skipped: 0 },
    });
    expect(json.endpoints.map((e: EndpointResult) => e.label)).toEqual([
      'GET /api/v3/statements',
      'GET /api/v3/statements?filter[cohort]=2024,2025&filter[updated_since]=2024-01-01T00:00:00Z',
      'GET /api/v3/statements/{id}',
    ]);
    expect(json.endpoints[0]).toEqual({
      label: 'GET /api/v3/statements', method: 'GET', path: '/api/v3/statements', description: null, query: '',
      requests: expect.any(Number), matched: expect.any(Number), statuses: { 200: expect.any(Number) }, match_rate: 100,
      a_ms: expect.any(Number), b_ms: expect.any(Number), timing_ratio: expect.any(Number), mismatches: [], skipped: [],
    });
  });

  it('exits 1 below --min-match, naming the endpoint and field that differ, and 0 when the threshold allows it', async () => {
    const args = ['--a', a.url, '--b', altered.url, '--tokens', tokensFile(), '--only', 'GET /api/v3/statements/{id}', '--only', 'GET /api/v3/delivery-partners/{id}'];
    const strict = await run(args);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('GET /api/v3/statements/{id}');
    expect(strict.out).toMatch(/data\.attributes\.payment_date A "\d{4}-\d\d-\d\d", B "2099-01-01"/);
    expect(strict.err).toContain('below --min-match 100');
    expect((await run([...args, '--min-match', '50'])).code).toBe(0);
  });

  it('exits 2 when it cannot run, and never prints a token', async () => {
    expect((await run(['--a', a.url])).code).toBe(2);
    expect((await run(['--a', 'ftp://x', '--b', b.url, '--tokens', tokensFile()])).code).toBe(2);
    const bad = join(dir, 'bad-tokens.yaml');
    writeFileSync(bad, 'Ambition Institute:\n  a: secret-token-value\n');
    const res = await run(['--a', a.url, '--b', b.url, '--tokens', bad]);
    expect(res.code).toBe(2);
    expect(res.err).toContain('bad-tokens.yaml');
    expect(res.err).not.toContain('secret-token-value');
  });
});
