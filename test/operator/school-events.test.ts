import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerships, schoolCohorts } from '../../db/schema';
import { createLeadProvider, createSchool, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createParticipant, createPlacement, type Placement } from '../support/participants';
import { providerEnrolmentDrift } from '../support/provider-enrolments';
import { auditRows, operator, operatorToken, refusedWithoutWrites } from './support';

let h: Harness;
let op: ReturnType<typeof operator>;
let lp: LeadProviderFixture;
let place: Placement;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
  op = operator(h, (await operatorToken(h, 'School-facing service')).token);
  lp = await createLeadProvider(h.db, { withStatements: true });
  place = await createPlacement(h.db, lp.id, 2025);
  // The school's choice points its default programme at the partnership's provider-led one.
  expect((await op('PUT', '/school-cohorts', { school_id: place.schoolId, cohort: 2025, induction_programme_choice: 'full_induction_programme' })).status).toBe(200);
});
afterAll(() => h.close());

const v3 = async (path: string, token = lp.token) => readJson(await h.request(`/api/v3${path}`, { token }));
const lastAudit = async () => (await auditRows(h)).at(-1)!;
const registration = (extra: Record<string, unknown> = {}) => ({
  school_id: place.schoolId, cohort: 2025, participant_type: 'ect', full_name: `Operator Person ${++n}`, email: `operator${n}@example.com`, ...extra,
});
const register = async (extra: Record<string, unknown> = {}) => {
  const res = await op('POST', '/participants', registration(extra));
  const json = await readJson(res);
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
};

describe('operator API: schools', () => {
  it('records a programme choice: shown by v3 schools with updated_at moved; school-led gets a programme of its own', async () => {
    const school = await createSchool(h.db);
    h.clock.now = new Date('2025-11-20T09:00:00Z');
    const json = await readJson(await op('PUT', '/school-cohorts', { school_id: school.id, cohort: '2025', induction_programme_choice: 'core_induction_programme' }));
    expect(json.data.attributes).toEqual({ school_id: school.id, cohort: 2025, induction_programme_choice: 'core_induction_programme' });
    const seen = await v3(`/schools/ecf/${school.id}?filter[cohort]=2025`);
    expect(seen.data.attributes).toMatchObject({ induction_programme_choice: 'school_led', updated_at: '2025-11-20T09:00:00Z' });
    const [sc] = await h.db.select().from(schoolCohorts).where(eq(schoolCohorts.schoolId, school.id));
    const programme = await h.client.execute({ sql: 'SELECT training_programme FROM induction_programmes WHERE id = ?', args: [sc!.defaultInductionProgrammeId] });
    expect(programme.rows[0]!.training_programme).toBe('core_induction_programme');
    // Changing its mind: no ECTs, no default programme; the same row is updated, not a second one.
    await op('PUT', '/school-cohorts', { school_id: school.id, cohort: 2025, induction_programme_choice: 'no_early_career_teachers' });
    const rows = await h.db.select().from(schoolCohorts).where(eq(schoolCohorts.schoolId, school.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ inductionProgrammeChoice: 'no_early_career_teachers', defaultInductionProgrammeId: null });
    expect((await lastAudit()).operation).toBe('choose_school_programme');
    h.clock.now = new Date('2025-11-15T10:00:00Z');
  });

  it('refuses an unknown school, cohort or choice, writing nothing', async () => {
    await refusedWithoutWrites(h, () => op('PUT', '/school-cohorts', { school_id: crypto.randomUUID(), cohort: 2025, induction_programme_choice: 'full_induction_programme' }), 422, 'school_id');
    await refusedWithoutWrites(h, () => op('PUT', '/school-cohorts', { school_id: place.schoolId, cohort: 1999, induction_programme_choice: 'full_induction_programme' }), 422, 'cohort');
    await refusedWithoutWrites(h, () => op('PUT', '/school-cohorts', { school_id: place.schoolId, cohort: 2025, induction_programme_choice: 'provider_led' }), 422, 'induction_programme_choice');
  });

  it('records an induction tutor: the school’s partnerships show them and move updated_at', async () => {
    h.clock.now = new Date('2025-11-21T09:00:00Z');
    const json = await readJson(await op('PUT', `/schools/${place.schoolId}/induction-tutor`, { full_name: 'Sam Tutor', email: 'Sam.Tutor@school.example' }));
    expect(json.data.attributes).toEqual({ school_id: place.schoolId, full_name: 'Sam Tutor', email: 'sam.tutor@school.example' });
    const seen = await v3(`/partnerships/ecf/${place.partnershipId}`);
    expect(seen.data.attributes).toMatchObject({ induction_tutor_name: 'Sam Tutor', induction_tutor_email: 'sam.tutor@school.example' });
    expect(seen.data.attributes.updated_at >= '2025-11-21T09:00:00Z').toBe(true);
    h.clock.now = new Date('2025-11-15T10:00:00Z');
    await refusedWithoutWrites(h, () => op('PUT', `/schools/${place.schoolId}/induction-tutor`, { full_name: 'Sam', email: 'nope' }), 422, 'email');
    await refusedWithoutWrites(h, () => op('PUT', `/schools/${crypto.randomUUID()}/induction-tutor`, { full_name: 'Sam', email: 'sam@x.example' }), 404);
  });
});

