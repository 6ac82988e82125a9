import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortId, scheduleId } from '../../db/reference-data/load';
import {
  inductionRecords, participantEligibilities, schedules, participantIdChanges, participantIdentities, participantProfiles, partnerships, schools, users,
} from '../../db/schema';
import { ECFParticipantResponseSchema, MultipleECFParticipantsResponseSchema } from '../../api/v3/participants/schemas';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { addInductionRecord, createParticipant, createPlacement, recordState, type Placement } from '../support/participants';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let p2025: Placement;
let p2024: Placement;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  p2025 = await createPlacement(h.db, lp.id, 2025);
  p2024 = await createPlacement(h.db, lp.id, 2024);
});
afterAll(() => h.close());

async function list(query = '', token = lp.token, headers: Record<string, string> = {}) {
  const res = await h.request(`/api/v3/participants/ecf${query}`, { token, headers });
  const json = await readJson(res);
  return { res, json, ids: (json.data ?? []).map((p: { id: string }) => p.id) as string[] };
}

async function show(id: string, token = lp.token, headers: Record<string, string> = {}) {
  const res = await h.request(`/api/v3/participants/ecf/${id}`, { token, headers });
  return { res, json: await readJson(res) };
}

describe('GET /api/v3/participants/ecf', () => {
  it('shows a validated participant with every enrolment field', async () => {
    const mentor = await createParticipant(h.db, p2025, { type: 'mentor', name: 'Mo Mentor', createdAt: at('2025-02-01T00:00:00Z') });
    const ect = await createParticipant(h.db, p2025, {
      name: 'Ellie ECT', trn: '1234567', mentorProfileId: mentor.profileId, pupilPremiumUplift: true, createdAt: at('2025-02-02T00:00:00Z'),
      startDate: at('2025-09-01T00:00:00Z'),
    });
    const { res, json } = await show(ect.userId);
    expect(res.status).toBe(200);
    expect(ECFParticipantResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data).toEqual({
      id: ect.userId,
      type: 'participant',
      attributes: {
        full_name: 'Ellie ECT',
        teacher_reference_number: '1234567',
        updated_at: '2025-02-02T00:00:00Z',
        participant_id_changes: [],
        ecf_enrolments: [{
          training_record_id: ect.profileId,
          email: `${ect.userId}@identity.example`,
          mentor_id: mentor.userId,
          school_urn: p2025.schoolUrn,
          participant_type: 'ect',
          cohort: '2025',
          training_status: 'active',
          participant_status: 'active',
          teacher_reference_number_validated: true,
          eligible_for_funding: true,
          pupil_premium_uplift: true,
          sparsity_uplift: false,
          schedule_identifier: 'ecf-standard-september',
          delivery_partner_id: p2025.deliveryPartnerId,
          withdrawal: null,
          deferral: null,
          created_at: '2025-02-02T00:00:00Z',
          induction_end_date: null,
          mentor_funding_end_date: null,
          cohort_changed_after_payments_frozen: false,
          mentor_ineligible_for_funding_reason: null,
        }],
      },
    });
    const mentorJson = (await show(mentor.userId)).json;
    expect(mentorJson.data.attributes.ecf_enrolments[0]).toMatchObject({ participant_type: 'mentor', mentor_id: null });
  });

  it('hides participants DfE has not validated, other providers’ participants, and those under a challenged partnership', async () => {
    const unvalidated = await createParticipant(h.db, p2025, { eligibility: null });
    const theirs = await createParticipant(h.db, await createPlacement(h.db, other.id, 2025));
    const challenged = await createParticipant(h.db, await createPlacement(h.db, lp.id, 2025, { challengeReason: 'mistake' }));
    const unknown = await show(crypto.randomUUID());
    expect(unknown.res.status).toBe(404);
    for (const p of [unvalidated, theirs, challenged]) {
      const { res, json } = await show(p.userId);
      expect(res.status).toBe(404);
      expect(json).toEqual(unknown.json);
    }
    const all = (await list('?page[per_page]=3000')).ids;
    expect(all).not.toContain(unvalidated.userId);
    expect(all).not.toContain(theirs.userId);
    expect(all).not.toContain(challenged.userId);
    expect((await show(theirs.userId, other.token)).res.status).toBe(200);
  });

  it('keeps showing a participant who moved to another provider, through their last record here', async () => {
    const p = await createParticipant(h.db, p2025, { startDate: at('2025-01-01T00:00:00Z') });
    await h.db.update(participantProfiles).set({ updatedAt: at('2025-03-01T00:00:00Z') }).where(eq(participantProfiles.id, p.profileId));
    await h.db.update(inductionRecords).set({ inductionStatus: 'leaving', endDate: at('2025-12-31T00:00:00Z'), updatedAt: at('2025-03-01T00:00:00Z') }).where(eq(inductionRecords.id, p.recordId));
    const elsewhere = await createPlacement(h.db, other.id, 2025);
    await addInductionRecord(h.db, p.profileId, elsewhere, { startDate: at('2026-01-01T00:00:00Z'), createdAt: at('2025-03-02T00:00:00Z'), schoolTransfer: true });
    // Our view: the record that ends at our school: leaving before the end date, left after it.
    const before = await show(p.userId, lp.token, { 'X-With-Server-Date': '2025-12-01T00:00:00Z' });
    expect(before.json.data.attributes.ecf_enrolments[0].participant_status).toBe('leaving');
    const after = await show(p.userId, lp.token, { 'X-With-Server-Date': '2026-02-01T00:00:00Z' });
    expect(after.json.data.attributes.ecf_enrolments[0].participant_status).toBe('left');
    // Theirs: joining until the start date.
    const theirs = await show(p.userId, other.token, { 'X-With-Server-Date': '2025-12-01T00:00:00Z' });
    expect(theirs.json.data.attributes.ecf_enrolments[0]).toMatchObject({ participant_status: 'joining', delivery_partner_id: elsewhere.deliveryPartnerId });
  });

  it('shows withdrawal and deferral with the caller’s reason and date, in today’s words', async () => {
    const withdrawn = await createParticipant(h.db, p2025, { trainingStatus: 'withdrawn' });
    await recordState(h.db, withdrawn.profileId, lp.id, 'withdrawn', 'school-left-fip', at('2025-04-01T10:00:00Z'));
    const deferred = await createParticipant(h.db, p2025, { trainingStatus: 'deferred' });
    await recordState(h.db, deferred.profileId, other.id, 'deferred', 'other', at('2025-05-01T10:00:00Z'));
    await recordState(h.db, deferred.profileId, lp.id, 'deferred', 'parental-leave', at('2025-04-01T10:00:00Z'));
    const w = (await show(withdrawn.userId)).json.data.attributes.ecf_enrolments[0];
    expect(w).toMatchObject({ training_status: 'withdrawn', withdrawal: { reason: 'switched-to-school-led', date: '2025-04-01T10:00:00Z' }, deferral: null });
    const d = (await show(deferred.userId)).json.data.attributes.ecf_enrolments[0];
    expect(d).toMatchObject({ training_status: 'deferred', deferral: { reason: 'parental-leave', date: '2025-04-01T10:00:00Z' }, withdrawal: null });
  });

  it('renders validation and funding from DfE’s eligibility result', async () => {
    const noTrn = await createParticipant(h.db, p2025, { trn: null, eligibility: 'manual_check' });
    const differentTrn = await createParticipant(h.db, p2025, { eligibility: 'ineligible', eligibilityReason: 'different_trn' });
    expect((await show(noTrn.userId)).json.data.attributes.ecf_enrolments[0]).toMatchObject({ teacher_reference_number_validated: null, eligible_for_funding: null });
    expect((await show(differentTrn.userId)).json.data.attributes.ecf_enrolments[0]).toMatchObject({ teacher_reference_number_validated: false, eligible_for_funding: false });
  });
});

