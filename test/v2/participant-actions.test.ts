import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParticipantRowResponseSchema } from '../../api/v1/participants/schemas';
import { replacementMentorMisaligned } from '../../api/services/participants/replacement-mentor-alignment';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createDeclaration, createParticipant, createPlacement, type ParticipantOptions, type Placement } from '../support/participants';

// v1/v2 participant actions: the v3 services, answered with the flat record acted on; the v1
// /participants/{id} aliases; and the replacement-mentor alignment rule v3 dropped.

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

const person = (opts: ParticipantOptions = {}) => createParticipant(h.db, place, { createdAt: new Date('2024-09-01T00:00:00Z'), ...opts });

function act(path: string, action: string, attributes: Record<string, unknown>, token = lp.token) {
  return h.request(`${path}/${action}`, {
    method: 'PUT', token, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { type: `participant-${action}`, attributes } }),
  });
}

describe('actions answer the flat record acted on', () => {
  it('withdraw: training_status withdrawn, status still active (v1)', async () => {
    const p = await person();
    const res = await act(`/api/v1/participants/ecf/${p.userId}`, 'withdraw', { course_identifier: 'ecf-induction', reason: 'moved-school' });
    const json = await readJson(res);
    expect(res.status).toBe(200);
    expect(ParticipantRowResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data).toMatchObject({ id: p.userId, type: 'participant', attributes: { training_status: 'withdrawn', status: 'active', training_record_id: p.profileId } });
  });

  it('v1 also answers the older /participants/{id} paths', async () => {
    const p = await person();
    const res = await act(`/api/v1/participants/${p.userId}`, 'defer', { course_identifier: 'ecf-induction', reason: 'career-break' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes.training_status).toBe('deferred');
  });

  it('v2 does not have the /participants/{id} action paths (404, as the reference)', async () => {
    const p = await person();
    const res = await act(`/api/v2/participants/${p.userId}`, 'defer', { course_identifier: 'ecf-induction', reason: 'career-break' });
    expect(res.status).toBe(404);
    const still = await readJson(await h.request(`/api/v2/participants/ecf/${p.userId}`, { token: lp.token }));
    expect(still.data.attributes.training_status).toBe('active');
  });

  it('another provider’s participant is a 404, like a missing one', async () => {
    const p = await person();
    const theirs = await act(`/api/v2/participants/ecf/${p.userId}`, 'defer', { course_identifier: 'ecf-induction', reason: 'other' }, other.token);
    const missing = await act(`/api/v2/participants/ecf/${crypto.randomUUID()}`, 'defer', { course_identifier: 'ecf-induction', reason: 'other' }, other.token);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).toBe(await missing.text());
  });

  it('keeps the v3 validation messages', async () => {
    const p = await person();
    const v2 = await act(`/api/v2/participants/ecf/${p.userId}`, 'resume', { course_identifier: 'ecf-induction' });
    const v3 = await act(`/api/v3/participants/ecf/${p.userId}`, 'resume', { course_identifier: 'ecf-induction' });
    expect(v2.status).toBe(422);
    expect(await v2.json()).toEqual(await v3.json());
  });
});

describe('change-schedule: a replacement mentor’s declarations must align with the ECT in v1/v2, not in v3', () => {
  /** A mentor on the January schedule with a started declaration in February 2025, mentoring an ECT on the September schedule (started window ends 2024-12-31). */
  async function misalignedMentor() {
    const mentor = await person({ type: 'mentor', schedule: 'ecf-standard-january' });
    await person({ mentorProfileId: mentor.profileId, schedule: 'ecf-standard-september' });
    await createDeclaration(h.db, mentor, { leadProviderId: lp.id, year: 2024, type: 'started', date: new Date('2025-02-01T10:00:00Z'), state: 'eligible', course: 'ecf-mentor' });
    return mentor;
  }
  const toReplacement = (schedule: string) => ({ course_identifier: 'ecf-mentor', schedule_identifier: schedule });

  it.each(['v1', 'v2'] as const)('%s refuses it when the declarations fall outside the ECT’s schedule', async (version) => {
    const mentor = await misalignedMentor();
    const res = await act(`/api/${version}/participants/ecf/${mentor.userId}`, 'change-schedule', toReplacement('ecf-replacement-january'));
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors).toEqual([{ title: 'schedule_identifier', detail: replacementMentorMisaligned }]);
  });

  it('v3 accepts the same change', async () => {
    const mentor = await misalignedMentor();
    const res = await act(`/api/v3/participants/ecf/${mentor.userId}`, 'change-schedule', toReplacement('ecf-replacement-january'));
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes.ecf_enrolments[0].schedule_identifier).toBe('ecf-replacement-january');
  });

  it('v2 accepts it when the declarations fit the ECT’s schedule', async () => {
    const mentor = await person({ type: 'mentor', schedule: 'ecf-standard-september' });
    await person({ mentorProfileId: mentor.profileId, schedule: 'ecf-standard-september' });
    await createDeclaration(h.db, mentor, { leadProviderId: lp.id, year: 2024, type: 'started', date: new Date('2024-11-01T10:00:00Z'), state: 'eligible', course: 'ecf-mentor' });
    const res = await act(`/api/v2/participants/ecf/${mentor.userId}`, 'change-schedule', toReplacement('ecf-replacement-september'));
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes).toMatchObject({ participant_type: 'mentor', schedule_identifier: 'ecf-replacement-september', training_record_id: mentor.profileId });
  });

  it('does not apply to other schedules', async () => {
    const mentor = await misalignedMentor();
    const res = await act(`/api/v2/participants/ecf/${mentor.userId}`, 'change-schedule', { course_identifier: 'ecf-mentor', schedule_identifier: 'ecf-extended-january' });
    expect(res.status).toBe(200);
  });
});