describe('operator API: participants', () => {
  it('registers a participant at any school with a programme: the provider sees them through v3, audited in the same batch', async () => {
    const json = await register({ teacher_reference_number: '7654321' });
    expect(json.data).toMatchObject({ type: 'participant-registration', attributes: { validated: true } });
    const seen = await v3(`/participants/ecf/${json.data.id}`);
    expect(seen.data.attributes.ecf_enrolments[0]).toMatchObject({ school_urn: place.schoolUrn, cohort: '2025', eligible_for_funding: true });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ operation: 'register_participant', actor_name: 'School-facing service', method: 'POST', path: '/api/operator/participants' });
    expect(JSON.parse(audit.target_ids)).toEqual([json.data.id, json.data.attributes.training_record_id]);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('refuses bad registrations with 422s on the attribute, writing nothing', async () => {
    const bare = await createSchool(h.db);
    await refusedWithoutWrites(h, () => op('POST', '/participants', registration({ school_id: bare.id })), 422, 'school_id');
    await refusedWithoutWrites(h, () => op('POST', '/participants', registration({ participant_type: 'npq', email: 'x' })), 422, 'participant_type');
    await refusedWithoutWrites(h, () => op('POST', '/participants', registration({ mentor_id: crypto.randomUUID() })), 422, 'mentor_id');
    const taken = await register();
    const email = (await h.client.execute({ sql: 'SELECT email FROM users WHERE id = ?', args: [taken.data.id] })).rows[0]!.email;
    await refusedWithoutWrites(h, () => op('POST', '/participants', registration({ email })), 422, 'email');
    await refusedWithoutWrites(h, () => op('POST', '/participants', undefined, { body: '[1,2' }), 400);
  });

  it('validates, assigns a mentor, reports leaving and a transfer, each shown by v3 and audited', async () => {
    const waiting = await register({ eligibility: 'none' });
    expect((await h.request(`/api/v3/participants/ecf/${waiting.data.id}`, { token: lp.token })).status).toBe(404);
    const validated = await readJson(await op('POST', `/participants/${waiting.data.id}/validate`, { course_identifier: 'ecf-induction', status: 'eligible' }));
    expect(validated.data).toMatchObject({ id: waiting.data.id, type: 'participant', attributes: { participant_type: 'ect' } });
    expect((await v3(`/participants/ecf/${waiting.data.id}`)).data.attributes.ecf_enrolments[0].eligible_for_funding).toBe(true);
    expect((await lastAudit()).operation).toBe('validate_participant');

    const mentor = await createParticipant(h.db, place, { type: 'mentor' });
    // Later than the registration, as in life (records started at the same instant tie).
    h.clock.now = new Date('2025-11-17T10:00:00Z');
    await op('POST', `/participants/${waiting.data.id}/mentor`, { mentor_id: mentor.userId });
    expect((await v3(`/participants/ecf/${waiting.data.id}`)).data.attributes.ecf_enrolments[0].mentor_id).toBe(mentor.userId);
    expect((await lastAudit()).operation).toBe('assign_mentor');

    await op('POST', `/participants/${waiting.data.id}/leaving`, { course_identifier: 'ecf-induction', leaving_on: '2026-07-31' });
    expect((await v3(`/participants/ecf/${waiting.data.id}`)).data.attributes.ecf_enrolments[0].participant_status).toBe('leaving');
    expect((await lastAudit()).operation).toBe('report_leaving');

    const other = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
    const theirs = await createPlacement(h.db, other.id, 2025);
    await op('PUT', '/school-cohorts', { school_id: theirs.schoolId, cohort: 2025, induction_programme_choice: 'full_induction_programme' });
    const mover = await register();
    const moved = await op('POST', `/participants/${mover.data.id}/transfer`, { course_identifier: 'ecf-induction', school_id: theirs.schoolId, leaving_on: '2025-12-19', joining_on: '2026-01-05' });
    expect(moved.status).toBe(200);
    const transfers = await v3(`/participants/ecf/${mover.data.id}/transfers`);
    expect(transfers.data.attributes.transfers[0]).toMatchObject({ transfer_type: 'new_provider', joining: { school_urn: theirs.schoolUrn } });
    expect((await lastAudit()).operation).toBe('transfer_participant');
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
    h.clock.now = new Date('2025-11-15T10:00:00Z');
  });

  it('merges two records of one person', async () => {
    const kept = await register();
    const retired = await register();
    const json = await readJson(await op('POST', '/participants/merge', { retired_participant_id: retired.data.id, kept_participant_id: kept.data.id }));
    expect(json.data.id).toBe(kept.data.id);
    const seen = await v3(`/participants/ecf/${kept.data.id}`);
    expect(seen.data.attributes.participant_id_changes[0]).toMatchObject({ from_participant_id: retired.data.id, to_participant_id: kept.data.id });
    expect((await lastAudit()).operation).toBe('merge_participants');
  });

  it('refuses bad events with contract errors and no audit row', async () => {
    const p = await register();
    await refusedWithoutWrites(h, () => op('POST', `/participants/${crypto.randomUUID()}/validate`, { course_identifier: 'ecf-induction' }), 404);
    await refusedWithoutWrites(h, () => op('POST', `/participants/${p.data.id}/validate`, { course_identifier: 'ecf-induction', status: 'maybe' }), 422, 'status');
    await refusedWithoutWrites(h, () => op('POST', `/participants/${p.data.id}/leaving`, { course_identifier: 'ecf-mentor', leaving_on: '2026-07-31' }), 422, 'course_identifier');
    await refusedWithoutWrites(h, () => op('POST', `/participants/${p.data.id}/leaving`, { course_identifier: 'ecf-induction', leaving_on: 'soon' }), 422, 'leaving_on');
    await refusedWithoutWrites(h, () => op('POST', `/participants/${p.data.id}/transfer`, { course_identifier: 'ecf-induction', school_id: crypto.randomUUID(), leaving_on: '2025-12-19', joining_on: '2026-01-05' }), 422, 'school_id');
    await refusedWithoutWrites(h, () => op('POST', `/participants/${p.data.id}/mentor`, { mentor_id: p.data.id }), 422, 'mentor_id');
    await refusedWithoutWrites(h, () => op('POST', '/participants/merge', { retired_participant_id: p.data.id, kept_participant_id: p.data.id }), 422, 'retired_participant_id');
  });
});

