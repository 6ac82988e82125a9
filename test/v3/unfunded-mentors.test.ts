import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortId } from '../../db/reference-data/load';
import { inductionProgrammes, inductionRecords, participantIdentities, schoolCohorts, users } from '../../db/schema';
import { MultipleUnfundedMentorsResponseSchema, UnfundedMentorResponseSchema } from '../../api/v3/unfunded-mentors/schemas';
import { createLeadProvider, createSchool, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { addInductionRecord, createParticipant, createPlacement, type ParticipantFixture, type Placement } from '../support/participants';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let ours: Placement;
let ours2: Placement;
let challenged: Placement;
let theirs: Placement;
let schoolLed: Placement;
const m: Record<string, ParticipantFixture> = {};
const ect: Record<string, ParticipantFixture> = {};

const at = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function schoolLedPlacement(year: number): Promise<Placement> {
  const school = await createSchool(h.db);
  const schoolCohortId = crypto.randomUUID();
  const programmeId = crypto.randomUUID();
  const now = at('2025-01-01');
  await h.db.insert(schoolCohorts).values({ id: schoolCohortId, schoolId: school.id, cohortId: cohortId(year), inductionProgrammeChoice: 'core_induction_programme', createdAt: now, updatedAt: now });
  await h.db.insert(inductionProgrammes).values({ id: programmeId, schoolCohortId, partnershipId: null, trainingProgramme: 'core_induction_programme', createdAt: now, updatedAt: now });
  return { leadProviderId: '', year, schoolId: school.id, schoolUrn: school.urn, schoolCohortId, programmeId, partnershipId: '', deliveryPartnerId: '' };
}

const mentor = (placement: Placement, name: string, created: string, trn: string | null = null) =>
  createParticipant(h.db, placement, { type: 'mentor', name, trn, createdAt: at(created) });

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  ours = await createPlacement(h.db, lp.id, 2025);
  ours2 = await createPlacement(h.db, lp.id, 2024);
  theirs = await createPlacement(h.db, other.id, 2025);
  challenged = await createPlacement(h.db, lp.id, 2025, { challengeReason: 'mistake' });
  schoolLed = await schoolLedPlacement(2025);

  // Trained by the other provider, mentoring two of our ECTs (listed once). Their latest own
  // record (with the other provider) uses a newer email identity.
  m.olive = await mentor(theirs, 'Olive Other', '2025-02-01', '2000001');
  const identityId = crypto.randomUUID();
  await h.db.insert(participantIdentities).values({
    id: identityId, userId: m.olive.userId, email: 'olive@new-school.example', externalIdentifier: crypto.randomUUID(), createdAt: at('2025-06-01'), updatedAt: at('2025-06-01'),
  });
  await addInductionRecord(h.db, m.olive.profileId, theirs, { startDate: at('2025-06-01'), createdAt: at('2025-06-01'), preferredIdentityId: identityId });
  ect.one = await createParticipant(h.db, ours, { mentorProfileId: m.olive.profileId, createdAt: at('2025-03-01') });
  ect.two = await createParticipant(h.db, ours2, { mentorProfileId: m.olive.profileId, createdAt: at('2025-03-02') });

  // Trained by nobody (school-led), no TRN, and no preferred identity on their record: the user's email.
  m.sam = await mentor(schoolLed, 'Sam School-led', '2025-02-02');
  await h.db.update(inductionRecords).set({ preferredIdentityId: null }).where(eq(inductionRecords.id, m.sam.recordId));
  ect.three = await createParticipant(h.db, ours, { mentorProfileId: m.sam.profileId, createdAt: at('2025-03-03') });

  // Trained by us: a participant, not an unfunded mentor. The other provider's ECT has them as mentor.
  m.uma = await mentor(ours, 'Uma Ours', '2025-02-03', '2000003');
  ect.four = await createParticipant(h.db, ours, { mentorProfileId: m.uma.profileId, createdAt: at('2025-03-04') });
  ect.theirs = await createParticipant(h.db, theirs, { mentorProfileId: m.uma.profileId, createdAt: at('2025-03-05') });

  // Mentor of an ECT whose only record with us is under a challenged partnership.
  m.chad = await mentor(theirs, 'Chad Challenged', '2025-02-04');
  ect.challenged = await createParticipant(h.db, challenged, { mentorProfileId: m.chad.profileId, createdAt: at('2025-03-06') });

  // Mentor of an ECT DfE has not validated yet.
  m.val = await mentor(theirs, 'Val Unvalidated', '2025-02-05');
  ect.unvalidated = await createParticipant(h.db, ours, { mentorProfileId: m.val.profileId, eligibility: null, createdAt: at('2025-03-07') });

  // The ECT's mentor changed: only the mentor on the latest record counts.
  m.old = await mentor(theirs, 'Otto Old Mentor', '2025-02-06');
  m.fresh = await mentor(theirs, 'Fran Fresh Mentor', '2025-02-07', '2000007');
  ect.changed = await createParticipant(h.db, ours, { mentorProfileId: m.old.profileId, inductionStatus: 'changed', endDate: at('2025-05-01'), createdAt: at('2025-03-08') });
  await addInductionRecord(h.db, ect.changed.profileId, ours, { mentorProfileId: m.fresh.profileId, startDate: at('2025-05-01'), createdAt: at('2025-05-01'), preferredIdentityId: ect.changed.identityId });

  // API-facing updated_at of the listed mentors: Fran changed first, Olive last.
  const updated: [string, string][] = [['olive', '2025-10-03'], ['sam', '2025-10-02'], ['fresh', '2025-10-01'], ['uma', '2025-10-04']];
  for (const [name, day] of updated) await h.db.update(users).set({ apiUpdatedAt: at(day) }).where(eq(users.id, m[name]!.userId));
});
afterAll(() => h.close());

