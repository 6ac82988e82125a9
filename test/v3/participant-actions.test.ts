import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, inductionRecords, participantIdentities, participantProfileSchedules, participantProfileStates, participantProfiles } from '../../db/schema';
import { actionMessages as m } from '../../api/services/participants/actions/messages';
import { ECFParticipantResponseSchema } from '../../api/v3/participants/schemas';
import { deferralReasons, withdrawalReasons } from '../../api/domain/training-status';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createDeclaration, createParticipant, createPlacement, type ParticipantOptions, type Placement } from '../support/participants';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let place: Placement;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  place = await createPlacement(h.db, lp.id, 2024);
  h.clock.now = new Date('2025-06-10T12:00:00Z');
});
afterAll(() => h.close());

function act(id: string, action: string, attributes: Record<string, unknown>, token = lp.token, harness = h) {
  return harness.request(`/api/v3/participants/ecf/${id}/${action}`, {
    method: 'PUT', token, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { type: `participant-${action}`, attributes } }),
  });
}

async function errors(res: Response) {
  expect(res.status).toBe(422);
  return (await readJson(res)).errors as { title: string; detail: string }[];
}

const ect = (opts: ParticipantOptions = {}, placement = place) => createParticipant(h.db, placement, { createdAt: new Date('2024-09-01T00:00:00Z'), ...opts });

async function history(profileId: string) {
  const records = await h.db.select().from(inductionRecords).where(eq(inductionRecords.participantProfileId, profileId)).orderBy(inductionRecords.createdAt);
  const states = await h.db.select().from(participantProfileStates).where(eq(participantProfileStates.participantProfileId, profileId));
  const [profile] = await h.db.select().from(participantProfiles).where(eq(participantProfiles.id, profileId));
  return { records, states, profile: profile! };
}