describe('operator API: partnerships and statements', () => {
  it('challenges a partnership on a school’s behalf', async () => {
    const own = await createPlacement(h.db, lp.id, 2024);
    h.clock.now = new Date('2025-11-16T08:00:00Z');
    await h.db.update(partnerships).set({ challengeDeadline: new Date('2025-12-01T00:00:00Z') }).where(eq(partnerships.id, own.partnershipId));
    const res = await op('POST', `/partnerships/${own.partnershipId}/challenge`, { reason: 'mistake' });
    expect(res.status).toBe(200);
    expect((await v3(`/partnerships/ecf/${own.partnershipId}`)).data.attributes).toMatchObject({ status: 'challenged', challenged_reason: 'mistake' });
    expect((await lastAudit()).operation).toBe('challenge_partnership');
    await refusedWithoutWrites(h, () => op('POST', `/partnerships/${own.partnershipId}/challenge`, { reason: 'mistake' }), 422, 'partnership');
    await refusedWithoutWrites(h, () => op('POST', `/partnerships/${crypto.randomUUID()}/challenge`, { reason: 'mistake' }), 404);
    h.clock.now = new Date('2025-11-15T10:00:00Z');
  });

  it('closes a statement, then marks it paid; each step only once', async () => {
    const statements = await v3('/statements?filter[cohort]=2025&page[per_page]=100');
    const open = statements.data.find((s: { attributes: { paid: boolean; cut_off_date: string } }) => !s.attributes.paid && s.attributes.cut_off_date >= '2025-11-15');
    await refusedWithoutWrites(h, () => op('POST', `/statements/${open.id}/paid`), 422, 'statement');
    const closed = await readJson(await op('POST', `/statements/${open.id}/close`));
    expect(closed.data.attributes).toEqual({ state: 'payable', marked_as_paid_at: null });
    expect((await lastAudit()).operation).toBe('close_statement');
    await refusedWithoutWrites(h, () => op('POST', `/statements/${open.id}/close`), 422, 'statement');
    const paid = await readJson(await op('POST', `/statements/${open.id}/paid`));
    expect(paid.data.attributes.state).toBe('paid');
    expect((await v3(`/statements/${open.id}`)).data.attributes.paid).toBe(true);
    expect((await lastAudit()).operation).toBe('mark_statement_paid');
    await refusedWithoutWrites(h, () => op('POST', `/statements/${crypto.randomUUID()}/close`), 404);
  });
});

