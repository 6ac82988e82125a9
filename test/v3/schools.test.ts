import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolCohorts, schools } from '../../db/schema';
import { ECFSchoolResponseSchema, MultipleECFSchoolsResponseSchema } from '../../api/v3/schools/schemas';
import {
  createDeliveryPartner, createLeadProvider, createPartnership, createSchool, createSchoolCohort, type LeadProviderFixture,
} from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
const s: Record<string, { id: string; urn: string }> = {};

const day = (d: number) => new Date(Date.UTC(2024, 0, d));

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  const dp = await createDeliveryPartner(h.db);
  s.eligible = await createSchool(h.db, { name: 'Eligible', createdAt: day(1) });
  s.proposedToClose = await createSchool(h.db, { name: 'Proposed To Close', status: '3', createdAt: day(2) });
  s.section41 = await createSchool(h.db, { name: 'Section 41', type: '25', section41: true, createdAt: day(3) });
  s.closed = await createSchool(h.db, { name: 'Closed', status: '2', createdAt: day(4) });
  s.welsh = await createSchool(h.db, { name: 'Welsh', district: 'W06000015', createdAt: day(5) });
  s.ineligibleType = await createSchool(h.db, { name: 'Ineligible Type', type: '24', createdAt: day(6) });
  s.cipOnly = await createSchool(h.db, { name: 'CIP Only', type: '11', createdAt: day(7) });
  s.closedPartnered = await createSchool(h.db, { name: 'Closed Partnered', status: '2', createdAt: day(8) });
  s.closedChallenged = await createSchool(h.db, { name: 'Closed Challenged', status: '2', createdAt: day(9) });
  s.partnered = await createSchool(h.db, { name: 'Partnered By Other', createdAt: day(10) });
  s.relationshipOnly = await createSchool(h.db, { name: 'Relationship Only', createdAt: day(11) });
  s.schoolLed = await createSchool(h.db, { name: 'School Led', createdAt: day(12) });
  s.sparseDistrict = await createSchool(h.db, { name: 'Code 9999', district: '9999', createdAt: day(13) });

  await createPartnership(h.db, { leadProviderId: lp.id, schoolId: s.closedPartnered.id, year: 2025, deliveryPartnerId: dp.id });
  await createPartnership(h.db, { leadProviderId: lp.id, schoolId: s.closedChallenged.id, year: 2025, deliveryPartnerId: dp.id, challengeReason: 'mistake' });
  await createPartnership(h.db, { leadProviderId: other.id, schoolId: s.partnered.id, year: 2025, deliveryPartnerId: dp.id });
  await createPartnership(h.db, { leadProviderId: lp.id, schoolId: s.relationshipOnly.id, year: 2025, deliveryPartnerId: dp.id, relationship: true });
  await createSchoolCohort(h.db, s.partnered.id, 2025, 'full_induction_programme');
  await createSchoolCohort(h.db, s.schoolLed.id, 2025, 'core_induction_programme');
  await createSchoolCohort(h.db, s.schoolLed.id, 2024, 'school_funded_fip');
  await createSchoolCohort(h.db, s.eligible.id, 2025, 'no_early_career_teachers');
});
afterAll(() => h.close());

async function list(query: string, token = lp.token) {
  const res = await h.request(`/api/v3/schools/ecf${query}`, { token });
  const body = await readJson(res);
  return { res, body, names: (body.data ?? []).map((d: { attributes: { name: string } }) => d.attributes.name) as string[] };
}

