import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantDeclarations, participantProfiles, statementLineItems, statements } from '../../db/schema';
import { cohortId } from '../../db/reference-data/load';
import { declarationMessages as m } from '../../api/services/declarations/messages';
import { SingleParticipantDeclarationResponseSchema, MultipleParticipantDeclarationsResponseSchema } from '../../api/v3/declarations/schemas';
import { validateParticipant } from '../../api/services/school-events/validate-participant';
import { closeDueStatements, markStatementPaid } from '../../api/services/finance/statement-lifecycle';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { addInductionRecord, createParticipant, createPlacement, recordState, type ParticipantOptions, type Placement } from '../support/participants';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let p2024: Placement;
let p2025: Placement;
let p2021: Placement;
const NOW = new Date('2025-11-15T10:00:00Z');

beforeAll(async () => {
  h = await createHarness();
  h.clock.now = NOW;
  lp = await createLeadProvider(h.db, { name: 'Declaring Provider', withStatements: true });
  other = await createLeadProvider(h.db, { name: 'Other Provider', withStatements: true });
  p2024 = await createPlacement(h.db, lp.id, 2024);
  p2025 = await createPlacement(h.db, lp.id, 2025);
  p2021 = await createPlacement(h.db, lp.id, 2021);
});
afterAll(() => h.close());