describe('one implementation, two doors', () => {
  it('the sandbox control API and the operator API call the same school-event services', () => {
    const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const sandbox = read('api/services/sandbox/participant-events.ts') + read('api/services/sandbox/register-participant.ts') + read('api/services/sandbox/statement-events.ts');
    const operatorDoor = read('api/services/operators/school-events.ts');
    for (const service of ['validateParticipantRequest', 'leavingRequest', 'transferRequest', 'assignMentorRequest', 'mergeRequest', 'registerParticipantRequest', 'closeStatementNow', 'markStatementPaid']) {
      expect(sandbox, service).toContain(service);
      expect(operatorDoor, service).toContain(service);
    }
    // The rules live in the shared services, not in either door.
    expect(sandbox).not.toMatch(/ErrorCollector|DomainError/);
    expect(operatorDoor).not.toMatch(/ErrorCollector|DomainError/);
  });

  it('the same registration through either door gives the provider the same participant', async () => {
    const sandboxHarness = await createHarness({ APP_ENV: 'sandbox' });
    try {
      const sbLp = await createLeadProvider(sandboxHarness.db, { withStatements: true, cohorts: [2025] });
      const sbPlace = await createPlacement(sandboxHarness.db, sbLp.id, 2025);
      const sbOp = operator(sandboxHarness, (await operatorToken(sandboxHarness)).token);
      await sbOp('PUT', '/school-cohorts', { school_id: sbPlace.schoolId, cohort: 2025, induction_programme_choice: 'full_induction_programme' });
      const attrs = (email: string) => ({ school_id: sbPlace.schoolId, cohort: '2025', participant_type: 'ect', full_name: 'Same Person', email, teacher_reference_number: '1234567', start_date: '2025-09-01' });
      const viaSandbox = await readJson(await sandboxHarness.request('/api/sandbox/participants', {
        method: 'POST', token: sbLp.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { attributes: attrs('door1@example.com') } }),
      }));
      const viaOperator = await readJson(await sbOp('POST', '/participants', attrs('door2@example.com')));
      const view = async (id: string) => {
        const json = await readJson(await sandboxHarness.request(`/api/v3/participants/ecf/${id}`, { token: sbLp.token }));
        const a = json.data.attributes;
        const strip = (e: Record<string, unknown>) => { const { training_record_id: _t, email: _e, ...rest } = e; return rest; };
        return { ...a, ecf_enrolments: a.ecf_enrolments.map(strip) };
      };
      expect(await view(viaOperator.data.id)).toEqual(await view(viaSandbox.data.id));
      // And the same bad input gets the same errors.
      const bad = { ...attrs('door1@example.com'), participant_type: 'npq' };
      const sandboxErrors = await readJson(await sandboxHarness.request('/api/sandbox/participants', {
        method: 'POST', token: sbLp.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { attributes: bad } }),
      }));
      expect((await readJson(await sbOp('POST', '/participants', bad))).errors).toEqual(sandboxErrors.errors);
    } finally {
      sandboxHarness.close();
    }
  });
});
