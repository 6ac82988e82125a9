import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryPartners, emails, inductionProgrammes, partnerships, schoolCohorts, schools, users } from '../../db/schema';
import { cohortId } from '../../db/reference-data/load';
import { ECFPartnershipResponseSchema, MultipleECFPartnershipsResponseSchema } from '../../api/v3/partnerships/schemas';
import { partnershipMessages as m } from '../../api/services/partnerships/messages';
import { challengeMessages, challengePartnership } from '../../api/services/partnerships/challenge-partnership';
import { DomainError } from '../../api/errors/api-error';
import {
  addInductionTutor, createDeliveryPartner, createLeadProvider, createPartnership, createProviderRelationship, createSchool,
  createSchoolCohort, type LeadProviderFixture,
} from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let dp: string;
let dp2: string;
let otherDp: string;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { name: 'Our Provider' });
  other = await createLeadProvider(h.db, { name: 'Other Provider' });
  dp = (await createDeliveryPartner(h.db, { name: 'First DP' })).id;
  dp2 = (await createDeliveryPartner(h.db, { name: 'Second DP' })).id;
  otherDp = (await createDeliveryPartner(h.db, { name: 'Their DP' })).id;
  for (const year of [2024, 2025]) {
    await createProviderRelationship(h.db, lp.id, dp, year);
    await createProviderRelationship(h.db, other.id, otherDp, year);
  }
  await createProviderRelationship(h.db, lp.id, dp2, 2025);
});
afterAll(() => h.close());

const body = (attributes: Record<string, unknown>) => JSON.stringify({ data: { type: 'ecf-partnership', attributes } });

function post(attributes: Record<string, unknown>, token = lp.token) {
  return h.request('/api/v3/partnerships/ecf', { method: 'POST', token, body: body(attributes), headers: { 'Content-Type': 'application/json' } });
}

function put(id: string, attributes: Record<string, unknown>, token = lp.token, method = 'PUT') {
  return h.request(`/api/v3/partnerships/ecf/${id}`, {
    method, token, body: JSON.stringify({ data: { type: 'ecf-partnership-update', attributes } }), headers: { 'Content-Type': 'application/json' },
  });
}

async function errorsOf(res: Response) {
  expect(res.status).toBe(422);
  return (await readJson(res)).errors as { title: string; detail: string }[];
}

