import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inductionProgrammes, inductionRecords, participantProfiles } from '../../db/schema';
import { actionMessages as m } from '../../api/services/participants/actions/messages';
import { databaseChecksum } from '../support/checksum';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { addInductionRecord, createParticipant, createPlacement, type ParticipantFixture, type Placement } from '../support/participants';

// A participant who moved from provider A to provider B stays in A's lists (their last record
// with A), but only the provider training them now may change their training. Every action by
// the provider they left answers exactly like an unknown id, in every state of a transfer, and
// writes nothing.

let h: Harness;
let a: LeadProviderFixture;
let b: LeadProviderFixture;
let placeA: Placement;
let placeA2: Placement;
let placeB: Placement;

const bodies: Record<string, Record<string, unknown>> = {
  withdraw: { course_identifier: 'ecf-induction', reason: 'other' },
  defer: { course_identifier: 'ecf-induction', reason: 'other' },
  resume: { course_identifier: 'ecf-induction' },
  'change-schedule': { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-extended-september' },
};
const actions = Object.keys(bodies);

function act(id: string, action: string, token: string) {
  return h.request(`/api/v3/participants/ecf/${id}/${action}`, {
    method: 'PUT', token, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { type: `participant-${action}`, attributes: bodies[action] } }),
  });
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A's ECT, with A's record ended (leaving on `leftOn`), then a new record at `next`. */
async function moved(leftOn: string, next: Placement | 'school-led', joinedOn: string): Promise<ParticipantFixture> {
  const p = await createParticipant(h.db, placeA, { createdAt: day('2024-09-01') });
  await h.db.update(inductionRecords).set({ inductionStatus: 'leaving', endDate: day(leftOn) }).where(eq(inductionRecords.id, p.recordId));
  let placement = next;
  if (next === 'school-led') {
    // Training the school runs itself: a programme without a partnership, no provider.
    const programmeId = crypto.randomUUID();
    await h.db.insert(inductionProgrammes).values({ id: programmeId, schoolCohortId: placeB.schoolCohortId, partnershipId: null, trainingProgramme: 'core_induction_programme', createdAt: day('2025-01-01'), updatedAt: day('2025-01-01') });
    placement = { ...placeB, programmeId };
  }
  await addInductionRecord(h.db, p.profileId, placement as Placement, { startDate: day(joinedOn), schoolTransfer: true, createdAt: day('2025-05-01') });
  return p;
}

beforeAll(async () => {
  h = await createHarness();
  a = await createLeadProvider(h.db);
  b = await createLeadProvider(h.db);
  placeA = await createPlacement(h.db, a.id, 2024);
  placeA2 = await createPlacement(h.db, a.id, 2024);
  placeB = await createPlacement(h.db, b.id, 2024);
  h.clock.now = new Date('2025-06-10T12:00:00Z');
});
afterAll(() => h.close());

async function expectUntouchable(p: ParticipantFixture) {
  // A still lists them (their record with A), and that is all A can do.
  expect((await h.request(`/api/v3/participants/ecf/${p.userId}`, { token: a.token })).status).toBe(200);
  const before = await databaseChecksum(h.client);
  for (const action of actions) {
    const missing = await act(crypto.randomUUID(), action, a.token);
    const res = await act(p.userId, action, a.token);
    expect(res.status, action).toBe(404);
    expect(await readJson(res)).toEqual(await readJson(missing));
  }
  expect(await databaseChecksum(h.client)).toBe(before);
}

describe('a participant the provider no longer trains', () => {
  it('cannot be changed by the old provider once a transfer to another provider is reported (not yet left)', async () => {
    const p = await moved('2025-07-31', placeB, '2025-09-01');
    await expectUntouchable(p);
    // The new provider can.
    expect((await act(p.userId, 'defer', b.token)).status).toBe(200);
  });

  it('cannot be changed by the old provider after the transfer is complete, in any training status', async () => {
    const p = await moved('2025-03-31', placeB, '2025-04-01');
    await expectUntouchable(p);
    expect((await act(p.userId, 'withdraw', b.token)).status).toBe(200);
    await expectUntouchable(p);
    const [profile] = await h.db.select().from(participantProfiles).where(eq(participantProfiles.id, p.profileId));
    expect(profile!.trainingStatus).toBe('withdrawn');
    expect((await act(p.userId, 'resume', b.token)).status).toBe(200);
    await expectUntouchable(p);
  });

  it('cannot be changed by the old provider after moving to training the school runs itself', async () => {
    await expectUntouchable(await moved('2025-03-31', 'school-led', '2025-04-01'));
  });

  it('can still be changed by the provider while a school only reports them leaving, and after a move between its own schools', async () => {
    const leaving = await createParticipant(h.db, placeA, { createdAt: day('2024-09-01') });
    await h.db.update(inductionRecords).set({ inductionStatus: 'leaving', endDate: day('2025-07-31') }).where(eq(inductionRecords.id, leaving.recordId));
    expect((await act(leaving.userId, 'defer', a.token)).status).toBe(200);
    const withinA = await moved('2025-03-31', placeA2, '2025-04-01');
    expect((await act(withinA.userId, 'change-schedule', a.token)).status).toBe(200);
  });
});

describe('a training record the school has withdrawn', () => {
  it('is listed, but every action answers 422 on participant_id, not 404', async () => {
    const p = await createParticipant(h.db, placeA, { createdAt: day('2024-09-01') });
    await h.db.update(participantProfiles).set({ status: 'withdrawn' }).where(eq(participantProfiles.id, p.profileId));
    expect((await h.request(`/api/v3/participants/ecf/${p.userId}`, { token: a.token })).status).toBe(200);
    const before = await databaseChecksum(h.client);
    for (const action of actions) {
      const res = await act(p.userId, action, a.token);
      expect(res.status, action).toBe(422);
      expect((await readJson(res)).errors).toEqual([{ title: 'participant_id', detail: m.profileWithdrawnBySchool }]);
    }
    expect(await databaseChecksum(h.client)).toBe(before);
    // Another provider still gets the 404 of an unknown id.
    expect((await act(p.userId, 'defer', b.token)).status).toBe(404);
  });
});
