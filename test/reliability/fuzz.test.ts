import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createRandom, type Random } from '../../db/seed/random';
import { seedSandbox } from '../../db/seed/sandbox';
import { databaseChecksum } from '../support/checksum';
import { API_DOCUMENTS, documentedOperations } from '../support/documents';
import { hostileValue as hostileValueOf, type HostileVocabulary } from '../support/hostile-input';
import { createHarness, readJson, type Harness } from '../support/harness';

// Hostile input against every operation of our OpenAPI documents (v1, v2, v3 with its successor
// paths, and the sandbox control API): wrong types, missing and extra fields, huge strings, unicode, nested objects, SQL and HTML
// metacharacters, impossible dates, extreme numbers, malformed JSON, wrong content types and
// oversized bodies. Nothing may answer 5xx, every error must be in the contract's shape, no
// write may succeed, and the database must be exactly as it was.

const REQUESTS = 10_000;
const SEED = 20261129;
let h: Harness;
let token: string;
let knownIds: string[] = [];

const hostileStrings = [
  '', ' ', '\u0000', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '99999999999999999999999', '2024-02-30T00:00:00Z', '9999-99-99',
  '2025-13-01', '1970-01-01T00:00:00Z', '2025-01-10T10:42:00+25:00', "'; DROP TABLE users; --", '" OR 1=1 --', '<script>alert(1)</script>',
  '%E0%A4%A', '%00', '../../etc/passwd', '{{7*7}}', '${jndi:ldap://x}', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e\u200b', 'ecf-induction', 'ecf-mentor', 'started',
  'retained-1', 'completed', 'extended-3', '2025', '2021,2022', 'true', 'x'.repeat(5000), '=cmd()', 'npq-leading-teaching',
];

const vocabulary: HostileVocabulary = {
  strings: hostileStrings, numbers: [-1, 0, 1, -1e308, 1e308, 2 ** 53 + 1, 3.14159, -0], knownIds: () => knownIds, freshIds: true, longString: { min: 1000, max: 40_000 },
};
const hostileValue = (r: Random) => hostileValueOf(vocabulary, r);

interface Operation { method: string; path: string; bodyFields: string[] }

async function operations(): Promise<Operation[]> {
  const ops: Operation[] = [];
  const documents = [...API_DOCUMENTS, 'sandbox'];
  const schemasOf = new Map<string, Record<string, unknown>>();
  for (const doc of documents) schemasOf.set(doc, (await readJson(await h.request(`/api-docs/${doc}/openapi.json`))).components?.schemas ?? {});
  for (const { document, method, path, operation } of await documentedOperations(h, documents)) {
    // The sandbox reset takes no input to fuzz, and succeeding is its job (test/sandbox/reset.test.ts).
    if (path === '/api/sandbox/reset') continue;
    const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
    const schema = ref ? schemasOf.get(document)![ref.split('/').pop()!] : undefined;
    const text = JSON.stringify(schema ?? {});
    ops.push({ method, path, bodyFields: [...new Set([...text.matchAll(/"([a-z_]+)":\{"type"/g)].map((m) => m[1]!))] });
  }
  return ops;
}

function hostileQuery(r: Random): string {
  const parts: string[] = [];
  const keys = ['filter[cohort]', 'filter[updated_since]', 'filter[training_status]', 'filter[participant_id]', 'filter[delivery_partner_id]',
    'filter[urn]', 'filter[type]', 'filter[from_participant_id]', 'page[page]', 'page[per_page]', 'sort', 'filter', 'page', 'filter[a][b]', 'filter[', '%ZZ'];
  for (let i = r.int(0, 4); i > 0; i--) {
    const value = hostileValue(r);
    parts.push(`${encodeURI(r.pick(keys))}=${encodeURIComponent(typeof value === 'string' ? value.slice(0, 3000) : JSON.stringify(value) ?? '')}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function hostileBody(r: Random, fields: string[]): { body?: string; contentType: string } {
  switch (r.int(0, 7)) {
    case 0: return { body: r.pick(['{', '{"data":', '[1,2', 'null', '"string"', '{"data":{"attributes":}}', '\u0000\u0001binary', '']), contentType: 'application/json' };
    case 1: return { body: 'data[attributes][cohort]=2025', contentType: r.pick(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) };
    case 2: return { body: 'x'.repeat(70_000), contentType: 'application/json' };
    case 3: return { body: JSON.stringify(hostileValue(r)), contentType: 'application/json' };
    case 4: return { body: JSON.stringify({ data: hostileValue(r) }), contentType: 'application/json' };
    default: {
      const attributes: Record<string, unknown> = {};
      for (const f of fields) if (r.chance(0.7)) attributes[f] = hostileValue(r);
      if (r.chance(0.3)) attributes[r.pick(hostileStrings).slice(0, 30)] = hostileValue(r);
      return { body: JSON.stringify({ data: { type: r.pick(['participant-declaration', 'x', '']), attributes } }), contentType: r.pick(['application/json', 'application/vnd.api+json']) };
    }
  }
}

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000, MAX_BODY_BYTES: 64 * 1024 });
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 1 });
  token = await createApiToken(h.db, providers[0]!.id, h.clock.now);
  knownIds = (await h.client.execute('SELECT id FROM users UNION ALL SELECT id FROM partnerships UNION ALL SELECT id FROM statements UNION ALL SELECT id FROM schools UNION ALL SELECT id FROM delivery_partners LIMIT 400')).rows.map((r) => String(r.id));
});
afterAll(() => h.close());

describe('hostile input', () => {
  it(`${REQUESTS} hostile requests: no 5xx, errors in the contract's shape, no write`, async () => {
    const r = createRandom(SEED);
    const ops = await operations();
    expect(ops.length).toBeGreaterThanOrEqual(30);
    await h.request('/api/v3/statements', { token }); // the token's first use is recorded before the checksum
    const before = await databaseChecksum(h.client);
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const op = r.pick(ops);
      const id = hostileValue(r);
      const path = op.path.replace('{id}', encodeURIComponent(typeof id === 'string' ? id.slice(0, 2000) || 'x' : JSON.stringify(id) ?? 'x'));
      const { body, contentType } = op.method === 'GET' ? { body: undefined, contentType: 'application/json' } : hostileBody(r, op.bodyFields);
      const headers: Record<string, string> = { 'Content-Type': contentType };
      // headers can only carry printable ASCII on the wire
      if (r.chance(0.05)) headers['X-With-Server-Date'] = String(hostileValue(r)).slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
      const res = await h.request(`${path}${hostileQuery(r)}`, { method: op.method, token: r.chance(0.97) ? token : 'wrong', headers, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      const where = `${op.method} ${path.slice(0, 80)} → ${res.status}`;
      if (res.status >= 500) problems.push(`${where}: ${text.slice(0, 200)}`);
      if (op.method !== 'GET' && res.status < 400) problems.push(`${where}: a hostile write succeeded`);
      if (res.status >= 400) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          problems.push(`${where}: error body is not JSON`);
          continue;
        }
        const shaped = res.status === 401
          ? JSON.stringify(parsed) === '{"error":"HTTP Token: Access denied"}'
          : Array.isArray((parsed as { errors?: unknown }).errors)
            && (parsed as { errors: unknown[] }).errors.every((e) => typeof (e as { title?: unknown }).title === 'string' && typeof (e as { detail?: unknown }).detail === 'string');
        if (!shaped) problems.push(`${where}: error not in the contract's shape: ${text.slice(0, 200)}`);
      }
    }
    console.info(`fuzz: ${REQUESTS} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(await databaseChecksum(h.client)).toBe(before);
  }, 240_000);
});