describe('POST /api/v3/partnerships/ecf', () => {
  it('confirms a partnership: provider-led choice and programme recorded, challenge deadline set, school emailed', async () => {
    const school = await createSchool(h.db, { primaryEmail: 'office@confirm.example' });
    h.clock.now = new Date('2025-11-15T10:00:00Z');
    const res = await post({ cohort: '2025', school_id: school.id, delivery_partner_id: dp });
    const json = await readJson(res);
    expect(res.status).toBe(200);
    expect(ECFPartnershipResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data.attributes).toEqual({
      cohort: '2025', urn: school.urn, school_id: school.id, delivery_partner_id: dp, delivery_partner_name: 'First DP',
      status: 'active', challenged_reason: null, challenged_at: null, induction_tutor_name: null,
      induction_tutor_email: 'office@confirm.example', updated_at: '2025-11-15T10:00:00Z', created_at: '2025-11-15T10:00:00Z',
    });
    const id = json.data.id;
    const [row] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    // 2 months into the 2025/26 year is 31 October, already past: 14 days from now instead.
    expect(row!.challengeDeadline!.toISOString()).toBe('2025-11-29T10:00:00.000Z');
    const [choice] = await h.db.select().from(schoolCohorts).where(eq(schoolCohorts.schoolId, school.id));
    expect(choice!.inductionProgrammeChoice).toBe('full_induction_programme');
    const [programme] = await h.db.select().from(inductionProgrammes).where(eq(inductionProgrammes.schoolCohortId, choice!.id));
    expect(programme).toMatchObject({ partnershipId: id, trainingProgramme: 'full_induction_programme' });
    expect(choice!.defaultInductionProgrammeId).toBe(programme!.id);
    const [email] = await h.db.select().from(emails).where(eq(emails.subjectId, id));
    expect(email).toMatchObject({ template: 'partnership_confirmed', to: 'office@confirm.example', status: 'queued' });
    expect(JSON.parse(email!.personalisation)).toMatchObject({
      school_name: school.name, lead_provider_name: 'Our Provider', delivery_partner_name: 'First DP', cohort: '2025 to 2026',
      challenge_deadline: '29 November 2025', challenge_url: `http://localhost:8787/report-incorrect-partnership?token=${row!.reportId}`,
    });
  });

  it('uses the end of the second month of the academic year when that is later than 14 days away', async () => {
    const school = await createSchool(h.db);
    const res = await h.request('/api/v3/partnerships/ecf', {
      method: 'POST', token: lp.token, body: body({ cohort: '2025', school_id: school.id, delivery_partner_id: dp }),
      headers: { 'Content-Type': 'application/json', 'X-With-Server-Date': '2025-06-01T09:00:00Z' },
    });
    const id = (await readJson(res)).data.id;
    const [row] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    expect(row!.challengeDeadline!.toISOString()).toBe('2025-10-31T23:59:59.999Z');
    expect(row!.createdAt.toISOString()).toBe('2025-06-01T09:00:00.000Z');
  });

  it('reports every missing attribute at once', async () => {
    const errors = await errorsOf(await post({}));
    expect(errors).toEqual([
      { title: 'cohort', detail: m.cohortMissing },
      { title: 'school_id', detail: m.schoolMissing },
      { title: 'delivery_partner_id', detail: m.deliveryPartnerMissing },
    ]);
  });

  it('rejects an unknown cohort, school or delivery partner, together', async () => {
    const school = await createSchool(h.db);
    expect(await errorsOf(await post({ cohort: '1999', school_id: school.id, delivery_partner_id: dp }))).toEqual([{ title: 'cohort', detail: m.cohortUnknown }]);
    expect(await errorsOf(await post({ cohort: '2025', school_id: crypto.randomUUID(), delivery_partner_id: crypto.randomUUID() }))).toEqual([
      { title: 'school_id', detail: m.schoolUnknown },
      { title: 'delivery_partner_id', detail: m.deliveryPartnerUnknown },
    ]);
    expect(await errorsOf(await post({ cohort: { year: 2025 }, school_id: ['x'], delivery_partner_id: 7 }))).toEqual([
      { title: 'cohort', detail: m.cohortUnknown },
      { title: 'school_id', detail: m.schoolUnknown },
      { title: 'delivery_partner_id', detail: m.deliveryPartnerUnknown },
    ]);
  });

  it('rejects CIP-only and ineligible schools', async () => {
    const cip = await createSchool(h.db, { type: '10' });
    const closed = await createSchool(h.db, { status: '2' });
    expect(await errorsOf(await post({ cohort: '2025', school_id: cip.id, delivery_partner_id: dp }))).toEqual([{ title: 'school_id', detail: m.schoolCipOnly }]);
    expect(await errorsOf(await post({ cohort: '2025', school_id: closed.id, delivery_partner_id: dp }))).toEqual([{ title: 'school_id', detail: m.schoolIneligible }]);
  });

  it('rejects a school already partnered, by the caller or by another provider', async () => {
    const ours = await createSchool(h.db);
    const theirs = await createSchool(h.db);
    await createPartnership(h.db, { leadProviderId: lp.id, schoolId: ours.id, year: 2025, deliveryPartnerId: dp });
    await createPartnership(h.db, { leadProviderId: other.id, schoolId: theirs.id, year: 2025, deliveryPartnerId: otherDp });
    expect(await errorsOf(await post({ cohort: '2025', school_id: ours.id, delivery_partner_id: dp }))).toEqual([{ title: 'school_id', detail: m.alreadyYours }]);
    expect(await errorsOf(await post({ cohort: '2025', school_id: theirs.id, delivery_partner_id: dp }))).toEqual([{ title: 'school_id', detail: m.anotherProvider }]);
  });

  it('waits for a school that had a partnership last cohort to tell DfE its plans for this one', async () => {
    const school = await createSchool(h.db);
    await createPartnership(h.db, { leadProviderId: other.id, schoolId: school.id, year: 2024, deliveryPartnerId: otherDp });
    expect(await errorsOf(await post({ cohort: '2025', school_id: school.id, delivery_partner_id: dp }))).toEqual([{ title: 'school_id', detail: m.notContinued }]);
    // Once the school has recorded a choice for 2025, a new partnership is accepted.
    await createSchoolCohort(h.db, school.id, 2025, 'full_induction_programme');
    expect((await post({ cohort: '2025', school_id: school.id, delivery_partner_id: dp })).status).toBe(200);
  });

  it('rejects a delivery partner that does not work with the caller in that cohort, or is discarded', async () => {
    const school = await createSchool(h.db);
    expect(await errorsOf(await post({ cohort: '2025', school_id: school.id, delivery_partner_id: otherDp }))).toEqual([{ title: 'delivery_partner_id', detail: m.deliveryPartnerNotYours }]);
    expect(await errorsOf(await post({ cohort: '2024', school_id: school.id, delivery_partner_id: dp2 }))).toEqual([{ title: 'delivery_partner_id', detail: m.deliveryPartnerNotYours }]);
    const gone = await createDeliveryPartner(h.db, { discardedAt: new Date() });
    await createProviderRelationship(h.db, lp.id, gone.id, 2025);
    expect(await errorsOf(await post({ cohort: '2025', school_id: school.id, delivery_partner_id: gone.id }))).toEqual([{ title: 'delivery_partner_id', detail: m.deliveryPartnerUnknown }]);
    const lapsed = await createDeliveryPartner(h.db);
    await createProviderRelationship(h.db, lp.id, lapsed.id, 2025, { discarded: true });
    expect(await errorsOf(await post({ cohort: '2025', school_id: school.id, delivery_partner_id: lapsed.id }))).toEqual([{ title: 'delivery_partner_id', detail: m.deliveryPartnerNotYours }]);
  });

  it('re-confirms the caller’s own challenged partnership in place (same id, no longer challenged)', async () => {
    const school = await createSchool(h.db);
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, challengeReason: 'mistake' });
    const res = await post({ cohort: '2025', school_id: school.id, delivery_partner_id: dp2 });
    const json = await readJson(res);
    expect(json.data.id).toBe(id);
    expect(json.data.attributes).toMatchObject({ status: 'active', challenged_reason: null, challenged_at: null, delivery_partner_id: dp2 });
  });

  it('turns the caller’s relationship row with that delivery partner into the partnership', async () => {
    const school = await createSchool(h.db);
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, relationship: true });
    const json = await readJson(await post({ cohort: '2025', school_id: school.id, delivery_partner_id: dp }));
    expect(json.data.id).toBe(id);
    const rows = await h.db.select().from(partnerships).where(eq(partnerships.schoolId, school.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.relationship).toBe(false);
  });

  it('lets exactly one of two providers confirming the same school at once win; the other is told why', async () => {
    // A database with latency, as over a network, so the two requests really interleave: both
    // pass the checks before either writes, and the unique index decides.
    const slow = await createHarness({}, { latencyMs: 2 });
    try {
      const a = await createLeadProvider(slow.db);
      const b = await createLeadProvider(slow.db);
      const aDp = await createDeliveryPartner(slow.db);
      const bDp = await createDeliveryPartner(slow.db);
      await createProviderRelationship(slow.db, a.id, aDp.id, 2025);
      await createProviderRelationship(slow.db, b.id, bDp.id, 2025);
      for (let round = 0; round < 3; round++) {
        const school = await createSchool(slow.db);
        const send = (token: string, dpId: string) => slow.request('/api/v3/partnerships/ecf', {
          method: 'POST', token, body: body({ cohort: '2025', school_id: school.id, delivery_partner_id: dpId }), headers: { 'Content-Type': 'application/json' },
        });
        const [ra, rb] = await Promise.all([send(a.token, aDp.id), send(b.token, bDp.id)]);
        expect([ra.status, rb.status].sort()).toEqual([200, 422]);
        const loser = ra.status === 422 ? ra : rb;
        expect((await readJson(loser)).errors).toEqual([{ title: 'school_id', detail: m.anotherProvider }]);
        const rows = await slow.db.select().from(partnerships).where(and(eq(partnerships.schoolId, school.id), eq(partnerships.cohortId, cohortId(2025))));
        expect(rows).toHaveLength(1);
        expect(await slow.db.select().from(emails).where(eq(emails.subjectId, rows[0]!.id))).toHaveLength(1);
        expect(await slow.db.select().from(inductionProgrammes).where(eq(inductionProgrammes.partnershipId, rows[0]!.id))).toHaveLength(1);
      }
    } finally {
      slow.close();
    }
  });

  it('rejects a body that is not JSON:API with a 400', async () => {
    const res = await h.request('/api/v3/partnerships/ecf', { method: 'POST', token: lp.token, body: '{"cohort":"2025"}', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v3/partnerships/ecf', () => {
  let fixture: { lp: LeadProviderFixture; h: Harness; ids: Record<string, string>; school: { id: string } };

  beforeAll(async () => {
    const fh = await createHarness();
    const me = await createLeadProvider(fh.db);
    const them = await createLeadProvider(fh.db);
    const d1 = await createDeliveryPartner(fh.db, { name: 'D1' });
    const d2 = await createDeliveryPartner(fh.db, { name: 'D2' });
    const school = await createSchool(fh.db, { primaryEmail: 'contact@a.example' });
    const otherSchool = await createSchool(fh.db, { primaryEmail: null, secondaryEmail: 'second@b.example' });
    const thirdSchool = await createSchool(fh.db);
    const ids = {
      a2024: (await createPartnership(fh.db, { leadProviderId: me.id, schoolId: school.id, year: 2024, deliveryPartnerId: d1.id, createdAt: new Date('2024-01-01T00:00:00Z') })).id,
      b2025: (await createPartnership(fh.db, { leadProviderId: me.id, schoolId: otherSchool.id, year: 2025, deliveryPartnerId: d2.id, createdAt: new Date('2024-02-01T00:00:00Z'), challengeReason: 'no_ects' })).id,
      c2021: (await createPartnership(fh.db, { leadProviderId: me.id, schoolId: thirdSchool.id, year: 2021, deliveryPartnerId: d1.id, createdAt: new Date('2024-03-01T00:00:00Z') })).id,
      pilot: (await createPartnership(fh.db, { leadProviderId: me.id, schoolId: thirdSchool.id, year: 2020, deliveryPartnerId: d1.id, createdAt: new Date('2024-04-01T00:00:00Z') })).id,
      relationship: (await createPartnership(fh.db, { leadProviderId: me.id, schoolId: thirdSchool.id, year: 2025, deliveryPartnerId: d2.id, relationship: true })).id,
      theirs: (await createPartnership(fh.db, { leadProviderId: them.id, schoolId: thirdSchool.id, year: 2024, deliveryPartnerId: d2.id })).id,
      d1: d1.id, d2: d2.id,
    };
    fixture = { lp: me, h: fh, ids, school };
  });
  afterAll(() => fixture.h.close());

  const get = async (q = '') => {
    const res = await fixture.h.request(`/api/v3/partnerships/ecf${q}`, { token: fixture.lp.token });
    const json = await readJson(res);
    return { res, json, ids: (json.data ?? []).map((p: { id: string }) => p.id) as string[] };
  };

  it('lists the caller’s partnerships after 2020, challenged ones included, never relationship rows or others’', async () => {
    const { res, json, ids } = await get();
    expect(res.status).toBe(200);
    expect(MultipleECFPartnershipsResponseSchema.safeParse(json).success).toBe(true);
    expect(ids).toEqual([fixture.ids.a2024, fixture.ids.b2025, fixture.ids.c2021]);
    const challenged = json.data[1].attributes;
    expect(challenged).toMatchObject({ status: 'challenged', challenged_reason: 'no_ects', challenged_at: '2024-02-01T00:00:00.000Z', induction_tutor_email: 'second@b.example', induction_tutor_name: null });
  });

  it('filters by cohort, delivery partner and updated_since; sorts', async () => {
    expect((await get('?filter[cohort]=2020')).ids).toEqual([fixture.ids.pilot]);
    expect((await get('?filter[cohort]=2024,2025')).ids).toEqual([fixture.ids.a2024, fixture.ids.b2025]);
    expect((await get(`?filter[delivery_partner_id]=${fixture.ids.d2}`)).ids).toEqual([fixture.ids.b2025]);
    expect((await get(`?filter[delivery_partner_id]=${fixture.ids.d2},${fixture.ids.d1}`)).ids).toHaveLength(3);
    expect((await get('?sort=-created_at')).ids).toEqual([fixture.ids.c2021, fixture.ids.b2025, fixture.ids.a2024]);
    expect((await get('?filter[updated_since]=2024-02-15T00:00:00Z')).ids).toEqual([fixture.ids.c2021]);
  });

  it('moves updated_at when the school, the delivery partner or the induction tutor changes', async () => {
    const since = (iso: string) => get(`?filter[updated_since]=${iso}`);
    const { h: fh, ids, school } = fixture;
    await fh.db.update(schools).set({ name: 'Renamed', updatedAt: new Date('2031-01-01T00:00:00Z') }).where(eq(schools.id, school.id));
    expect((await since('2030-12-31T00:00:00Z')).ids).toEqual([ids.a2024]);

    await fh.db.update(deliveryPartners).set({ name: 'D2 renamed', updatedAt: new Date('2032-01-01T00:00:00Z') }).where(eq(deliveryPartners.id, ids.d2!));
    const afterDp = await since('2031-12-31T00:00:00Z');
    expect(afterDp.ids).toEqual([ids.b2025]);
    expect(afterDp.json.data[0].attributes).toMatchObject({ delivery_partner_name: 'D2 renamed', updated_at: '2032-01-01T00:00:00Z' });

    const tutor = await addInductionTutor(fh.db, school.id, { name: 'Tess Tutor', email: 'tess@a.example', at: new Date('2033-01-01T00:00:00Z') });
    const afterTutor = await since('2032-12-31T00:00:00Z');
    expect(afterTutor.ids).toEqual([ids.a2024]);
    expect(afterTutor.json.data[0].attributes).toMatchObject({ induction_tutor_name: 'Tess Tutor', induction_tutor_email: 'tess@a.example' });

    await fh.db.update(users).set({ email: 'tess.new@a.example', updatedAt: new Date('2034-01-01T00:00:00Z') }).where(eq(users.id, tutor.id));
    const afterEmail = await since('2033-12-31T00:00:00Z');
    expect(afterEmail.ids).toEqual([ids.a2024]);
    expect(afterEmail.json.data[0].attributes.induction_tutor_email).toBe('tess.new@a.example');
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => fixture.h.countQueries(() => get(q));
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
  });

  it('is a 404 for another provider’s partnership or a relationship row', async () => {
    for (const id of [fixture.ids.theirs, fixture.ids.relationship, crypto.randomUUID()]) {
      expect((await fixture.h.request(`/api/v3/partnerships/ecf/${id}`, { token: fixture.lp.token })).status).toBe(404);
    }
    const res = await fixture.h.request(`/api/v3/partnerships/ecf/${fixture.ids.a2024}`, { token: fixture.lp.token });
    expect(ECFPartnershipResponseSchema.safeParse(await readJson(res)).success).toBe(true);
  });
});

describe('PUT /api/v3/partnerships/ecf/{id}', () => {
  it('changes the delivery partner in place, and emails the school', async () => {
    const school = await createSchool(h.db);
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp });
    h.clock.now = new Date('2025-11-20T10:00:00Z');
    const res = await put(id, { delivery_partner_id: dp2 });
    const json = await readJson(res);
    expect(res.status).toBe(200);
    expect(json.data).toMatchObject({ id, attributes: { delivery_partner_id: dp2, delivery_partner_name: 'Second DP', updated_at: '2025-11-20T10:00:00Z' } });
    expect(await h.db.select().from(emails).where(and(eq(emails.subjectId, id), eq(emails.template, 'partnership_delivery_partner_changed')))).toHaveLength(1);
    // PATCH does the same
    expect((await put(id, { delivery_partner_id: dp }, lp.token, 'PATCH')).status).toBe(200);
  });

  it('changes nothing when the delivery partner is the same', async () => {
    const school = await createSchool(h.db);
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, createdAt: new Date('2025-01-01T00:00:00Z') });
    const json = await readJson(await put(id, { delivery_partner_id: dp }));
    expect(json.data.attributes.updated_at).toBe('2025-01-01T00:00:00Z');
    expect(await h.db.select().from(emails).where(eq(emails.subjectId, id))).toHaveLength(0);
  });

  it('refuses a challenged partnership, a missing or foreign delivery partner, and an existing relationship', async () => {
    const school = await createSchool(h.db);
    const challenged = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, challengeReason: 'not_confirmed' });
    expect(await errorsOf(await put(challenged.id, { delivery_partner_id: dp2 }))).toEqual([{ title: 'delivery_partner_id', detail: m.challenged }]);
    const school2 = await createSchool(h.db);
    const active = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school2.id, year: 2025, deliveryPartnerId: dp });
    expect(await errorsOf(await put(active.id, {}))).toEqual([{ title: 'delivery_partner_id', detail: m.deliveryPartnerMissing }]);
    expect(await errorsOf(await put(active.id, { delivery_partner_id: otherDp }))).toEqual([{ title: 'delivery_partner_id', detail: m.deliveryPartnerNotYours }]);
    await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school2.id, year: 2025, deliveryPartnerId: dp2, relationship: true });
    expect(await errorsOf(await put(active.id, { delivery_partner_id: dp2 }))).toEqual([{ title: 'delivery_partner_id', detail: m.relationshipExists }]);
  });

  it('is a 404 for another provider’s partnership, and changes nothing', async () => {
    const school = await createSchool(h.db);
    const theirs = await createPartnership(h.db, { leadProviderId: other.id, schoolId: school.id, year: 2025, deliveryPartnerId: otherDp });
    const res = await put(theirs.id, { delivery_partner_id: dp });
    expect(res.status).toBe(404);
    const [row] = await h.db.select().from(partnerships).where(eq(partnerships.id, theirs.id));
    expect(row!.deliveryPartnerId).toBe(otherDp);
  });
});

