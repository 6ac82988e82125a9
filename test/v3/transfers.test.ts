import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortId } from '../../db/reference-data/load';
import { inductionProgrammes, schoolCohorts, users } from '../../db/schema';
import { ECFParticipantTransferResponseSchema, MultipleECFParticipantTransferResponseSchema } from '../../api/v3/transfers/schemas';
import { createLeadProvider, createSchool, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { addInductionRecord, createParticipant, createPlacement, type ParticipantFixture, type Placement } from '../support/participants';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
/** Schools A and B partnered with lp; O and O2 with other; S school-led (no partnership). */
let pA: Placement;
let pB: Placement;
let pO: Placement;
let pO2: Placement;
let pS: Placement;
const p: Record<string, ParticipantFixture> = {};
/** Induction records of interest, by name. */
const r: Record<string, string> = {};

const at = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A school-led placement: a programme without a partnership, so without a lead provider. */
async function schoolLedPlacement(year: number): Promise<Placement> {
  const school = await createSchool(h.db);
  const schoolCohortId = crypto.randomUUID();
  const programmeId = crypto.randomUUID();
  const now = at('2025-01-01');
  await h.db.insert(schoolCohorts).values({ id: schoolCohortId, schoolId: school.id, cohortId: cohortId(year), inductionProgrammeChoice: 'core_induction_programme', createdAt: now, updatedAt: now });
  await h.db.insert(inductionProgrammes).values({ id: programmeId, schoolCohortId, partnershipId: null, trainingProgramme: 'core_induction_programme', createdAt: now, updatedAt: now });
  return { leadProviderId: '', year, schoolId: school.id, schoolUrn: school.urn, schoolCohortId, programmeId, partnershipId: '', deliveryPartnerId: '' };
}

/**
 * A participant who started at `from` (that record later superseded) and was then reported as
 * leaving it on `leavingCreated`, with the last day `endDate`.
 */
async function leaver(name: string, created: string, from: Placement, leavingCreated: string, endDate: string | null, opts: { validated?: boolean } = {}) {
  const fixture = await createParticipant(h.db, from, {
    name, createdAt: at(created), inductionStatus: 'changed', endDate: at(leavingCreated), eligibility: opts.validated === false ? null : 'eligible',
  });
  const leaving = await addInductionRecord(h.db, fixture.profileId, from, {
    inductionStatus: 'leaving', startDate: at(created), endDate: endDate ? at(endDate) : null, createdAt: at(leavingCreated), preferredIdentityId: fixture.identityId,
  });
  return { fixture, leaving };
}

async function joins(fixture: ParticipantFixture, to: Placement, startDate: string, created: string) {
  return addInductionRecord(h.db, fixture.profileId, to, {
    inductionStatus: 'active', startDate: at(startDate), createdAt: at(created), schoolTransfer: true, preferredIdentityId: fixture.identityId,
  });
}

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { name: 'Our Provider' });
  other = await createLeadProvider(h.db, { name: 'Other Provider' });
  pA = await createPlacement(h.db, lp.id, 2025);
  pB = await createPlacement(h.db, lp.id, 2025);
  pO = await createPlacement(h.db, other.id, 2025);
  pO2 = await createPlacement(h.db, other.id, 2025);
  pS = await schoolLedPlacement(2025);

  // A → B, both ours: a new school with the same provider; still in progress on 15 November 2025.
  let l = await leaver('New School', '2025-02-01', pA, '2025-10-01', '2025-12-19');
  p.newSchool = l.fixture; r.newSchoolLeaving = l.leaving;
  r.newSchoolJoining = await joins(l.fixture, pB, '2026-01-05', '2025-10-02');

  // A (ours) → O (other's), done by September.
  l = await leaver('Out To Other', '2025-02-02', pA, '2025-07-01', '2025-08-31');
  p.outToOther = l.fixture;
  await joins(l.fixture, pO, '2025-09-01', '2025-07-02');

  // O (other's) → B (ours).
  l = await leaver('In From Other', '2025-02-03', pO, '2025-07-01', '2025-08-31');
  p.inFromOther = l.fixture;
  await joins(l.fixture, pB, '2025-09-01', '2025-07-03');

  // Leaving A (ours); nobody has registered them yet.
  l = await leaver('Gone Unknown', '2025-02-04', pA, '2025-09-15', '2026-03-31');
  p.unknown = l.fixture;

  // A (ours) → a school-led school without a lead provider.
  l = await leaver('To School Led', '2025-02-05', pA, '2025-08-01', '2025-08-31');
  p.toSchoolLed = l.fixture;
  await joins(l.fixture, pS, '2025-09-02', '2025-08-02');

  // A (ours) → O (other's) → B (ours): two moves; a later record at B (a mentor change) is no transfer.
  l = await leaver('Twice Moved', '2025-02-06', pA, '2025-03-01', '2025-03-31');
  p.twice = l.fixture;
  await joins(l.fixture, pO, '2025-04-01', '2025-03-02');
  await addInductionRecord(h.db, l.fixture.profileId, pO, { inductionStatus: 'leaving', startDate: at('2025-04-01'), endDate: at('2025-06-30'), createdAt: at('2025-06-01') });
  r.twiceLastJoining = await joins(l.fixture, pB, '2025-07-01', '2025-06-02');
  await addInductionRecord(h.db, l.fixture.profileId, pB, { inductionStatus: 'active', startDate: at('2025-07-01'), createdAt: at('2025-09-01') });

  // O → O2 (both other's), then O2 → A (ours): we see only the move that reaches us.
  l = await leaver('Mixed Moves', '2025-02-07', pO, '2025-03-01', '2025-03-31');
  p.mixed = l.fixture;
  await joins(l.fixture, pO2, '2025-04-01', '2025-03-02');
  await addInductionRecord(h.db, l.fixture.profileId, pO2, { inductionStatus: 'leaving', startDate: at('2025-04-01'), endDate: at('2025-06-30'), createdAt: at('2025-06-01') });
  await joins(l.fixture, pA, '2025-07-01', '2025-06-02');

  // Leaving A (ours) without a last day.
  l = await leaver('No Date', '2025-02-08', pA, '2025-09-20', null);
  p.noDate = l.fixture;

  // Not ours: leaving other's school, no new school.
  p.otherUnknown = (await leaver('Their Leaver', '2025-02-09', pO, '2025-09-15', '2026-03-31')).fixture;
  // Not a transfer: an ordinary participant of ours.
  p.staying = await createParticipant(h.db, pA, { name: 'Staying Put', createdAt: at('2025-02-10') });
  // Not validated by DfE yet: invisible.
  p.unvalidated = (await leaver('Not Validated', '2025-02-11', pA, '2025-09-15', '2026-03-31', { validated: false })).fixture;
  // Marked as a school transfer with us, but never left anywhere: not a candidate.
  p.neverLeft = await createParticipant(h.db, pA, { name: 'Never Left', createdAt: at('2025-02-12') });
  await joins(p.neverLeft, pB, '2025-09-01', '2025-08-01');

  // A → B (ours), back at A, then leaving A again for nobody knows where: the second leaving
  // record must not reuse the joining record of the first move.
  l = await leaver('Boomerang', '2025-02-13', pA, '2025-03-01', '2025-03-31');
  p.boomerang = l.fixture;
  await joins(l.fixture, pB, '2025-04-01', '2025-03-02');
  await addInductionRecord(h.db, l.fixture.profileId, pA, { inductionStatus: 'changed', startDate: at('2025-06-01'), endDate: at('2025-09-01'), createdAt: at('2025-06-01') });
  await addInductionRecord(h.db, l.fixture.profileId, pA, { inductionStatus: 'leaving', startDate: at('2025-06-01'), endDate: at('2025-12-31'), createdAt: at('2025-09-01') });

  // Our participants' API-facing updated_at, most recently changed first in creation order.
  const updated: [string, string][] = [
    ['newSchool', '2025-10-08'], ['outToOther', '2025-10-07'], ['inFromOther', '2025-10-06'], ['unknown', '2025-10-05'],
    ['toSchoolLed', '2025-10-04'], ['twice', '2025-10-03'], ['mixed', '2025-10-02'], ['noDate', '2025-10-01'], ['boomerang', '2025-09-30'],
  ];
  for (const [name, day] of updated) await h.db.update(users).set({ apiUpdatedAt: at(day) }).where(eq(users.id, p[name]!.userId));
});
afterAll(() => h.close());

