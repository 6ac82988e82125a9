import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schoolCohorts } from '../../db/schema';
import { registerParticipant } from '../../api/services/school-events/register-participant';
import { validateParticipant } from '../../api/services/school-events/validate-participant';
import { assignMentor, reportLeaving, transferParticipant } from '../../api/services/school-events/placement-changes';
import { mergeParticipants } from '../../api/services/school-events/merge-participants';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createPlacement, type Placement } from '../support/participants';

// What schools and DfE do, seen through the API as providers see it.

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let place: Placement;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  place = await createPlacement(h.db, lp.id, 2025);
  await h.db.update(schoolCohorts).set({ defaultInductionProgrammeId: place.programmeId }).where(eq(schoolCohorts.id, place.schoolCohortId));
});
afterAll(() => h.close());

const ctx = (iso: string) => ({ db: h.db, now: new Date(iso) });
const register = (type: 'ect' | 'mentor' = 'ect', extra: { mentorProfileId?: string } = {}) =>
  registerParticipant(ctx('2025-09-01T08:00:00Z'), { schoolId: place.schoolId, cohortYear: 2025, type, fullName: `Registered ${++n}`, email: `registered${n}@school.example`, trn: '7654321', ...extra });
async function view(userId: string, token = lp.token, date = '2025-10-01T00:00:00Z') {
  const res = await h.request(`/api/v3/participants/ecf/${userId}`, { token, headers: { 'X-With-Server-Date': date } });
  return { status: res.status, json: await readJson(res) };
}

describe('school and DfE events', () => {
  it('a registered participant appears to the school’s provider once DfE has validated them', async () => {
    const p = await register();
    expect((await view(p.userId)).status).toBe(404);
    await validateParticipant(ctx('2025-09-02T08:00:00Z'), p.profileId, 'eligible');
    const { status, json } = await view(p.userId);
    expect(status).toBe(200);
    expect(json.data.attributes).toMatchObject({ updated_at: '2025-09-02T08:00:00Z', teacher_reference_number: '7654321' });
    expect(json.data.attributes.ecf_enrolments[0]).toMatchObject({ school_urn: place.schoolUrn, cohort: '2025', schedule_identifier: 'ecf-standard-september', eligible_for_funding: true });
  });

  it('assigning a mentor shows as mentor_id and moves updated_at', async () => {
    const ect = await register();
    const mentor = await register('mentor');
    await validateParticipant(ctx('2025-09-02T08:00:00Z'), ect.profileId, 'eligible');
    await assignMentor(ctx('2025-09-20T08:00:00Z'), ect.profileId, mentor.profileId);
    const { json } = await view(ect.userId);
    expect(json.data.attributes.ecf_enrolments[0].mentor_id).toBe(mentor.userId);
    expect(json.data.attributes.updated_at).toBe('2025-09-20T08:00:00Z');
  });

  it('a participant leaving is leaving, then left', async () => {
    const p = await register();
    await validateParticipant(ctx('2025-09-02T08:00:00Z'), p.profileId, 'eligible');
    await reportLeaving(ctx('2025-10-01T08:00:00Z'), p.profileId, new Date('2025-12-19T00:00:00Z'));
    expect((await view(p.userId, lp.token, '2025-11-01T00:00:00Z')).json.data.attributes.ecf_enrolments[0].participant_status).toBe('leaving');
    expect((await view(p.userId, lp.token, '2026-01-05T00:00:00Z')).json.data.attributes.ecf_enrolments[0].participant_status).toBe('left');
  });

  it('a transfer to a school partnered with another provider: the old provider sees leaving, the new one joining', async () => {
    const p = await register();
    await validateParticipant(ctx('2025-09-02T08:00:00Z'), p.profileId, 'eligible');
    const theirs = await createPlacement(h.db, other.id, 2025);
    await h.db.update(schoolCohorts).set({ defaultInductionProgrammeId: theirs.programmeId }).where(eq(schoolCohorts.id, theirs.schoolCohortId));
    await transferParticipant(ctx('2025-11-01T08:00:00Z'), p.profileId, { toSchoolId: theirs.schoolId, leavingOn: new Date('2025-12-19T00:00:00Z'), joiningOn: new Date('2026-01-05T00:00:00Z') });
    const ours = (await view(p.userId, lp.token, '2025-12-01T00:00:00Z')).json.data.attributes.ecf_enrolments[0];
    expect(ours).toMatchObject({ participant_status: 'leaving', school_urn: place.schoolUrn });
    const new1 = (await view(p.userId, other.token, '2025-12-01T00:00:00Z')).json.data.attributes.ecf_enrolments[0];
    expect(new1).toMatchObject({ participant_status: 'joining', school_urn: theirs.schoolUrn, delivery_partner_id: theirs.deliveryPartnerId });
  });

  it('merging a duplicate: the kept participant lists the change, the retired id still works for actions, not for reading', async () => {
    const kept = await register();
    const retired = await register();
    await validateParticipant(ctx('2025-09-02T08:00:00Z'), kept.profileId, 'eligible');
    await validateParticipant(ctx('2025-09-02T08:00:00Z'), retired.profileId, 'eligible');
    await mergeParticipants(ctx('2025-09-15T08:00:00Z'), { retiredUserId: retired.userId, keptUserId: kept.userId });
    const { json } = await view(kept.userId);
    expect(json.data.attributes.participant_id_changes).toEqual([{ from_participant_id: retired.userId, to_participant_id: kept.userId, changed_at: '2025-09-15T08:00:00Z' }]);
    expect(json.data.attributes.ecf_enrolments).toHaveLength(2);
    expect((await view(retired.userId)).status).toBe(404);
    const found = await readJson(await h.request(`/api/v3/participants/ecf?filter[from_participant_id]=${retired.userId}`, { token: lp.token }));
    expect(found.data.map((d: { id: string }) => d.id)).toEqual([kept.userId]);
    const res = await h.request(`/api/v3/participants/ecf/${retired.userId}/defer`, {
      method: 'PUT', token: lp.token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'participant-defer', attributes: { course_identifier: 'ecf-induction', reason: 'other' } } }),
    });
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.id).toBe(kept.userId);
  });
});