describe('GET /api/v3/schools/ecf', () => {
  it('needs filter[cohort]', async () => {
    for (const q of ['', '?filter[urn]=123456']) {
      const { res, body } = await list(q);
      expect(res.status).toBe(400);
      expect(body.errors[0]).toEqual({ title: 'Bad parameter', detail: expect.stringContaining('filter[cohort]') });
    }
  });

  it('shows eligible schools and schools with a confirmed partnership in the cohort, never ineligible or CIP-only ones', async () => {
    const { res, body, names } = await list('?filter[cohort]=2025');
    expect(res.status).toBe(200);
    expect(MultipleECFSchoolsResponseSchema.safeParse(body).success).toBe(true);
    expect(names).toEqual(['Eligible', 'Proposed To Close', 'Section 41', 'Closed Partnered', 'Partnered By Other', 'Relationship Only', 'School Led', 'Code 9999']);
    // in another cohort, the closed school's partnership does not count
    expect((await list('?filter[cohort]=2024')).names).not.toContain('Closed Partnered');
  });

  it('is the same list for every provider', async () => {
    expect((await list('?filter[cohort]=2025', other.token)).names).toEqual((await list('?filter[cohort]=2025')).names);
  });

  it('renders cohort, in_partnership and the programme choice in the 2025 naming', async () => {
    const byName = Object.fromEntries((await list('?filter[cohort]=2025')).body.data.map((d: { attributes: { name: string } }) => [d.attributes.name, d.attributes]));
    expect(byName['Partnered By Other']).toMatchObject({ cohort: '2025', in_partnership: true, induction_programme_choice: 'provider_led' });
    expect(byName['Relationship Only']).toMatchObject({ in_partnership: true, induction_programme_choice: 'not_yet_known' });
    expect(byName['School Led']).toMatchObject({ in_partnership: false, induction_programme_choice: 'school_led' });
    expect(byName.Eligible).toMatchObject({ in_partnership: false, induction_programme_choice: 'no_early_career_teachers', urn: s.eligible!.urn });
    const y2024 = Object.fromEntries((await list('?filter[cohort]=2024')).body.data.map((d: { attributes: { name: string } }) => [d.attributes.name, d.attributes]));
    expect(y2024['School Led']).toMatchObject({ cohort: '2024', induction_programme_choice: 'provider_led' });
  });

  it('matches nothing for a cohort list, an unknown year or a non-year', async () => {
    for (const q of ['2024,2025', '1999', 'abc', '']) expect((await list(`?filter[cohort]=${q}`)).body).toEqual({ data: [] });
  });

  it('filters by URN', async () => {
    expect((await list(`?filter[cohort]=2025&filter[urn]=${s.schoolLed!.urn}`)).names).toEqual(['School Led']);
    expect((await list(`?filter[cohort]=2025&filter[urn]=${s.cipOnly!.urn}`)).names).toEqual([]);
  });

  it('filters by updated_since on the school or any of its cohort choices, and shows the later time', async () => {
    const t = new Date('2030-01-01T00:00:00Z');
    await h.db.update(schools).set({ updatedAt: t }).where(eq(schools.id, s.proposedToClose!.id));
    await h.db.update(schoolCohorts).set({ updatedAt: t }).where(eq(schoolCohorts.schoolId, s.schoolLed!.id));
    const { names, body } = await list('?filter[cohort]=2025&filter[updated_since]=2029-12-31T00:00:00Z');
    expect(names).toEqual(['Proposed To Close', 'School Led']);
    expect(body.data[1].attributes.updated_at).toBe('2030-01-01T00:00:00Z');
  });

  it('sorts by school columns and pages stably', async () => {
    const all = (await list('?filter[cohort]=2025&sort=-created_at')).names;
    expect(all[0]).toBe('Code 9999');
    const paged: string[] = [];
    for (let p = 1; p <= 3; p++) paged.push(...(await list(`?filter[cohort]=2025&sort=-created_at&page[per_page]=3&page[page]=${p}`)).names);
    expect(paged).toEqual(all);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => list(q));
    expect(await count('?filter[cohort]=2025&page[per_page]=1')).toBe(await count('?filter[cohort]=2025&page[per_page]=100'));
  });
});

describe('GET /api/v3/schools/ecf/{id}', () => {
  it('returns a visible school for the cohort', async () => {
    const res = await h.request(`/api/v3/schools/ecf/${s.closedPartnered!.id}?filter[cohort]=2025`, { token: lp.token });
    const body = await readJson(res);
    expect(res.status).toBe(200);
    expect(ECFSchoolResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data.attributes).toMatchObject({ name: 'Closed Partnered', in_partnership: true, cohort: '2025' });
  });

  it('needs filter[cohort], and is a 404 for hidden schools, unknown cohorts and unknown ids', async () => {
    expect((await h.request(`/api/v3/schools/ecf/${s.eligible!.id}`, { token: lp.token })).status).toBe(400);
    for (const [id, cohort] of [[s.cipOnly!.id, '2025'], [s.closed!.id, '2025'], [s.closedPartnered!.id, '2024'], [s.eligible!.id, '1999'], [crypto.randomUUID(), '2025']] as const) {
      const res = await h.request(`/api/v3/schools/ecf/${id}?filter[cohort]=${cohort}`, { token: lp.token });
      expect(res.status, `${id} ${cohort}`).toBe(404);
    }
  });
});