describe('defer, resume and withdraw', () => {
  it('defers with a reason: returns the participant, logs the state, opens a new induction record', async () => {
    const p = await ect();
    const res = await act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'long-term-sickness' });
    const json = await readJson(res);
    expect(res.status).toBe(200);
    expect(ECFParticipantResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data.attributes.ecf_enrolments[0]).toMatchObject({
      training_status: 'deferred', deferral: { reason: 'long-term-sickness', date: '2025-06-10T12:00:00Z' }, withdrawal: null, participant_status: 'active',
    });
    expect(json.data.attributes.updated_at).toBe('2025-06-10T12:00:00Z');
    const { records, states, profile } = await history(p.profileId);
    expect(profile.trainingStatus).toBe('deferred');
    expect(states).toMatchObject([{ state: 'deferred', reason: 'long-term-sickness', leadProviderId: lp.id }]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ inductionStatus: 'changed', endDate: h.clock.now });
    expect(records[1]).toMatchObject({ inductionStatus: 'active', trainingStatus: 'deferred', startDate: h.clock.now, endDate: null });
  });

  it('checks the reason against the lists', async () => {
    const p = await ect();
    expect(await errors(await act(p.userId, 'defer', { course_identifier: 'ecf-induction' }))).toEqual([
      { title: 'reason', detail: `${m.reasonMissing}, ${m.reasonInvalid(deferralReasons)}` },
    ]);
    expect(await errors(await act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'holiday' }))).toEqual([{ title: 'reason', detail: m.reasonInvalid(deferralReasons) }]);
    // the old withdrawal reason is no longer accepted
    expect(await errors(await act(p.userId, 'withdraw', { course_identifier: 'ecf-induction', reason: 'school-left-fip' }))).toEqual([{ title: 'reason', detail: m.reasonInvalid(withdrawalReasons) }]);
    expect((await history(p.profileId)).states).toHaveLength(0);
  });

  it('refuses what is already so: deferred twice, deferring the withdrawn, withdrawn twice, resuming the active', async () => {
    const p = await ect();
    expect((await act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'other' })).status).toBe(200);
    expect(await errors(await act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'other' }))).toEqual([{ title: 'participant_profile', detail: m.alreadyDeferred }]);
    expect((await act(p.userId, 'withdraw', { course_identifier: 'ecf-induction', reason: 'moved-school' })).status).toBe(200);
    // the school hears about the withdrawal, once
    const mails = await h.db.select().from(emails).where(eq(emails.subjectId, p.profileId));
    expect(mails).toMatchObject([{ template: 'participant_withdrawn', status: 'queued' }]);
    expect(JSON.parse(mails[0]!.personalisation)).toMatchObject({ reason: 'moved-school' });
    expect(await errors(await act(p.userId, 'withdraw', { course_identifier: 'ecf-induction', reason: 'moved-school' }))).toEqual([{ title: 'participant_profile', detail: m.alreadyWithdrawn }]);
    expect(await errors(await act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'other' }))).toEqual([{ title: 'participant_profile', detail: m.alreadyWithdrawn }]);
    // a withdrawn participant can be resumed
    const resumed = await readJson(await act(p.userId, 'resume', { course_identifier: 'ecf-induction' }));
    expect(resumed.data.attributes.ecf_enrolments[0]).toMatchObject({ training_status: 'active', withdrawal: null, deferral: null });
    expect(await errors(await act(p.userId, 'resume', { course_identifier: 'ecf-induction' }))).toEqual([{ title: 'participant_profile', detail: m.alreadyActive }]);
    expect((await history(p.profileId)).states.map((s) => s.state)).toEqual(['deferred', 'withdrawn', 'active']);
  });

  it('needs the right course_identifier', async () => {
    const p = await ect();
    expect(await errors(await act(p.userId, 'resume', {}))).toEqual([{ title: 'course_identifier', detail: `${m.courseNotRecognised}, ${m.courseMissing}` }]);
    expect(await errors(await act(p.userId, 'defer', { course_identifier: 'ecf-mentor', reason: 'other' }))).toEqual([{ title: 'course_identifier', detail: m.courseNotRecognised }]);
  });

  it('is a 404, like an unknown id, for another provider’s participant, an unvalidated one or one under a challenged partnership; nothing changes', async () => {
    const theirs = await ect({}, await createPlacement(h.db, other.id, 2024));
    const unvalidated = await ect({ eligibility: null });
    const challenged = await ect({}, await createPlacement(h.db, lp.id, 2024, { challengeReason: 'mistake' }));
    const unknown = await act(crypto.randomUUID(), 'defer', { course_identifier: 'ecf-induction', reason: 'other' });
    expect(unknown.status).toBe(404);
    const unknownBody = await readJson(unknown);
    for (const p of [theirs, unvalidated, challenged]) {
      const res = await act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'other' });
      expect(res.status).toBe(404);
      expect(await readJson(res)).toEqual(unknownBody);
      expect((await history(p.profileId)).records).toHaveLength(1);
    }
  });

  it('accepts a retired participant id that DfE merged into another', async () => {
    const p = await ect();
    const retired = crypto.randomUUID();
    await h.db.insert(participantIdentities).values({ id: crypto.randomUUID(), userId: p.userId, email: `${retired}@old.example`, externalIdentifier: retired, createdAt: h.clock.now, updatedAt: h.clock.now });
    const res = await act(retired, 'defer', { course_identifier: 'ecf-induction', reason: 'career-break' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.id).toBe(p.userId);
  });

  it('lets only one of a defer and a withdraw sent at the same moment land; the other is told why', async () => {
    const slow = await createHarness({}, { latencyMs: 2 });
    try {
      const me = await createLeadProvider(slow.db);
      const where = await createPlacement(slow.db, me.id, 2024);
      for (let round = 0; round < 3; round++) {
        const p = await createParticipant(slow.db, where);
        const [d, w] = await Promise.all([
          act(p.userId, 'defer', { course_identifier: 'ecf-induction', reason: 'other' }, me.token, slow),
          act(p.userId, 'withdraw', { course_identifier: 'ecf-induction', reason: 'other' }, me.token, slow),
        ]);
        const statuses = [d.status, w.status].sort();
        // Defer-then-withdraw is allowed in sequence, so both may land if one finishes first;
        // what must never happen is both applying to the same starting state.
        const states = await slow.db.select().from(participantProfileStates).where(eq(participantProfileStates.participantProfileId, p.profileId));
        const records = await slow.db.select().from(inductionRecords).where(eq(inductionRecords.participantProfileId, p.profileId));
        const open = records.filter((r) => r.endDate === null);
        expect(open).toHaveLength(1);
        expect(records).toHaveLength(states.length + 1);
        const [profile] = await slow.db.select().from(participantProfiles).where(eq(participantProfiles.id, p.profileId));
        expect(profile!.trainingStatus).toBe(open[0]!.trainingStatus);
        if (statuses[1] === 422) {
          expect(statuses).toEqual([200, 422]);
          expect(states).toHaveLength(1);
          const loser = d.status === 422 ? d : w;
          expect((await readJson(loser)).errors[0].title).toBe('participant_profile');
        } else {
          // both landed one after the other: deferred then withdrawn (a withdrawn one cannot be deferred)
          expect(states.map((s) => s.state)).toEqual(['deferred', 'withdrawn']);
        }
      }
    } finally {
      slow.close();
    }
  });
});