async function list(query = '', token = lp.token, headers: Record<string, string> = {}) {
  const res = await h.request(`/api/v3/participants/ecf/transfers${query}`, { token, headers });
  const json = await readJson(res);
  return { res, json, ids: (json.data ?? []).map((d: { id: string }) => d.id) as string[] };
}

async function show(id: string, token = lp.token, headers: Record<string, string> = {}) {
  const res = await h.request(`/api/v3/participants/ecf/${id}/transfers`, { token, headers });
  return { res, json: await readJson(res) };
}

const ids = (...names: string[]) => names.map((n) => p[n]!.userId);
const ourCandidates = ['newSchool', 'outToOther', 'inFromOther', 'unknown', 'toSchoolLed', 'twice', 'mixed', 'noDate', 'boomerang'];

describe('GET /api/v3/participants/ecf/transfers', () => {
  it('lists the participants with transfers that concern the caller, oldest participant first, in the contract shape', async () => {
    const { res, json, ids: listed } = await list();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(MultipleECFParticipantTransferResponseSchema.safeParse(json).success).toBe(true);
    expect(listed).toEqual(ids(...ourCandidates));
    expect(json.data[0]).toEqual({
      id: p.newSchool!.userId,
      type: 'participant-transfer',
      attributes: {
        updated_at: '2025-10-02T00:00:00Z',
        transfers: [{
          training_record_id: p.newSchool!.profileId,
          transfer_type: 'new_school',
          status: 'incomplete',
          leaving: { school_urn: pA.schoolUrn, provider: 'Our Provider', date: '2025-12-19' },
          joining: { school_urn: pB.schoolUrn, provider: 'Our Provider', date: '2026-01-05' },
          created_at: '2025-10-01T00:00:00Z',
        }],
      },
    });
  });

  it('shows a move between providers to both of them', async () => {
    const outTransfer = {
      training_record_id: p.outToOther!.profileId, transfer_type: 'new_provider', status: 'complete',
      leaving: { school_urn: pA.schoolUrn, provider: 'Our Provider', date: '2025-08-31' },
      joining: { school_urn: pO.schoolUrn, provider: 'Other Provider', date: '2025-09-01' },
      created_at: '2025-07-01T00:00:00Z',
    };
    const inTransfer = {
      training_record_id: p.inFromOther!.profileId, transfer_type: 'new_provider', status: 'complete',
      leaving: { school_urn: pO.schoolUrn, provider: 'Other Provider', date: '2025-08-31' },
      joining: { school_urn: pB.schoolUrn, provider: 'Our Provider', date: '2025-09-01' },
      created_at: '2025-07-01T00:00:00Z',
    };
    for (const token of [lp.token, other.token]) {
      expect((await show(p.outToOther!.userId, token)).json.data.attributes.transfers).toEqual([outTransfer]);
      expect((await show(p.inFromOther!.userId, token)).json.data.attributes.transfers).toEqual([inTransfer]);
    }
    const theirs = await list('', other.token);
    expect(theirs.ids).toEqual(ids('outToOther', 'inFromOther', 'twice', 'mixed', 'otherUnknown'));
  });

  it('gives a leaver nobody has registered yet an unknown transfer without a joining side', async () => {
    const { json } = await show(p.unknown!.userId);
    expect(json.data.attributes.transfers).toEqual([{
      training_record_id: p.unknown!.profileId, transfer_type: 'unknown', status: 'incomplete',
      leaving: { school_urn: pA.schoolUrn, provider: 'Our Provider', date: '2026-03-31' },
      joining: null,
      created_at: '2025-09-15T00:00:00Z',
    }]);
    expect(ECFParticipantTransferResponseSchema.safeParse(json).success).toBe(true);
    const noDate = await show(p.noDate!.userId);
    expect(noDate.json.data.attributes.transfers[0]).toMatchObject({
      transfer_type: 'unknown', leaving: { school_urn: pA.schoolUrn, provider: 'Our Provider', date: null }, joining: null,
    });
    expect(ECFParticipantTransferResponseSchema.safeParse(noDate.json).success).toBe(true);
  });

  it('calls a move to a school without a lead provider a new school, with no joining provider', async () => {
    const { json } = await show(p.toSchoolLed!.userId);
    expect(ECFParticipantTransferResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data.attributes.transfers).toEqual([expect.objectContaining({
      transfer_type: 'new_school', status: 'complete',
      leaving: { school_urn: pA.schoolUrn, provider: 'Our Provider', date: '2025-08-31' },
      joining: { school_urn: pS.schoolUrn, provider: null, date: '2025-09-02' },
    })]);
  });

  it('pairs every move of a participant, and shows a provider only the moves that concern it', async () => {
    const ours = (await show(p.twice!.userId)).json.data.attributes;
    expect(ours.transfers.map((t: { leaving: { school_urn: string }; joining: { school_urn: string } }) => [t.leaving.school_urn, t.joining.school_urn]))
      .toEqual([[pA.schoolUrn, pO.schoolUrn], [pO.schoolUrn, pB.schoolUrn]]);
    expect(ours.transfers.map((t: { transfer_type: string }) => t.transfer_type)).toEqual(['new_provider', 'new_provider']);
    // The latest record of the transfers (joining B, created 2 June), not the later mentor change.
    expect(ours.updated_at).toBe('2025-06-02T00:00:00Z');

    const mixedOurs = (await show(p.mixed!.userId)).json.data.attributes.transfers;
    expect(mixedOurs).toEqual([expect.objectContaining({
      transfer_type: 'new_provider', created_at: '2025-06-01T00:00:00Z',
      leaving: { school_urn: pO2.schoolUrn, provider: 'Other Provider', date: '2025-06-30' },
      joining: { school_urn: pA.schoolUrn, provider: 'Our Provider', date: '2025-07-01' },
    })]);
    const boomerang = (await show(p.boomerang!.userId)).json.data.attributes.transfers;
    expect(boomerang.map((t: { transfer_type: string; joining: { school_urn: string } | null; leaving: { date: string } }) => [t.transfer_type, t.leaving.date, t.joining?.school_urn ?? null]))
      .toEqual([['new_school', '2025-03-31', pB.schoolUrn], ['unknown', '2025-12-31', null]]);

    const mixedTheirs = (await show(p.mixed!.userId, other.token)).json.data.attributes.transfers;
    expect(mixedTheirs.map((t: { transfer_type: string; leaving: { school_urn: string } }) => [t.transfer_type, t.leaving.school_urn]))
      .toEqual([['new_school', pO.schoolUrn], ['new_provider', pO2.schoolUrn]]);
  });

  it('is complete once the later of the leaving and joining dates has come (X-With-Server-Date or the clock)', async () => {
    const status = async (headers: Record<string, string>) => (await show(p.newSchool!.userId, lp.token, headers)).json.data.attributes.transfers[0].status;
    expect(await status({ 'X-With-Server-Date': '2025-12-20T00:00:00Z' })).toBe('incomplete'); // left, not joined yet
    expect(await status({ 'X-With-Server-Date': '2026-01-04T23:59:59Z' })).toBe('incomplete');
    expect(await status({ 'X-With-Server-Date': '2026-01-05T00:00:00Z' })).toBe('complete');
    const before = h.clock.now;
    try {
      h.clock.now = new Date('2026-02-01T00:00:00Z');
      expect(await status({})).toBe('complete');
      const listed = (await list()).json.data.find((d: { id: string }) => d.id === p.unknown!.userId);
      expect(listed.attributes.transfers[0].status).toBe('incomplete');
      h.clock.now = new Date('2026-04-01T00:00:00Z');
      expect((await show(p.unknown!.userId)).json.data.attributes.transfers[0].status).toBe('complete');
    } finally {
      h.clock.now = before;
    }
  });

  it('filters by updated_since (inclusive), then orders by last change', async () => {
    expect((await list('?filter[updated_since]=2025-10-05T00:00:00Z')).ids).toEqual(ids('unknown', 'inFromOther', 'outToOther', 'newSchool'));
    expect((await list('?filter[updated_since]=2025-10-02T00:00:00%2B00:00')).ids)
      .toEqual(ids('mixed', 'twice', 'toSchoolLed', 'unknown', 'inFromOther', 'outToOther', 'newSchool'));
    expect((await list('?filter[updated_since]=2025-10-09T00:00:00Z')).ids).toEqual([]);
    const bad = await list('?filter[updated_since]=yesterday');
    expect(bad.res.status).toBe(400);
    expect(bad.json.errors[0]).toEqual({ title: 'Bad request', detail: expect.stringContaining('updated_since') });
  });

  it('ignores sort and other filters: the order is fixed', async () => {
    expect((await list('?sort=-created_at&filter[cohort]=2020')).ids).toEqual(ids(...ourCandidates));
  });

  it('paginates, and a page past the end is empty', async () => {
    expect((await list('?page[per_page]=3')).ids).toEqual(ids('newSchool', 'outToOther', 'inFromOther'));
    expect((await list('?page[per_page]=3&page[page]=2')).ids).toEqual(ids('unknown', 'toSchoolLed', 'twice'));
    expect((await list('?page[per_page]=3&page[page]=3')).ids).toEqual(ids('mixed', 'noDate', 'boomerang'));
    expect((await list('?page[per_page]=3&page[page]=4')).json).toEqual({ data: [] });
    expect((await list('?page[page]=0')).res.status).toBe(400);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => list(q));
    const one = await count('?page[per_page]=1');
    expect(one).toBe(await count('?page[per_page]=100'));
    expect(one).toBe(await count('?page[per_page]=100&filter[updated_since]=2025-01-01T00:00:00Z'));
  });

  it('needs a token', async () => {
    const res = await h.request('/api/v3/participants/ecf/transfers');
    expect(res.status).toBe(401);
    expect(await readJson(res)).toEqual({ error: 'HTTP Token: Access denied' });
  });
});

describe('GET /api/v3/participants/ecf/{id}/transfers', () => {
  it('returns one participant’s transfers', async () => {
    const { res, json } = await show(p.newSchool!.userId);
    expect(res.status).toBe(200);
    expect(ECFParticipantTransferResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data.id).toBe(p.newSchool!.userId);
    expect(json.data.type).toBe('participant-transfer');
    expect(json.data.attributes.transfers.map((t: { training_record_id: string }) => t.training_record_id)).toEqual([p.newSchool!.profileId]);
  });

  it('is a 404, exactly like a missing id, for anyone who is not a candidate for the caller', async () => {
    const missing = await show(crypto.randomUUID());
    expect(missing.res.status).toBe(404);
    expect(missing.json.errors[0].title).toBeTruthy();
    const notOurs = [p.otherUnknown, p.staying, p.unvalidated, p.neverLeft].map((f) => f!.userId);
    for (const id of [...notOurs, 'not-a-uuid']) {
      const { res, json } = await show(id);
      expect(res.status, id).toBe(404);
      expect(json).toEqual(missing.json);
    }
    // ...and to the other provider, our own leaver nobody has registered yet.
    expect((await show(p.unknown!.userId, other.token)).res.status).toBe(404);
  });
});
