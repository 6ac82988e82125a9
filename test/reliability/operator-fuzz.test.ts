import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorToken } from '../../api/services/operators/operator-tokens';
import { createRandom, type Random } from '../../db/seed/random';
import { databaseChecksum } from '../support/checksum';
import { documentedOperations } from '../support/documents';
import { createLeadProvider, createSchool } from '../support/factories';
import { hostileValue as hostileValueOf, type HostileVocabulary } from '../support/hostile-input';
import { createHarness, type Harness } from '../support/harness';
import { createParticipant, createPlacement } from '../support/participants';

// Hostile input against every operation of the operator API, with a valid operator token. Unlike
// the provider APIs' fuzz (test/reliability/fuzz.test.ts), some hostile input is legitimate
// operator data (a delivery partner may be called "<script>"), so the rule is: nothing answers
// 5xx, every error is in the contract's shape, a refused request changes nothing at all, and a
// write that succeeds leaves its audit row.

const REQUESTS = 600;
const SEED = 20261203;
let h: Harness;
let token: string;
let knownIds: string[] = [];

const hostileStrings = [
  '', ' ', '\u0000', 'null', 'NaN', '-1', '0', '1e309', '2024-02-30T00:00:00Z', '9999-99-99', '2025', '2025,2026', "'; DROP TABLE users; --",
  '<script>alert(1)</script>', '../../etc/passwd', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e', 'ecf-induction', 'ecf-mentor', 'eligible', 'none', 'mistake', 'no_ects',
  'full_induction_programme', 'core_induction_programme', 'ect', 'mentor', 'x@y.example', 'x'.repeat(5000), '=cmd()', '2026-07-31',
];

const vocabulary: HostileVocabulary = {
  strings: hostileStrings, numbers: [-1, 0, 1, 2025, 1e308, 2 ** 53 + 1, 3.5], knownIds: () => knownIds, freshIds: false, longString: { min: 300, max: 20_000 },
};
const hostileValue = (r: Random) => hostileValueOf(vocabulary, r);

function hostileBody(r: Random, fields: string[], bulk: boolean): { body: string; contentType: string } {
  const attributes = () => {
    const a: Record<string, unknown> = {};
    for (const f of fields) if (r.chance(0.7)) a[f] = hostileValue(r);
    if (r.chance(0.3)) a[r.pick(hostileStrings).slice(0, 30)] = hostileValue(r);
    return a;
  };
  if (bulk && r.chance(0.7)) {
    const rows = Array.from({ length: r.int(1, 4) }, () => ({ external_id: hostileValue(r), ...attributes() }));
    if (r.chance(0.5)) return { body: rows.map((row) => (r.chance(0.1) ? '{"broken' : JSON.stringify(row))).join('\n'), contentType: 'application/x-ndjson' };
    const columns = ['external_id', ...fields];
    const cell = (v: unknown) => `"${String(typeof v === 'string' ? v : JSON.stringify(v)).replace(/"/g, '""').slice(0, 300)}"`;
    return { body: [columns.join(','), ...rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c] ?? '')).join(','))].join('\n') + (r.chance(0.1) ? '\n"unterminated' : ''), contentType: 'text/csv' };
  }
  switch (r.int(0, 5)) {
    case 0: return { body: r.pick(['{', '{"data":', '[1,2', 'null', '"s"', '{"data":{"attributes":}}', '']), contentType: 'application/json' };
    case 1: return { body: 'x'.repeat(70_000), contentType: 'application/json' };
    case 2: return { body: JSON.stringify({ data: hostileValue(r) }), contentType: r.pick(['application/json', 'text/plain']) };
    default: return { body: JSON.stringify({ data: { attributes: attributes() } }), contentType: 'application/json' };
  }
}

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000, MAX_BODY_BYTES: 64 * 1024 });
  token = (await createOperatorToken(h.db, 'fuzz', h.clock.now)).token;
  const lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
  const place = await createPlacement(h.db, lp.id, 2025);
  const p = await createParticipant(h.db, place);
  await createSchool(h.db);
  knownIds = [lp.id, place.schoolId, place.partnershipId, place.deliveryPartnerId, p.userId];
  knownIds.push(...(await h.client.execute('SELECT id FROM statements LIMIT 5')).rows.map((r) => String(r.id)));
});
afterAll(() => h.close());

describe('hostile input to the operator API', () => {
  it(`${REQUESTS} hostile requests: no 5xx, errors in the contract's shape, refused requests write nothing, writes are audited`, async () => {
    const r = createRandom(SEED);
    const ops = (await documentedOperations(h, ['operator'])).map(({ method, path, operation }) => {
      const schema = operation.requestBody?.content?.['application/json']?.schema ?? {};
      const text = JSON.stringify(schema) + String(operation.description ?? '');
      const fields = [...new Set([...JSON.stringify(schema).matchAll(/"([a-z_]+)":\{"type"/g)].map((m) => m[1]!))].filter((f) => !['data', 'attributes'].includes(f));
      const described = /Fields: ([a-z_, ]+)\./.exec(text)?.[1]?.split(', ') ?? [];
      return { method, path, fields: fields.length ? fields : described.filter((f) => f !== 'external_id'), bulk: path.endsWith('/bulk') };
    });
    expect(ops.length).toBeGreaterThanOrEqual(22);
    await h.request('/api/operator/lead-providers', { method: 'POST', token, body: '{' }); // first use of the token is bookkeeping
    let before = await databaseChecksum(h.client);
    let audits = Number((await h.client.execute('SELECT count(*) AS n FROM operator_audit_events')).rows[0]!.n);
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const op = r.pick(ops);
      const id = hostileValue(r);
      const path = op.path.replace('{id}', encodeURIComponent(typeof id === 'string' ? id.slice(0, 2000) || 'x' : JSON.stringify(id) ?? 'x'));
      const { body, contentType } = hostileBody(r, op.fields, op.bulk);
      const res = await h.request(path, { method: op.method, token, headers: { 'Content-Type': contentType }, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      const where = `${op.method} ${path.slice(0, 80)} → ${res.status}`;
      if (res.status >= 500) problems.push(`${where}: ${text.slice(0, 300)}`);
      if (res.status >= 400) {
        let parsed: { errors?: { title?: unknown; detail?: unknown }[] } | undefined;
        try {
          parsed = JSON.parse(text);
        } catch {
          problems.push(`${where}: error body is not JSON`);
        }
        if (parsed && !(Array.isArray(parsed.errors) && parsed.errors.every((e) => typeof e.title === 'string' && typeof e.detail === 'string'))) problems.push(`${where}: not in the contract's shape: ${text.slice(0, 200)}`);
        const now = await databaseChecksum(h.client);
        if (now !== before) problems.push(`${where}: a refused request changed the database`);
        before = now;
      } else {
        const count = Number((await h.client.execute('SELECT count(*) AS n FROM operator_audit_events')).rows[0]!.n);
        const now = await databaseChecksum(h.client);
        if (now !== before && count === audits) problems.push(`${where}: a write without an audit row`);
        before = now;
        audits = count;
      }
    }
    console.info(`operator fuzz: ${REQUESTS} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 300_000);
});