async function list(query = '', token = lp.token) {
  const res = await h.request(`/api/v3/unfunded-mentors/ecf${query}`, { token });
  const json = await readJson(res);
  return { res, json, ids: (json.data ?? []).map((d: { id: string }) => d.id) as string[] };
}

async function show(id: string, token = lp.token) {
  const res = await h.request(`/api/v3/unfunded-mentors/ecf/${id}`, { token });
  return { res, json: await readJson(res) };
}

const ids = (...names: string[]) => names.map((n) => m[n]!.userId);

describe('GET /api/v3/unfunded-mentors/ecf', () => {
  it('lists the mentors of the caller’s ECTs whom the caller does not train, oldest first, in the contract shape', async () => {
    const { res, json, ids: listed } = await list();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(MultipleUnfundedMentorsResponseSchema.safeParse(json).success).toBe(true);
    expect(listed).toEqual(ids('olive', 'sam', 'fresh'));
    expect(json.data[0]).toEqual({
      id: m.olive!.userId,
      type: 'unfunded-mentor',
      attributes: {
        full_name: 'Olive Other',
        email: 'olive@new-school.example',
        teacher_reference_number: '2000001',
        created_at: '2025-02-01T00:00:00Z',
        updated_at: '2025-10-03T00:00:00Z',
      },
    });
  });

  it('falls back to the user’s email without a preferred identity, and shows a missing TRN as null', async () => {
    const [user] = await h.db.select().from(users).where(eq(users.id, m.sam!.userId));
    const { json } = await show(m.sam!.userId);
    expect(json.data.attributes).toEqual({
      full_name: 'Sam School-led', email: user!.email, teacher_reference_number: null,
      created_at: '2025-02-02T00:00:00Z', updated_at: '2025-10-02T00:00:00Z',
    });
    // Fran's own record keeps its preferred identity.
    expect((await show(m.fresh!.userId)).json.data.attributes.email).toBe(`${m.fresh!.userId}@identity.example`);
  });

  it('shows each provider the mentors it does not train', async () => {
    expect((await list('', other.token)).ids).toEqual(ids('uma'));
    expect((await show(m.uma!.userId, other.token)).json.data.attributes).toMatchObject({ full_name: 'Uma Ours', teacher_reference_number: '2000003' });
  });

  it('filters by updated_since (inclusive)', async () => {
    expect((await list('?filter[updated_since]=2025-10-02T00:00:00Z')).ids).toEqual(ids('olive', 'sam'));
    expect((await list('?filter[updated_since]=2025-10-03T00:00:00Z')).ids).toEqual(ids('olive'));
    expect((await list('?filter[updated_since]=2025-10-04T00:00:00Z')).ids).toEqual([]);
    const bad = await list('?filter[updated_since]=nope');
    expect(bad.res.status).toBe(400);
    expect(bad.json.errors[0]).toEqual({ title: 'Bad request', detail: expect.stringContaining('updated_since') });
  });

  it('sorts by user columns, ignoring unknown ones', async () => {
    expect((await list('?sort=updated_at')).ids).toEqual(ids('fresh', 'sam', 'olive'));
    expect((await list('?sort=-updated_at')).ids).toEqual(ids('olive', 'sam', 'fresh'));
    expect((await list('?sort=-created_at')).ids).toEqual(ids('fresh', 'sam', 'olive'));
    expect((await list('?sort=full_name')).ids).toEqual(ids('fresh', 'olive', 'sam'));
    expect((await list('?sort=nonsense')).ids).toEqual(ids('olive', 'sam', 'fresh'));
  });

  it('paginates, and a page past the end is empty', async () => {
    expect((await list('?page[per_page]=2')).ids).toEqual(ids('olive', 'sam'));
    expect((await list('?page[per_page]=2&page[page]=2')).ids).toEqual(ids('fresh'));
    expect((await list('?page[per_page]=2&page[page]=3')).json).toEqual({ data: [] });
    expect((await list('?page[per_page]=abc')).res.status).toBe(400);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => list(q));
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
  });
});

describe('GET /api/v3/unfunded-mentors/ecf/{id}', () => {
  it('returns one unfunded mentor', async () => {
    const { res, json } = await show(m.olive!.userId);
    expect(res.status).toBe(200);
    expect(UnfundedMentorResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data).toMatchObject({ id: m.olive!.userId, type: 'unfunded-mentor', attributes: { email: 'olive@new-school.example' } });
  });

  it('is a 404, exactly like a missing id, for anyone who is not an unfunded mentor of the caller', async () => {
    const missing = await show(crypto.randomUUID());
    expect(missing.res.status).toBe(404);
    expect(missing.json.errors[0].title).toBeTruthy();
    // trained by us; mentor of a challenged partnership's ECT; of an unvalidated ECT; of an earlier record; an ECT.
    for (const id of [m.uma!.userId, m.chad!.userId, m.val!.userId, m.old!.userId, ect.one!.userId, 'not-a-uuid']) {
      const { res, json } = await show(id);
      expect(res.status, id).toBe(404);
      expect(json).toEqual(missing.json);
    }
    // Our unfunded mentor is not the other provider's.
    expect((await show(m.olive!.userId, other.token)).res.status).toBe(404);
  });
});