const participant = (opts: ParticipantOptions = {}, placement = p2024) => createParticipant(h.db, placement, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z'), ...opts });

function declare(attributes: Record<string, unknown>, opts: { token?: string; serverDate?: string; harness?: Harness } = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (opts.serverDate) headers['X-With-Server-Date'] = opts.serverDate;
  return (opts.harness ?? h).request('/api/v3/participant-declarations', {
    method: 'POST', token: opts.token ?? lp.token, headers, body: JSON.stringify({ data: { type: 'participant-declaration', attributes } }),
  });
}

const started = (participantId: string, extra: Record<string, unknown> = {}) => ({
  participant_id: participantId, declaration_type: 'started', declaration_date: '2024-10-01T09:00:00Z', course_identifier: 'ecf-induction', ...extra,
});
const retained3 = (participantId: string, extra: Record<string, unknown> = {}) => ({
  participant_id: participantId, declaration_type: 'retained-3', declaration_date: '2025-10-01T09:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'training-event-attended', ...extra,
});

async function errors(res: Response) {
  expect(res.status).toBe(422);
  return (await readJson(res)).errors as { title: string; detail: string }[];
}

function voidIt(id: string, token = lp.token) {
  return h.request(`/api/v3/participant-declarations/${id}/void`, { method: 'PUT', token });
}

async function nextStatementId(leadProviderId: string, year: number) {
  const rows = await h.db.select().from(statements).where(and(eq(statements.leadProviderId, leadProviderId), eq(statements.cohortId, cohortId(year)), eq(statements.outputFee, true), eq(statements.state, 'open')));
  return rows.filter((s) => s.deadlineDate >= '2025-11-15').sort((a, b) => a.deadlineDate.localeCompare(b.deadlineDate))[0]!.id;
}

describe('POST /api/v3/participant-declarations: outcomes', () => {
  it('records an eligible declaration for a fundable participant, on the next output-fee statement', async () => {
    const p = await participant({ mentorProfileId: null, pupilPremiumUplift: true });
    const res = await declare(started(p.userId, { evidence_held: 'anything: ignored for started before 2025' }));
    const json = await readJson(res);
    expect(res.status).toBe(200);
    expect(SingleParticipantDeclarationResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data.attributes).toEqual({
      participant_id: p.userId, declaration_type: 'started', declaration_date: '2024-10-01T09:00:00Z', course_identifier: 'ecf-induction',
      state: 'eligible', updated_at: '2025-11-15T10:00:00Z', created_at: '2025-11-15T10:00:00Z', delivery_partner_id: p2024.deliveryPartnerId,
      statement_id: await nextStatementId(lp.id, 2024), clawback_statement_id: null, ineligible_for_funding_reason: null, mentor_id: null,
      uplift_paid: false, evidence_held: null, has_passed: null, lead_provider_name: 'Declaring Provider',
    });
  });

  it('records a submitted declaration, on no statement, while DfE has not confirmed funding', async () => {
    const p = await participant({ eligibility: 'manual_check' });
    const json = await readJson(await declare(started(p.userId)));
    expect(json.data.attributes).toMatchObject({ state: 'submitted', statement_id: null });
  });

  it('makes a declaration for a second participant with the same TRN ineligible as a duplicate', async () => {
    const first = await participant({ trn: '5550001' });
    const second = await participant({ trn: '5550001' });
    await declare(started(first.userId));
    const json = await readJson(await declare(started(second.userId)));
    expect(json.data.attributes).toMatchObject({ state: 'ineligible', ineligible_for_funding_reason: 'duplicate_declaration', statement_id: null });
    const lines = await h.db.select().from(statementLineItems).where(eq(statementLineItems.participantDeclarationId, json.data.id));
    expect(lines).toMatchObject([{ state: 'ineligible' }]);
  });

  it('takes the mentor and delivery partner from where the ECT was on the declaration date', async () => {
    const mentor = await participant({ type: 'mentor' });
    const p = await participant({ mentorProfileId: mentor.profileId });
    const json = await readJson(await declare(started(p.userId)));
    expect(json.data.attributes.mentor_id).toBe(mentor.userId);
  });
});

describe('POST /api/v3/participant-declarations: each rule', () => {
  it('does not recognise an unknown participant, or one the caller never trained', async () => {
    expect(await errors(await declare(started(crypto.randomUUID())))).toEqual([{ title: 'participant_id', detail: m.participantNotRecognised }]);
    const theirs = await participant({}, await createPlacement(h.db, other.id, 2024));
    expect(await errors(await declare(started(theirs.userId)))).toEqual([{ title: 'participant_id', detail: m.participantNotRecognised }]);
  });

  it('accepts declarations for a withdrawn participant only when dated before the withdrawal', async () => {
    const p = await participant({ trainingStatus: 'withdrawn' });
    await recordState(h.db, p.profileId, lp.id, 'withdrawn', 'other', new Date('2025-09-01T00:00:00Z'));
    expect(await errors(await declare(retained3(p.userId)))).toEqual([{ title: 'participant_id', detail: m.withdrawnBefore('2025-09-01T00:00:00Z') }]);
    expect((await declare(retained3(p.userId, { declaration_date: '2025-08-15T00:00:00Z' }))).status).toBe(200);
  });

  it('needs a declaration date and type, reporting both together', async () => {
    const p = await participant();
    expect(await errors(await declare({ participant_id: p.userId, course_identifier: 'ecf-induction' }))).toEqual([
      { title: 'declaration_date', detail: m.dateMissing },
      { title: 'declaration_type', detail: m.typeMissing },
    ]);
  });

  it('refuses a future date (by the request’s clock), and dates not in RFC 3339', async () => {
    const p = await participant();
    expect(await errors(await declare(retained3(p.userId, { declaration_date: '2025-12-01T00:00:00Z' })))).toEqual([{ title: 'declaration_date', detail: m.dateInFuture }]);
    expect(await errors(await declare(retained3(p.userId, { declaration_date: '2025-10-01 09:00:00' })))).toEqual([{ title: 'declaration_date', detail: m.dateFormat }]);
    expect(await errors(await declare(retained3(p.userId, { declaration_date: '2025-19-01T09:00:00Z' })))).toEqual([{ title: 'declaration_date', detail: `${m.dateMissing}, ${m.dateFormat}` }]);
  });

  it('accepts a date "ahead of time" when the sandbox moves the clock', async () => {
    const p = await participant();
    const ahead = { participant_id: p.userId, declaration_type: 'retained-4', declaration_date: '2026-02-01T09:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'other' };
    expect(await errors(await declare(ahead))).toEqual([{ title: 'declaration_date', detail: m.dateInFuture }]);
    const res = await declare(ahead, { serverDate: '2026-02-02T09:00:00Z' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes.created_at).toBe('2026-02-02T09:00:00Z');
  });

  it('keeps dates inside the milestone window (the whole last day counts)', async () => {
    const p = await participant();
    expect(await errors(await declare(retained3(p.userId, { declaration_date: '2025-07-31T23:59:59Z' })))).toEqual([{ title: 'declaration_date', detail: m.beforeMilestone }]);
    expect(await errors(await declare(started(p.userId, { declaration_date: '2025-01-01T00:00:00Z' })))).toEqual([{ title: 'declaration_date', detail: m.afterMilestone }]);
    expect((await declare(started(p.userId, { declaration_date: '2024-12-31T23:59:59Z' }))).status).toBe(200);
  });

  it('refuses declarations for a cohort whose funding contract has ended', async () => {
    const p = await participant({ createdAt: new Date('2021-09-01T00:00:00Z'), startDate: new Date('2021-09-01T00:00:00Z') }, p2021);
    expect(await errors(await declare({ ...started(p.userId), declaration_date: '2021-10-01T00:00:00Z' }))).toEqual([{ title: 'cohort', detail: m.contractEnded(2021) }]);
  });

  it('refuses a type the schedule does not have', async () => {
    const p = await participant();
    expect(await errors(await declare(retained3(p.userId, { declaration_type: 'extended-1' })))).toEqual([{ title: 'declaration_type', detail: m.typeNotInSchedule }]);
  });

  it('holds one live declaration per participant, course and type, across providers; a voided one frees the slot', async () => {
    const p = await participant();
    const firstId = (await readJson(await declare(started(p.userId)))).data.id;
    expect(await errors(await declare(started(p.userId, { declaration_date: '2024-10-02T09:00:00Z' })))).toEqual([{ title: 'base', detail: m.slotTaken }]);
    expect((await voidIt(firstId)).status).toBe(200);
    expect((await declare(started(p.userId, { declaration_date: '2024-10-02T09:00:00Z' }))).status).toBe(200);
  });

  it('pays mentors from the 2025 cohort only for started and completed', async () => {
    const mentor = await participant({ type: 'mentor', createdAt: new Date('2025-09-01T00:00:00Z'), startDate: new Date('2025-09-01T00:00:00Z') }, p2025);
    const attrs = { participant_id: mentor.userId, declaration_date: '2025-10-01T00:00:00Z', course_identifier: 'ecf-mentor' };
    // Dated inside retention point 1 (1 Jan–31 Mar 2026), so only the mentor rule can refuse it.
    const retained = { ...attrs, declaration_type: 'retained-1', declaration_date: '2026-02-01T00:00:00Z', evidence_held: 'other' };
    expect(await errors(await declare(retained, { serverDate: '2026-02-02T00:00:00Z' }))).toEqual([{ title: 'declaration_type', detail: m.mentorFundingTypes }]);
    expect((await declare({ ...attrs, declaration_type: 'started', evidence_held: 'training-event-attended' })).status).toBe(200);
  });

  it('checks 2025 declarations against the published 2025 dates, mentors’ completion a year before ECTs’', async () => {
    const ect = await participant({ createdAt: new Date('2025-09-01T00:00:00Z'), startDate: new Date('2025-09-01T00:00:00Z') }, p2025);
    const mentor = await participant({ type: 'mentor', createdAt: new Date('2025-09-01T00:00:00Z'), startDate: new Date('2025-09-01T00:00:00Z') }, p2025);
    const ectDecl = (type: string, date: string, evidence: string) => ({ participant_id: ect.userId, declaration_type: type, declaration_date: date, course_identifier: 'ecf-induction', evidence_held: evidence });
    // started opens on 1 June 2025 (the seed's placeholder opened it on 1 July)
    expect((await declare(ectDecl('started', '2025-06-15T09:00:00Z', 'training-event-attended'))).status).toBe(200);
    // retention point 1 opens on 1 January 2026, not in autumn 2025
    expect(await errors(await declare(ectDecl('retained-1', '2025-11-01T09:00:00Z', 'training-event-attended')))).toEqual([{ title: 'declaration_date', detail: m.beforeMilestone }]);
    // and closes on 31 March 2026
    expect(await errors(await declare(ectDecl('retained-1', '2026-04-01T09:00:00Z', 'training-event-attended'), { serverDate: '2026-04-02T00:00:00Z' }))).toEqual([{ title: 'declaration_date', detail: m.afterMilestone }]);
    const completion = { declaration_type: 'completed', declaration_date: '2026-05-01T09:00:00Z', evidence_held: '75-percent-engagement-met', serverDate: '2026-05-02T00:00:00Z' };
    // In May 2026 an ECT cannot complete yet (1 Apr–31 Jul 2027); a mentor can (1 Apr–31 Jul 2026).
    expect(await errors(await declare(ectDecl('completed', completion.declaration_date, completion.evidence_held), { serverDate: completion.serverDate }))).toEqual([{ title: 'declaration_date', detail: m.beforeMilestone }]);
    const mentorCompleted = { participant_id: mentor.userId, declaration_type: 'completed', declaration_date: completion.declaration_date, course_identifier: 'ecf-mentor', evidence_held: completion.evidence_held };
    const res = await declare(mentorCompleted, { serverDate: completion.serverDate });
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    expect(await errors(await declare({ ...mentorCompleted, declaration_date: '2026-08-01T09:00:00Z' }, { serverDate: '2026-08-02T00:00:00Z' }))).toContainEqual({ title: 'declaration_date', detail: m.afterMilestone });
  });

  it('needs the course the participant trains on', async () => {
    const p = await participant();
    expect(await errors(await declare(started(p.userId, { course_identifier: 'ecf-mentor' })))).toEqual([{ title: 'course_identifier', detail: m.courseNotRecognised }]);
    expect(await errors(await declare(started(p.userId, { course_identifier: 'npq-leading-teaching' })))).toEqual([{ title: 'course_identifier', detail: m.npqNotSupported }]);
  });

  it('checks evidence: required after started, from the cohort’s list', async () => {
    const p = await participant();
    expect(await errors(await declare(retained3(p.userId, { evidence_held: undefined })))).toEqual([{ title: 'evidence_held', detail: m.evidenceMissing }]);
    expect(await errors(await declare(retained3(p.userId, { evidence_held: '75-percent-engagement-met' })))).toEqual([{ title: 'evidence_held', detail: m.evidenceInvalid(['training-event-attended', 'self-study-material-completed', 'other']) }]);
    const ect2025 = await participant({ createdAt: new Date('2025-09-01T00:00:00Z'), startDate: new Date('2025-09-01T00:00:00Z') }, p2025);
    // Retention point 2 of the 2025 September schedule: 1 Apr–31 Jul 2026.
    const r2 = { participant_id: ect2025.userId, declaration_type: 'retained-2', declaration_date: '2026-05-01T00:00:00Z', course_identifier: 'ecf-induction' };
    const serverDate = '2026-05-02T00:00:00Z';
    expect(await errors(await declare({ ...r2, evidence_held: 'training-event-attended' }, { serverDate }))).toEqual([{ title: 'evidence_held', detail: m.evidenceInvalid(['75-percent-engagement-met', '75-percent-engagement-met-reduced-induction']) }]);
    expect((await declare({ ...r2, evidence_held: '75-percent-engagement-met' }, { serverDate })).status).toBe(200);
  });
});

describe('idempotency and races', () => {
  it('answers an exact resubmission with the original declaration', async () => {
    const p = await participant();
    const first = await readJson(await declare(started(p.userId)));
    const again = await declare(started(p.userId));
    expect(again.status).toBe(200);
    expect(await readJson(again)).toEqual(first);
  });

  it('50 identical submissions at once create one declaration, and all get the same answer', async () => {
    const slow = await createHarness({}, { latencyMs: 1 });
    try {
      slow.clock.now = NOW;
      const me = await createLeadProvider(slow.db, { withStatements: true, cohorts: [2024] });
      const place = await createPlacement(slow.db, me.id, 2024);
      const p = await createParticipant(slow.db, place, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z') });
      const responses = await Promise.all(Array.from({ length: 50 }, () => declare(started(p.userId), { token: me.token, harness: slow })));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      const ids = new Set(await Promise.all(responses.map(async (r) => (await readJson(r)).data.id)));
      expect(ids.size).toBe(1);
      expect(await slow.db.select().from(participantDeclarations).where(eq(participantDeclarations.userId, p.userId))).toHaveLength(1);
      expect(await slow.db.select().from(statementLineItems)).toHaveLength(1);

      // two different payloads for the same slot: one wins, the other is refused
      const q = await createParticipant(slow.db, place, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z') });
      const [a, b] = await Promise.all([
        declare(started(q.userId), { token: me.token, harness: slow }),
        declare(started(q.userId, { declaration_date: '2024-10-05T09:00:00Z' }), { token: me.token, harness: slow }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 422]);
      expect((await readJson(a.status === 422 ? a : b)).errors).toEqual([{ title: 'base', detail: m.slotTaken }]);
      expect(await slow.db.select().from(participantDeclarations).where(eq(participantDeclarations.userId, q.userId))).toHaveLength(1);
    } finally {
      slow.close();
    }
  });
});

describe('GET /api/v3/participant-declarations', () => {
  it('shows the caller’s own declarations and others’ live ones for participants it trains; filters; oldest first', async () => {
    const fh = await createHarness();
    try {
      fh.clock.now = NOW;
      const a = await createLeadProvider(fh.db, { withStatements: true });
      const b = await createLeadProvider(fh.db, { withStatements: true });
      const aPlace = await createPlacement(fh.db, a.id, 2024);
      const bPlace = await createPlacement(fh.db, b.id, 2024);
      const mover = await createParticipant(fh.db, bPlace, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z') });
      const post = (token: string, attrs: Record<string, unknown>) => fh.request('/api/v3/participant-declarations', {
        method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { type: 'participant-declaration', attributes: attrs } }),
      });
      const byB = (await readJson(await post(b.token, started(mover.userId)))).data.id;
      // the participant moves to A's school: A now sees B's live declaration
      await addInductionRecord(fh.db, mover.profileId, aPlace, { startDate: new Date('2025-01-10T00:00:00Z'), createdAt: new Date('2025-01-10T00:00:00Z'), schoolTransfer: true });
      fh.clock.now = new Date('2025-11-16T10:00:00Z');
      const byA = (await readJson(await post(a.token, retained3(mover.userId)))).data.id;
      const own = await createParticipant(fh.db, aPlace, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z') });
      fh.clock.now = new Date('2025-11-17T10:00:00Z');
      const ownId = (await readJson(await post(a.token, started(own.userId)))).data.id;
      const list = async (q = '') => {
        const json = await readJson(await fh.request(`/api/v3/participant-declarations${q}`, { token: a.token }));
        expect(MultipleParticipantDeclarationsResponseSchema.safeParse(json).success).toBe(true);
        return json.data.map((d: { id: string }) => d.id);
      };
      expect(await list()).toEqual([byB, byA, ownId]);
      expect(await list(`?filter[participant_id]=${own.userId}`)).toEqual([ownId]);
      expect(await list('?filter[updated_since]=2025-11-16T00:00:00Z')).toEqual([byA, ownId]);
      expect(await list(`?filter[delivery_partner_id]=${bPlace.deliveryPartnerId}`)).toEqual([byB]);
      expect(await list('?filter[cohort]=2025')).toEqual([]);
      expect(await list('?filter[cohort]=2024&page[per_page]=2&page[page]=2')).toEqual([ownId]);
      // B sees only its own: A's declaration is for a participant B no longer trains... but B trained them while active
      const bSees = (await readJson(await fh.request('/api/v3/participant-declarations', { token: b.token }))).data.map((d: { id: string }) => d.id);
      expect(bSees).toContain(byB);
      expect(bSees).not.toContain(ownId);
      // others' declarations can be read but not voided
      expect((await fh.request(`/api/v3/participant-declarations/${byB}`, { token: a.token })).status).toBe(200);
      expect((await fh.request(`/api/v3/participant-declarations/${byB}/void`, { method: 'PUT', token: a.token })).status).toBe(404);
      expect((await fh.request(`/api/v3/participant-declarations/${ownId}`, { token: b.token })).status).toBe(404);
      const count = (q: string) => fh.countQueries(() => list(q));
      expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
    } finally {
      fh.close();
    }
  });
});

describe('void, clawback and the payment lifecycle', () => {
  it('voids unpaid declarations and takes them off their statement', async () => {
    const p = await participant();
    const id = (await readJson(await declare(started(p.userId)))).data.id;
    const json = await readJson(await voidIt(id));
    expect(json.data.attributes).toMatchObject({ state: 'voided', statement_id: null });
    const lines = await h.db.select().from(statementLineItems).where(eq(statementLineItems.participantDeclarationId, id));
    expect(lines).toMatchObject([{ state: 'voided' }]);
    const again = await voidIt(id);
    expect(again.status).toBe(422);
    expect((await readJson(again)).errors).toEqual([{ title: 'Invalid action', detail: m.alreadyVoided }]);
  });

  it('moves through the lifecycle: eligible → payable (cut-off passed) → paid (statement paid) → awaiting clawback → clawed back', async () => {
    const p = await participant({ pupilPremiumUplift: true });
    const id = (await readJson(await declare(started(p.userId)))).data.id;
    const statementId = await nextStatementId(lp.id, 2024);
    const [statement] = await h.db.select().from(statements).where(eq(statements.id, statementId));
    const afterCutOff = new Date(`${statement!.deadlineDate}T00:00:00Z`);
    afterCutOff.setUTCDate(afterCutOff.getUTCDate() + 1);
    await closeDueStatements(h.db, afterCutOff);
    await closeDueStatements(h.db, afterCutOff); // idempotent
    const get = async () => (await readJson(await h.request(`/api/v3/participant-declarations/${id}`, { token: lp.token }))).data.attributes;
    expect(await get()).toMatchObject({ state: 'payable', statement_id: statementId, uplift_paid: false });
    await markStatementPaid(h.db, statementId, new Date(afterCutOff.getTime() + 86_400_000));
    const paid = await get();
    expect(paid).toMatchObject({ state: 'paid', uplift_paid: true });
    const statementJson = await readJson(await h.request(`/api/v3/statements/${statementId}`, { token: lp.token }));
    expect(statementJson.data.attributes.paid).toBe(true);
    // a paid declaration is clawed back on the next open statement
    h.clock.now = new Date(afterCutOff.getTime() + 2 * 86_400_000);
    const clawed = (await readJson(await voidIt(id))).data.attributes;
    expect(clawed).toMatchObject({ state: 'awaiting-clawback', statement_id: statementId });
    expect(clawed.clawback_statement_id).toBeTruthy();
    expect(clawed.clawback_statement_id).not.toBe(statementId);
    expect((await readJson(await voidIt(id))).errors).toEqual([{ title: 'Invalid action', detail: m.clawedBack }]);
    // the clawback statement closes and is paid: the money is back
    const [clawbackStatement] = await h.db.select().from(statements).where(eq(statements.id, clawed.clawback_statement_id));
    const pastClawbackCutOff = new Date(`${clawbackStatement!.deadlineDate}T12:00:00Z`);
    pastClawbackCutOff.setUTCDate(pastClawbackCutOff.getUTCDate() + 1);
    await closeDueStatements(h.db, pastClawbackCutOff);
    await markStatementPaid(h.db, clawbackStatement!.id, pastClawbackCutOff);
    expect(await get()).toMatchObject({ state: 'clawed-back', statement_id: statementId, clawback_statement_id: clawbackStatement!.id, uplift_paid: true });
    h.clock.now = NOW;
  });

  it('refuses to claw back when the cohort has no statement left', async () => {
    const p = await participant({ createdAt: new Date('2021-09-01T00:00:00Z'), startDate: new Date('2021-09-01T00:00:00Z') }, p2021);
    const [d] = await h.db.insert(participantDeclarations).values({
      id: crypto.randomUUID(), userId: p.userId, participantProfileId: p.profileId, leadProviderId: lp.id, cohortId: cohortId(2021),
      declarationType: 'started', declarationDate: new Date('2021-10-01T00:00:00Z'), courseIdentifier: 'ecf-induction', state: 'paid',
      createdAt: NOW, updatedAt: NOW,
    }).returning();
    const res = await voidIt(d!.id);
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors).toEqual([{ title: 'Invalid action', detail: m.contractEnded(2021) }]);
  });

  it('makes submitted declarations eligible once DfE confirms funding, and updated_since finds them', async () => {
    const p = await participant({ eligibility: 'manual_check' });
    const id = (await readJson(await declare(started(p.userId)))).data.id;
    await validateParticipant({ db: h.db, now: new Date('2025-11-20T00:00:00Z') }, p.profileId, 'eligible');
    const json = await readJson(await h.request('/api/v3/participant-declarations?filter[updated_since]=2025-11-19T00:00:00Z&page[per_page]=3000', { token: lp.token }));
    const found = json.data.find((d: { id: string }) => d.id === id);
    expect(found.attributes).toMatchObject({ state: 'eligible', updated_at: '2025-11-20T00:00:00Z' });
    expect(found.attributes.statement_id).toBeTruthy();
  });

  it('records and clears a mentor’s funding end with their completed declaration', async () => {
    const mentor = await participant({ type: 'mentor' });
    const completed = { participant_id: mentor.userId, declaration_type: 'completed', declaration_date: '2025-10-01T00:00:00Z', course_identifier: 'ecf-mentor', evidence_held: 'other' };
    // 2024 standard-september: completed runs from 2026-04-01, so use the clock of the sandbox
    const res = await declare({ ...completed, declaration_date: '2026-05-01T00:00:00Z' }, { serverDate: '2026-05-02T00:00:00Z' });
    expect(res.status).toBe(200);
    const view = async () => (await readJson(await h.request(`/api/v3/participants/ecf/${mentor.userId}`, { token: lp.token }))).data.attributes.ecf_enrolments[0];
    expect(await view()).toMatchObject({ mentor_funding_end_date: '2026-05-01', mentor_ineligible_for_funding_reason: 'completed_declaration_received' });
    await voidIt((await readJson(res)).data.id);
    expect(await view()).toMatchObject({ mentor_funding_end_date: null, mentor_ineligible_for_funding_reason: null });
    const [profile] = await h.db.select().from(participantProfiles).where(eq(participantProfiles.id, mentor.profileId));
    expect(profile!.mentorCompletionDate).toBeNull();
  });
});