describe('participant filters, order and paging', () => {
  let fh: Harness;
  let me: LeadProviderFixture;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    fh = await createHarness();
    me = await createLeadProvider(fh.db);
    const y2021 = await createPlacement(fh.db, me.id, 2021);
    const y2024 = await createPlacement(fh.db, me.id, 2024);
    const y2020 = await createPlacement(fh.db, me.id, 2020);
    // The reference data has no 2020 schedules (the pilot year); make one for this test.
    await fh.db.insert(schedules).values({ id: scheduleId('ecf-standard-september', 2020), cohortId: cohortId(2020), scheduleIdentifier: 'ecf-standard-september', name: 'Pilot', type: 'ecf_standard', createdAt: at('2020-01-01T00:00:00Z'), updatedAt: at('2020-01-01T00:00:00Z') });
    ids.a = (await createParticipant(fh.db, y2024, { createdAt: at('2024-01-01T00:00:00Z') })).userId;
    ids.b = (await createParticipant(fh.db, y2021, { createdAt: at('2024-01-02T00:00:00Z'), trainingStatus: 'deferred' })).userId;
    // lives in a 2024 school cohort but on a 2021 schedule: the filter uses the schedule's cohort
    ids.c = (await createParticipant(fh.db, y2024, { createdAt: at('2024-01-03T00:00:00Z'), scheduleYear: 2021, trainingStatus: 'withdrawn' })).userId;
    ids.pilot = (await createParticipant(fh.db, y2020, { createdAt: at('2024-01-04T00:00:00Z') })).userId;
  });
  afterAll(() => fh.close());

  const get = async (q: string) => {
    const res = await fh.request(`/api/v3/participants/ecf${q}`, { token: me.token });
    const json = await readJson(res);
    return { res, json, ids: (json.data ?? []).map((p: { id: string }) => p.id) as string[] };
  };

  it('lists cohorts after 2020 by default, oldest first, in the contract shape', async () => {
    const { json, ids: got } = await get('');
    expect(MultipleECFParticipantsResponseSchema.safeParse(json).success).toBe(true);
    expect(got).toEqual([ids.a, ids.b, ids.c]);
  });

  it('filters by the schedule’s cohort, training status and updated_since', async () => {
    expect((await get('?filter[cohort]=2021')).ids).toEqual([ids.b, ids.c]);
    expect((await get('?filter[cohort]=2020')).ids).toEqual([ids.pilot]);
    expect((await get('?filter[training_status]=deferred')).ids).toEqual([ids.b]);
    expect((await get('?filter[training_status]=withdrawn&filter[cohort]=2021')).ids).toEqual([ids.c]);
    await fh.db.update(users).set({ apiUpdatedAt: at('2030-01-01T00:00:00Z') }).where(eq(users.id, ids.b!));
    expect((await get('?filter[updated_since]=2029-01-01T00:00:00Z')).ids).toEqual([ids.b]);
  });

  it('rejects an unknown training status with a 400', async () => {
    const { res, json } = await get('?filter[training_status]=paused');
    expect(res.status).toBe(400);
    expect(json.errors[0].detail).toContain('active, deferred, withdrawn');
  });

  it('sorts and pages without repeats or gaps', async () => {
    expect((await get('?sort=-created_at')).ids).toEqual([ids.c, ids.b, ids.a]);
    const paged = [...(await get('?page[per_page]=2')).ids, ...(await get('?page[per_page]=2&page[page]=2')).ids];
    expect(paged).toEqual([ids.a, ids.b, ids.c]);
  });

  it('finds the participant a retired id was merged into; the retired id itself is not found', async () => {
    const retired = crypto.randomUUID();
    await fh.db.insert(participantIdChanges).values({ id: crypto.randomUUID(), userId: ids.a!, fromParticipantId: retired, toParticipantId: ids.a!, createdAt: at('2025-06-01T00:00:00Z') });
    const { ids: got, json } = await get(`?filter[from_participant_id]=${retired}`);
    expect(got).toEqual([ids.a]);
    expect(json.data[0].attributes.participant_id_changes).toEqual([{ from_participant_id: retired, to_participant_id: ids.a, changed_at: '2025-06-01T00:00:00Z' }]);
    expect((await fh.request(`/api/v3/participants/ecf/${retired}`, { token: me.token })).status).toBe(404);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => fh.countQueries(() => get(q));
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
  });
});