describe('change-schedule', () => {
  const change = (id: string, attributes: Record<string, unknown>) => act(id, 'change-schedule', attributes);

  it('moves a participant to another schedule in the cohort and records the history', async () => {
    const p = await ect();
    const res = await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-january' });
    const json = await readJson(res);
    expect(res.status).toBe(200);
    expect(json.data.attributes.ecf_enrolments[0]).toMatchObject({ schedule_identifier: 'ecf-standard-january', cohort: '2024', training_status: 'active' });
    const { records, profile } = await history(p.profileId);
    expect(records.at(-1)!.scheduleId).toBe(profile.scheduleId);
    expect(await h.db.select().from(participantProfileSchedules).where(eq(participantProfileSchedules.participantProfileId, p.profileId))).toHaveLength(1);
  });

  it('refuses a missing or unknown schedule, the same schedule, and a replacement schedule for an ECT', async () => {
    const p = await ect();
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction' }))).toEqual([{ title: 'schedule_identifier', detail: m.scheduleInvalid }]);
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-lunar' }))).toEqual([{ title: 'schedule_identifier', detail: m.scheduleInvalid }]);
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-september' }))).toEqual([{ title: 'schedule_identifier', detail: m.scheduleSame }]);
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-replacement-january' }))).toEqual([{ title: 'schedule_identifier', detail: m.scheduleNotForCourse }]);
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-january', cohort: '1999' }))).toEqual([{ title: 'cohort', detail: m.cohortInvalid }]);
  });

  it('puts a replacement mentor on a replacement schedule, unless they already follow another ECT', async () => {
    const mentor = await ect({ type: 'mentor' });
    await ect({ mentorProfileId: mentor.profileId });
    const res = await change(mentor.userId, { course_identifier: 'ecf-mentor', schedule_identifier: 'ecf-replacement-april' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes.ecf_enrolments[0].schedule_identifier).toBe('ecf-replacement-april');
    const busy = await ect({ type: 'mentor' });
    await ect({ mentorProfileId: busy.profileId });
    await ect({ mentorProfileId: busy.profileId });
    expect(await errors(await change(busy.userId, { course_identifier: 'ecf-mentor', schedule_identifier: 'ecf-replacement-april' }))).toEqual([{ title: 'schedule_identifier', detail: m.replacementMentorTaken }]);
  });

  it('refuses a withdrawn participant', async () => {
    const p = await ect();
    await act(p.userId, 'withdraw', { course_identifier: 'ecf-induction', reason: 'other' });
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-january' }))).toEqual([{ title: 'participant_id', detail: m.withdrawnCannotChange }]);
  });

  it('refuses a schedule whose milestones existing declarations would fall outside', async () => {
    const p = await ect();
    // started on 1 October 2024: inside standard-september 2024 (from 1 June), before standard-january (from 1 January 2025)
    await createDeclaration(h.db, p, { leadProviderId: lp.id, year: 2024, type: 'started', date: new Date('2024-10-01T00:00:00Z'), state: 'eligible' });
    expect(await errors(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-january' }))).toEqual([{ title: 'schedule_identifier', detail: m.scheduleInvalidatesDeclarations }]);
    // a voided declaration does not count
    const q = await ect();
    await createDeclaration(h.db, q, { leadProviderId: lp.id, year: 2024, type: 'started', date: new Date('2024-10-01T00:00:00Z'), state: 'voided' });
    expect((await change(q.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-january' })).status).toBe(200);
  });

  it('moves cohort only with a partnership with the school in the target cohort, and not once declarations exist', async () => {
    const school2025 = await createPlacement(h.db, lp.id, 2025);
    const school2024 = await createPlacement(h.db, lp.id, 2024, { schoolId: school2025.schoolId, schoolUrn: school2025.schoolUrn });
    const p = await ect({}, school2024);
    const moved = await readJson(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-september', cohort: '2025' }));
    expect(moved.data.attributes.ecf_enrolments[0]).toMatchObject({ cohort: '2025', schedule_identifier: 'ecf-standard-september' });
    const lonely = await ect();
    expect(await errors(await change(lonely.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-september', cohort: '2025' }))).toEqual([{ title: 'cohort', detail: m.noPartnershipInCohort }]);
    const declared = await ect({}, school2024);
    await createDeclaration(h.db, declared, { leadProviderId: lp.id, year: 2024, type: 'started', date: new Date('2024-10-01T00:00:00Z'), state: 'submitted' });
    const refused = await errors(await change(declared.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-extended-september', cohort: '2025' }));
    expect(refused).toContainEqual({ title: 'cohort', detail: m.cohortLocked });
  });

  it('moves an ECT of a payments-frozen cohort to 2024 to finish, and back to declare in the old cohort', async () => {
    const y2024 = await createPlacement(h.db, lp.id, 2024);
    const y2021 = await createPlacement(h.db, lp.id, 2021, { schoolId: y2024.schoolId, schoolUrn: y2024.schoolUrn });
    const p = await createParticipant(h.db, y2021, { createdAt: new Date('2021-09-01T00:00:00Z'), startDate: new Date('2021-09-01T00:00:00Z') });
    await createDeclaration(h.db, p, { leadProviderId: lp.id, year: 2021, type: 'started', date: new Date('2021-10-01T00:00:00Z'), state: 'paid' });
    await createDeclaration(h.db, p, { leadProviderId: lp.id, year: 2021, type: 'retained-1', date: new Date('2022-01-10T00:00:00Z'), state: 'paid' });
    const out = await readJson(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-extended-september', cohort: '2024' }));
    expect(out.data.attributes.ecf_enrolments[0]).toMatchObject({ cohort: '2024', schedule_identifier: 'ecf-extended-september', cohort_changed_after_payments_frozen: true });
    const back = await readJson(await change(p.userId, { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-september', cohort: '2021' }));
    expect(back.data.attributes.ecf_enrolments[0]).toMatchObject({ cohort: '2021', cohort_changed_after_payments_frozen: false });
    // a mentor never qualifies
    const mentor = await createParticipant(h.db, y2021, { type: 'mentor', createdAt: new Date('2021-09-01T00:00:00Z') });
    await createDeclaration(h.db, mentor, { leadProviderId: lp.id, year: 2021, type: 'started', date: new Date('2021-10-01T00:00:00Z'), state: 'paid', course: 'ecf-mentor' });
    expect(await errors(await change(mentor.userId, { course_identifier: 'ecf-mentor', schedule_identifier: 'ecf-extended-september', cohort: '2024' }))).toContainEqual({ title: 'cohort', detail: m.cohortLocked });
    const rows = await h.db.select().from(participantProfiles).where(and(eq(participantProfiles.id, p.profileId)));
    expect(rows[0]!.cohortChangedAfterPaymentsFrozen).toBe(false);
  });
});
