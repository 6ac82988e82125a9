import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarationV1Schemas, declarationV2Schemas } from '../../api/v1/declarations/schemas';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';
import { addInductionRecord, createDeclaration, createParticipant, createPlacement, type Placement } from '../support/participants';

// v1 and v2 declarations side by side: the same records, the version's serializer, and the
// v1/v2 filters and visibility (V1-V2.md §2.2, §3, §5.3 checks 3–12, 18).

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let p2024: Placement;
let p2021: Placement;
const ids: Record<string, string> = {};
let participantA: string;
let participantB: string;
const NOW = new Date('2025-11-15T10:00:00Z');

const V1_HEADER = 'id,participant_id,declaration_type,course_identifier,eligible_for_payment,declaration_date,updated_at,voided,state,has_passed';
const V2_HEADER = 'id,participant_id,declaration_type,course_identifier,declaration_date,updated_at,state,has_passed';

beforeAll(async () => {
  h = await createHarness();
  h.clock.now = NOW;
  lp = await createLeadProvider(h.db, { withStatements: true });
  other = await createLeadProvider(h.db, { withStatements: true });
  p2024 = await createPlacement(h.db, lp.id, 2024);
  p2021 = await createPlacement(h.db, lp.id, 2021);
  const a = await createParticipant(h.db, p2024, { createdAt: new Date('2024-09-01T00:00:00Z') });
  const b = await createParticipant(h.db, p2021, { createdAt: new Date('2021-09-01T00:00:00Z') });
  participantA = a.userId;
  participantB = b.userId;
  const at = (n: number) => new Date(Date.UTC(2025, 0, n));
  for (const [n, state] of (['eligible', 'payable', 'paid', 'voided', 'awaiting_clawback', 'clawed_back', 'submitted'] as const).entries()) {
    ids[state] = (await createDeclaration(h.db, a, { leadProviderId: lp.id, year: 2024, type: (['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1'] as const)[n]!, date: at(n + 1), state })).id;
  }
  ids.pilot = (await createDeclaration(h.db, b, { leadProviderId: lp.id, year: 2021, type: 'started', date: at(20), state: 'eligible' })).id;
});
afterAll(() => h.close());

async function get(version: 'v1' | 'v2' | 'v3', path: string, token = lp.token) {
  const res = await h.request(`/api/${version}${path}`, { token });
  const text = await res.clone().text();
  return { res, text, json: res.headers.get('Content-Type')?.includes('json') ? await readJson(res) : null };
}
const data = (json: Json) => json.data as { id: string; attributes: Record<string, unknown> }[];
const byId = (json: Json, id: string) => data(json).find((d) => d.id === id)!;

describe('declaration serializers', () => {
  it('v1 has eligible_for_payment (eligible or payable, not paid) and voided (voided only)', async () => {
    const { json } = await get('v1', '/participant-declarations');
    expect(declarationV1Schemas.multiple.safeParse(json).success).toBe(true);
    const eligibleForPayment = Object.fromEntries(Object.entries(ids).map(([s, id]) => [s, byId(json, id).attributes.eligible_for_payment]));
    expect(eligibleForPayment).toEqual({ eligible: true, payable: true, paid: false, voided: false, awaiting_clawback: false, clawed_back: false, submitted: false, pilot: true });
    const voided = Object.fromEntries(Object.entries(ids).map(([s, id]) => [s, byId(json, id).attributes.voided]));
    expect(voided).toEqual({ eligible: false, payable: false, paid: false, voided: true, awaiting_clawback: false, clawed_back: false, submitted: false, pilot: false });
    expect(byId(json, ids.eligible!)).toEqual({
      id: ids.eligible, type: 'participant-declaration',
      attributes: {
        participant_id: participantA, declaration_type: 'started', course_identifier: 'ecf-induction', eligible_for_payment: true,
        declaration_date: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', voided: false, state: 'eligible', has_passed: null,
      },
    });
  });

  it('v2 drops eligible_for_payment and voided, and shows clawback states as the service sends them', async () => {
    const { json } = await get('v2', '/participant-declarations');
    expect(declarationV2Schemas.multiple.safeParse(json).success).toBe(true);
    expect(Object.keys(byId(json, ids.eligible!).attributes)).toEqual(['participant_id', 'declaration_type', 'course_identifier', 'declaration_date', 'updated_at', 'state', 'has_passed']);
    expect(byId(json, ids.awaiting_clawback!).attributes.state).toBe('awaiting-clawback');
  });

  it('show, in each version’s shape', async () => {
    const v1 = await get('v1', `/participant-declarations/${ids.paid}`);
    const v2 = await get('v2', `/participant-declarations/${ids.paid}`);
    expect(v1.json.data.attributes).toMatchObject({ eligible_for_payment: false, voided: false, state: 'paid' });
    expect(v2.json.data.attributes).not.toHaveProperty('voided');
    expect(declarationV2Schemas.single.safeParse(v2.json).success).toBe(true);
  });
});