describe('participant updated_at follows everything the participant shows', () => {
  let p: Awaited<ReturnType<typeof createParticipant>>;
  let stamp = Date.parse('2030-01-01T00:00:00Z');
  const next = () => new Date((stamp += 86_400_000));

  beforeAll(async () => {
    p = await createParticipant(h.db, p2024, { createdAt: at('2025-01-01T00:00:00Z') });
  });

  async function expectFound(when: Date) {
    const since = new Date(when.getTime() - 1000).toISOString();
    const { ids, json } = await list(`?filter[updated_since]=${since}&page[per_page]=3000`);
    expect(ids).toContain(p.userId);
    const mine = json.data.find((x: { id: string }) => x.id === p.userId);
    expect(mine.attributes.updated_at).toBe(`${when.toISOString().slice(0, 19)}Z`);
  }

  it.each([
    ['the training record', async (t: Date) => { await h.db.update(participantProfiles).set({ sparsityUplift: true, updatedAt: t }).where(eq(participantProfiles.id, p.profileId)); }],
    ['the email (identity)', async (t: Date) => { await h.db.update(participantIdentities).set({ email: `new-${t.getTime()}@example.com`, updatedAt: t }).where(eq(participantIdentities.id, p.identityId)); }],
    ['a new induction record (school, mentor or schedule)', async (t: Date) => { await addInductionRecord(h.db, p.profileId, p2024, { createdAt: t, startDate: t }); }],
    ['a provider action (state)', async (t: Date) => { await recordState(h.db, p.profileId, lp.id, 'deferred', 'other', t); }],
    ['DfE’s validation', async (t: Date) => { await h.db.update(participantEligibilities).set({ status: 'ineligible', updatedAt: t }).where(eq(participantEligibilities.participantProfileId, p.profileId)); }],
    ['a merged id', async (t: Date) => { await h.db.insert(participantIdChanges).values({ id: crypto.randomUUID(), userId: p.userId, fromParticipantId: crypto.randomUUID(), toParticipantId: p.userId, createdAt: t }); }],
    ['the school’s URN', async (t: Date) => { await h.db.update(schools).set({ urn: String(t.getTime()).slice(-6), updatedAt: t }).where(eq(schools.id, p2024.schoolId)); }],
    ['the partnership’s delivery partner', async (t: Date) => {
      const [row] = await h.db.select().from(partnerships).where(eq(partnerships.id, p2024.partnershipId));
      await h.db.update(partnerships).set({ deliveryPartnerId: row!.deliveryPartnerId, updatedAt: t }).where(eq(partnerships.id, p2024.partnershipId));
    }],
  ])('moves when %s changes', async (_what, change) => {
    const t = next();
    await change(t);
    await expectFound(t);
  });
});
