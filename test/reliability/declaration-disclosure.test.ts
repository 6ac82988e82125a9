import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseChecksum } from '../support/checksum';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createParticipant, createPlacement, type ParticipantFixture } from '../support/participants';

// Submitting a declaration for another provider's participant must answer exactly as for an id
// that does not exist: no milestone or cohort errors, no "already submitted", nothing that tells
// the caller the participant exists, in which cohort, or what the other provider declared.

let h: Harness;
let a: LeadProviderFixture;
let b: LeadProviderFixture;
let theirs: ParticipantFixture;
let mentorOfTheirs: ParticipantFixture;

function declare(attributes: Record<string, unknown>, token: string) {
  return h.request('/api/v3/participant-declarations', {
    method: 'POST', token, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { type: 'participant-declaration', attributes } }),
  });
}

beforeAll(async () => {
  h = await createHarness();
  h.clock.now = new Date('2025-11-15T10:00:00Z');
  a = await createLeadProvider(h.db, { withStatements: true });
  b = await createLeadProvider(h.db, { withStatements: true });
  const placeB = await createPlacement(h.db, b.id, 2024);
  theirs = await createParticipant(h.db, placeB, { createdAt: new Date('2024-09-01T00:00:00Z') });
  mentorOfTheirs = await createParticipant(h.db, placeB, { type: 'mentor', createdAt: new Date('2024-09-01T00:00:00Z') });
  // B has declared `started`: A must not learn that the slot is taken.
  const res = await declare({ participant_id: theirs.userId, declaration_type: 'started', declaration_date: '2024-10-01T09:00:00Z', course_identifier: 'ecf-induction' }, b.token);
  expect(res.status).toBe(200);
  // The token's first use records last_used_at (bookkeeping), before any checksum is taken.
  await h.request('/api/v3/statements', { token: a.token });
});
afterAll(() => h.close());

const payloads: [string, Record<string, unknown>][] = [
  ['a copy of the other provider’s declaration', { declaration_type: 'started', declaration_date: '2024-10-01T09:00:00Z', course_identifier: 'ecf-induction' }],
  ['a date outside the milestone', { declaration_type: 'retained-1', declaration_date: '2024-09-02T09:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'training-event-attended' }],
  ['a type the schedule does not have', { declaration_type: 'extended-9', declaration_date: '2025-01-02T09:00:00Z', course_identifier: 'ecf-induction' }],
  ['a valid next declaration', { declaration_type: 'retained-1', declaration_date: '2025-01-15T09:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'training-event-attended' }],
  ['the mentor course', { declaration_type: 'started', declaration_date: '2024-10-01T09:00:00Z', course_identifier: 'ecf-mentor' }],
  ['no date', { declaration_type: 'started', course_identifier: 'ecf-induction' }],
];

describe('a declaration for a participant the caller has never trained', () => {
  it.each(payloads)('with %s answers exactly as an unknown id, and writes nothing', async (_, attributes) => {
    const before = await databaseChecksum(h.client);
    for (const id of [theirs.userId, mentorOfTheirs.userId]) {
      const unknown = await declare({ ...attributes, participant_id: crypto.randomUUID() }, a.token);
      const res = await declare({ ...attributes, participant_id: id }, a.token);
      expect(res.status).toBe(unknown.status);
      expect(await readJson(res)).toEqual(await readJson(unknown));
    }
    expect(await databaseChecksum(h.client)).toBe(before);
  });

  it('is still checked in full for the provider that trains the participant', async () => {
    const res = await declare({ participant_id: theirs.userId, declaration_type: 'retained-1', declaration_date: '2024-09-02T09:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'training-event-attended' }, b.token);
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors.map((e: { title: string }) => e.title)).toContain('declaration_date');
  });
});