describe('a school challenging a partnership (service)', () => {
  it('records the reason and time, and moves the partnership’s updated_at', async () => {
    const school = await createSchool(h.db);
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, createdAt: new Date('2025-09-01T00:00:00Z') });
    const now = new Date('2025-09-10T08:30:00Z');
    await challengePartnership({ db: h.db, now }, id, 'do_not_recognise');
    const json = await readJson(await h.request(`/api/v3/partnerships/ecf/${id}`, { token: lp.token }));
    expect(json.data.attributes).toMatchObject({ status: 'challenged', challenged_reason: 'do_not_recognise', challenged_at: '2025-09-10T08:30:00.000Z', updated_at: '2025-09-10T08:30:00Z' });
    const schoolJson = await readJson(await h.request(`/api/v3/schools/ecf/${school.id}?filter[cohort]=2025`, { token: lp.token }));
    expect(schoolJson.data.attributes.in_partnership).toBe(false);
  });

  it('records "no early career teachers" as the school’s choice for the cohort', async () => {
    const school = await createSchool(h.db);
    await createSchoolCohort(h.db, school.id, 2025, 'full_induction_programme');
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, createdAt: new Date('2025-09-01T00:00:00Z') });
    await challengePartnership({ db: h.db, now: new Date('2025-09-02T00:00:00Z') }, id, 'no_ects');
    const schoolJson = await readJson(await h.request(`/api/v3/schools/ecf/${school.id}?filter[cohort]=2025`, { token: lp.token }));
    expect(schoolJson.data.attributes).toMatchObject({ induction_programme_choice: 'no_early_career_teachers', in_partnership: false, updated_at: '2025-09-02T00:00:00Z' });
  });

  it('refuses an unknown reason, a second challenge and a challenge after the deadline', async () => {
    const school = await createSchool(h.db);
    const { id } = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp, challengeDeadline: new Date('2025-10-01T00:00:00Z') });
    const fail = async (fn: () => Promise<void>) => fn().then(() => null, (e: unknown) => (e instanceof DomainError ? e.errors[0]!.detail : String(e)));
    expect(await fail(() => challengePartnership({ db: h.db, now: new Date('2025-09-01T00:00:00Z') }, id, 'bored'))).toBe(challengeMessages.reasonInvalid);
    expect(await fail(() => challengePartnership({ db: h.db, now: new Date('2025-10-02T00:00:00Z') }, id, 'mistake'))).toBe(challengeMessages.tooLate);
    await challengePartnership({ db: h.db, now: new Date('2025-09-01T00:00:00Z') }, id, 'mistake');
    expect(await fail(() => challengePartnership({ db: h.db, now: new Date('2025-09-02T00:00:00Z') }, id, 'mistake'))).toBe(challengeMessages.alreadyChallenged);
  });
});