describe.each(['v1', 'v2'] as const)('%s declaration filters', (version) => {
  it('returns every cohort, the 2021 one included, and ignores cohort and delivery partner filters', async () => {
    const all = data((await get(version, '/participant-declarations')).json).map((d) => d.id);
    expect(all).toContain(ids.pilot);
    expect(data((await get(version, '/participant-declarations?filter[cohort]=2024')).json).map((d) => d.id)).toEqual(all);
    expect(data((await get(version, `/participant-declarations?filter[delivery_partner_id]=${crypto.randomUUID()}`)).json).map((d) => d.id)).toEqual(all);
  });

  it('filters by one participant id, exactly', async () => {
    expect(data((await get(version, `/participant-declarations?filter[participant_id]=${participantB}`)).json).map((d) => d.id)).toEqual([ids.pilot]);
    expect(data((await get(version, `/participant-declarations?filter[participant_id]=${participantA},${participantB}`)).json)).toEqual([]);
    expect(data((await get(version, `/participant-declarations?filter[participant_id]=${crypto.randomUUID()}`)).json)).toEqual([]);
  });

  it('filters by updated_since strictly (v3 includes the instant itself)', async () => {
    const since = '2025-01-20T00:00:00Z'; // the pilot declaration's updated_at
    expect(data((await get(version, `/participant-declarations?filter[updated_since]=${since}`)).json)).toEqual([]);
    expect(data((await get(version, '/participant-declarations?filter[updated_since]=2025-01-19T23:59:59Z')).json).map((d) => d.id)).toEqual([ids.pilot]);
    expect(data((await get('v3', `/participant-declarations?filter[updated_since]=${since}`)).json).map((d) => d.id)).toEqual([ids.pilot]);
    expect((await get(version, '/participant-declarations?filter[updated_since]=soon')).res.status).toBe(400);
  });

  it('honours the filters on show', async () => {
    expect((await get(version, `/participant-declarations/${ids.pilot}?filter[participant_id]=${participantA}`)).res.status).toBe(404);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => get(version, `/participant-declarations${q}`));
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
  });

  it('writes the CSV with the version’s columns and every row of the JSON list', async () => {
    const csv = await get(version, '/participant-declarations.csv?page[per_page]=1');
    expect(csv.res.headers.get('Content-Type')).toBe('text/csv');
    expect(csv.text.split('\n')[0]).toBe(version === 'v1' ? V1_HEADER : V2_HEADER);
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    const json = data((await get(version, '/participant-declarations?page[per_page]=3000')).json);
    expect(records.map((r) => r.id)).toEqual(json.map((d) => d.id));
    expect(records[0]!.has_passed).toBe('');
    expect(csv.text.split('\n')[1]).toContain(',""'); // has_passed null → a quoted empty field
    const filtered = await get(version, `/participant-declarations.csv?filter[participant_id]=${participantB}`);
    expect(filtered.text.trim().split('\n')).toHaveLength(2);
    expect((await get(version, `/participant-declarations.csv?filter[participant_id]=${crypto.randomUUID()}`)).text).toBe('');
  });

  it('reads the CSV through the export connection, and the JSON list through the main one', async () => {
    const [main, exported] = [h.queries.count, h.exportQueries.count];
    const csv = await get(version, '/participant-declarations.csv');
    expect(csv.text.split('\n').length).toBeGreaterThan(2);
    expect(h.exportQueries.count - exported).toBeGreaterThan(0);
    expect(h.queries.count - main).toBeLessThanOrEqual(2); // authentication only
    const before = h.exportQueries.count;
    await get(version, '/participant-declarations');
    expect(h.exportQueries.count).toBe(before);
  });

  it('refuses an NPQ course with a clear 422', async () => {
    const res = await h.request(`/api/${version}/participant-declarations`, {
      method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'participant-declaration', attributes: { participant_id: participantA, declaration_type: 'started', declaration_date: '2025-01-01T00:00:00Z', course_identifier: 'npq-leadership' } } }),
    });
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors[0].title).toBe('course_identifier');
  });

  it('refuses an NPQ course on participant actions with a 422, not a 500', async () => {
    const res = await h.request(`/api/${version}/participants/ecf/${participantA}/defer`, {
      method: 'PUT', token: lp.token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'participant-defer', attributes: { reason: 'other', course_identifier: 'npq-headship' } } }),
    });
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors[0].title).toBe('course_identifier');
  });
});

describe('visibility of other providers’ declarations', () => {
  let shared: Awaited<ReturnType<typeof createParticipant>>;
  let theirs: string;
  beforeAll(async () => {
    // The participant moved from the other provider to this one; this provider's record is leaving.
    const otherPlacement = await createPlacement(h.db, other.id, 2024);
    shared = await createParticipant(h.db, otherPlacement, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z') });
    await addInductionRecord(h.db, shared.profileId, p2024, { inductionStatus: 'leaving', startDate: new Date('2025-02-01T00:00:00Z'), endDate: null, createdAt: new Date('2025-02-01T00:00:00Z') });
    theirs = (await createDeclaration(h.db, shared, { leadProviderId: other.id, year: 2024, type: 'started', date: new Date('2024-10-01T00:00:00Z'), state: 'eligible' })).id;
  });

  it('hides them while the caller’s record is only leaving (v3 shows them)', async () => {
    expect((await get('v3', `/participant-declarations/${theirs}`)).res.status).toBe(200);
    expect((await get('v1', `/participant-declarations/${theirs}`)).res.status).toBe(404);
    expect(data((await get('v2', '/participant-declarations')).json).map((d) => d.id)).not.toContain(theirs);
  });

  it('shows them once the caller’s record is active', async () => {
    await h.db.run(sql`UPDATE induction_records SET induction_status = 'active' WHERE participant_profile_id = ${shared.profileId} AND induction_status = 'leaving'`);
    expect((await get('v1', `/participant-declarations/${theirs}`)).res.status).toBe(200);
    expect(data((await get('v2', '/participant-declarations')).json).map((d) => d.id)).toContain(theirs);
  });

  it('never lets the caller void them, and never shows another provider the caller’s own', async () => {
    const res = await h.request(`/api/v1/participant-declarations/${theirs}/void`, { method: 'PUT', token: lp.token });
    expect(res.status).toBe(404);
    expect((await get('v1', `/participant-declarations/${ids.eligible}`, other.token)).res.status).toBe(404);
  });
});

describe('void', () => {
  it('voids in each version’s shape', async () => {
    const res = await h.request(`/api/v1/participant-declarations/${ids.submitted}/void`, { method: 'PUT', token: lp.token });
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes).toMatchObject({ state: 'voided', voided: true, eligible_for_payment: false });
    const again = await h.request(`/api/v2/participant-declarations/${ids.submitted}/void`, { method: 'PUT', token: lp.token });
    expect(again.status).toBe(422);
  });
});
