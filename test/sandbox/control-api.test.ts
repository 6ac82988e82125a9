import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerships, schoolCohorts } from '../../db/schema';
import { createDeliveryPartner, createLeadProvider, createProviderRelationship, createSchool, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createParticipant, createPlacement, type Placement } from '../support/participants';
import { providerEnrolmentDrift } from '../support/provider-enrolments';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let place: Placement;
let n = 0;

beforeAll(async () => {
  h = await createHarness();
  h.clock.now = new Date('2025-11-15T10:00:00Z');
  lp = await createLeadProvider(h.db, { withStatements: true });
  other = await createLeadProvider(h.db, { withStatements: true });
  place = await createPlacement(h.db, lp.id, 2025);
  await h.db.update(schoolCohorts).set({ defaultInductionProgrammeId: place.programmeId }).where(eq(schoolCohorts.id, place.schoolCohortId));
});
afterAll(() => h.close());

function control(path: string, attributes: Record<string, unknown> = {}, token = lp.token, harness = h) {
  return harness.request(`/api/sandbox${path}`, {
    method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { attributes } }),
  });
}
const v3 = async (path: string, token = lp.token) => readJson(await h.request(`/api/v3${path}`, { token }));
const register = async (extra: Record<string, unknown> = {}) => {
  const res = await control('/participants', { school_id: place.schoolId, cohort: '2025', participant_type: 'ect', full_name: `Sandbox Person ${++n}`, email: `sandbox${n}@example.com`, ...extra });
  expect(res.status).toBe(200);
  return readJson(res);
};

describe('sandbox control API', () => {
  it('registers a participant at a partnered school, visible through the v3 API at once', async () => {
    const json = await register({ teacher_reference_number: '1112223' });
    expect(json.data.type).toBe('participant');
    const seen = await v3(`/participants/ecf/${json.data.id}`);
    expect(seen.data.attributes).toMatchObject({ teacher_reference_number: '1112223' });
    expect(seen.data.attributes.ecf_enrolments[0]).toMatchObject({ school_urn: place.schoolUrn, cohort: '2025', eligible_for_funding: true });
  });

  it('registers one waiting for DfE, who appears once validated', async () => {
    const json = await register({ eligibility: 'none' });
    expect(json.data).toMatchObject({ type: 'participant-registration', attributes: { validated: false } });
    expect((await h.request(`/api/v3/participants/ecf/${json.data.id}`, { token: lp.token })).status).toBe(404);
    const validated = await readJson(await control(`/participants/${json.data.id}/validate`, { course_identifier: 'ecf-induction', status: 'ineligible' }));
    expect(validated.data.attributes.ecf_enrolments[0].eligible_for_funding).toBe(false);
  });

  it('refuses to register at a school the caller is not partnered with', async () => {
    const school = await createSchool(h.db);
    const res = await control('/participants', { school_id: school.id, cohort: '2025', participant_type: 'ect', full_name: 'X', email: 'x-unpartnered@example.com' });
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors[0].title).toBe('school_id');
  });

  it('a school challenges a partnership: challenged, with updated_at moved', async () => {
    const own = await createPlacement(h.db, lp.id, 2025);
    h.clock.now = new Date('2025-11-16T08:00:00Z');
    await h.db.update(partnerships).set({ challengeDeadline: new Date('2025-12-01T00:00:00Z') }).where(eq(partnerships.id, own.partnershipId));
    const json = await readJson(await control(`/partnerships/${own.partnershipId}/challenge`, { reason: 'mistake' }));
    expect(json.data.attributes).toMatchObject({ status: 'challenged', challenged_reason: 'mistake', updated_at: '2025-11-16T08:00:00Z' });
    const listed = await v3('/partnerships/ecf?filter[updated_since]=2025-11-16T00:00:00Z');
    expect(listed.data.map((p: { id: string }) => p.id)).toContain(own.partnershipId);
    h.clock.now = new Date('2025-11-15T10:00:00Z');
  });

  it('reports leaving, transfer and a new mentor, each shown by the v3 API', async () => {
    const where = await createPlacement(h.db, lp.id, 2024);
    await h.db.update(schoolCohorts).set({ defaultInductionProgrammeId: where.programmeId }).where(eq(schoolCohorts.id, where.schoolCohortId));
    const ect = await createParticipant(h.db, where);
    const mentor = await createParticipant(h.db, where, { type: 'mentor' });
    const mentored = await readJson(await control(`/participants/${ect.userId}/mentor`, { mentor_id: mentor.userId }));
    expect(mentored.data.attributes.ecf_enrolments[0].mentor_id).toBe(mentor.userId);
    const leaving = await readJson(await control(`/participants/${ect.userId}/leaving`, { course_identifier: 'ecf-induction', leaving_on: '2025-12-19' }));
    expect(leaving.data.attributes.ecf_enrolments[0].participant_status).toBe('leaving');

    const theirs = await createPlacement(h.db, other.id, 2024);
    await h.db.update(schoolCohorts).set({ defaultInductionProgrammeId: theirs.programmeId }).where(eq(schoolCohorts.id, theirs.schoolCohortId));
    const mover = await createParticipant(h.db, where);
    await control(`/participants/${mover.userId}/transfer`, { course_identifier: 'ecf-induction', school_id: theirs.schoolId, leaving_on: '2025-12-19', joining_on: '2026-01-05' });
    const transfers = await v3(`/participants/ecf/${mover.userId}/transfers`);
    expect(transfers.data.attributes.transfers[0]).toMatchObject({ transfer_type: 'new_provider', status: 'incomplete', joining: { school_urn: theirs.schoolUrn } });
  });

  it('merges two participants', async () => {
    const kept = await register();
    const retired = await register();
    const json = await readJson(await control('/participants/merge', { retired_participant_id: retired.data.id, kept_participant_id: kept.data.id }));
    expect(json.data.id).toBe(kept.data.id);
    expect(json.data.attributes.participant_id_changes[0]).toMatchObject({ from_participant_id: retired.data.id, to_participant_id: kept.data.id });
  });

  it('makes a statement payable, then paid', async () => {
    const statements = await v3('/statements?filter[cohort]=2025&page[per_page]=100');
    const open = statements.data.find((s: { attributes: { paid: boolean; cut_off_date: string } }) => !s.attributes.paid && s.attributes.cut_off_date >= '2025-11-15');
    expect((await control(`/statements/${open.id}/paid`)).status).toBe(422);
    expect((await control(`/statements/${open.id}/payable`)).status).toBe(200);
    const paid = await readJson(await control(`/statements/${open.id}/paid`));
    expect(paid.data.attributes.paid).toBe(true);
  });

  it('only touches the caller’s own data: another provider’s participant, partnership or statement is not found', async () => {
    const theirs = await createPlacement(h.db, other.id, 2025);
    const p = await createParticipant(h.db, theirs);
    const theirStatements = await v3('/statements', other.token);
    for (const [path, attrs] of [
      [`/participants/${p.userId}/leaving`, { course_identifier: 'ecf-induction', leaving_on: '2025-12-19' }],
      [`/partnerships/${theirs.partnershipId}/challenge`, { reason: 'mistake' }],
      [`/statements/${theirStatements.data[0].id}/payable`, {}],
    ] as const) {
      expect((await control(path, attrs)).status, path).toBe(404);
    }
    expect((await v3(`/partnerships/ecf/${theirs.partnershipId}`, other.token)).data.attributes.status).toBe('active');
  });

  it('does not exist in production', async () => {
    const prod = await createHarness({ APP_ENV: 'production' });
    try {
      const me = await createLeadProvider(prod.db);
      expect((await control('/participants', {}, me.token, prod)).status).toBe(404);
      expect((await prod.request('/api-docs/sandbox/openapi.json')).status).toBe(404);
    } finally {
      prod.close();
    }
  });

  it('is documented in its own OpenAPI document', async () => {
    const doc = await readJson(await h.request('/api-docs/sandbox/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/sandbox/participants', '/api/sandbox/partnerships/{id}/challenge', '/api/sandbox/statements/{id}/paid']));
    expect(doc.paths['/api/sandbox/participants'].post.tags).toEqual(['sandbox control']);
  });

  it('lists example ids of the caller’s situations', async () => {
    const json = await readJson(await h.request('/api/sandbox/scenarios', { token: lp.token }));
    expect(json.data.participants.ect_active_active).toBeTruthy();
    expect(json.data.next_open_statement_by_cohort['2025']).toBeTruthy();
  });

  it('leaves provider_enrolments (kept by triggers) equal to a rebuild after every event above', async () => {
    expect(Number((await h.client.execute('SELECT count(*) AS n FROM provider_enrolments')).rows[0]!.n)).toBeGreaterThan(0);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });
});

describe('a provider’s journey through the sandbox, over HTTP only', () => {
  it('finds a school, partners, sees a new participant, declares ahead of time, gets paid, and voids into clawback', async () => {
    const j = await createHarness({ APP_ENV: 'sandbox' });
    try {
      j.clock.now = new Date('2025-11-15T10:00:00Z');
      const me = await createLeadProvider(j.db, { withStatements: true });
      const dp = await createDeliveryPartner(j.db, { name: 'Journey DP' });
      await createProviderRelationship(j.db, me.id, dp.id, 2025);
      const school = await createSchool(j.db, { name: 'Journey School' });
      const call = async (method: string, path: string, attributes?: Record<string, unknown>, serverDate?: string) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (serverDate) headers['X-With-Server-Date'] = serverDate;
        const res = await j.request(path, { method, token: me.token, headers, body: attributes ? JSON.stringify({ data: { attributes } }) : undefined });
        const body = await readJson(res);
        expect(res.status, `${method} ${path}: ${JSON.stringify(body)}`).toBe(200);
        return body;
      };
      const found = await call('GET', `/api/v3/schools/ecf?filter[cohort]=2025&filter[urn]=${school.urn}`);
      expect(found.data[0].attributes).toMatchObject({ name: 'Journey School', in_partnership: false });
      const partnership = await call('POST', '/api/v3/partnerships/ecf', { cohort: '2025', school_id: found.data[0].id, delivery_partner_id: dp.id });
      expect(partnership.data.attributes.status).toBe('active');
      const registered = await call('POST', '/api/sandbox/participants', { school_id: school.id, cohort: '2025', participant_type: 'ect', full_name: 'Jamie Journey', email: 'jamie@journey.example', teacher_reference_number: '9998887', start_date: '2025-09-01T00:00:00Z' });
      const participants = await call('GET', '/api/v3/participants/ecf?filter[cohort]=2025');
      expect(participants.data.map((p: { id: string }) => p.id)).toContain(registered.data.id);
      // Retention point 1 of the 2025 September schedule runs 1 Jan–31 Mar 2026: declare it dated
      // in the future, with the clock moved there
      const declaration = await call('POST', '/api/v3/participant-declarations', {
        participant_id: registered.data.id, declaration_type: 'retained-1', declaration_date: '2026-02-10T09:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'training-event-attended',
      }, '2026-02-11T09:00:00Z');
      expect(declaration.data.attributes).toMatchObject({ state: 'eligible', created_at: '2026-02-11T09:00:00Z' });
      const statementId = declaration.data.attributes.statement_id;
      await call('POST', `/api/sandbox/statements/${statementId}/payable`);
      await call('POST', `/api/sandbox/statements/${statementId}/paid`);
      expect((await call('GET', `/api/v3/participant-declarations/${declaration.data.id}`)).data.attributes.state).toBe('paid');
      const voided = await call('PUT', `/api/v3/participant-declarations/${declaration.data.id}/void`, undefined, '2026-02-12T09:00:00Z');
      expect(voided.data.attributes.state).toBe('awaiting-clawback');
      expect(voided.data.attributes.clawback_statement_id).toBeTruthy();
    } finally {
      j.close();
    }
  });
});

describe('GET /sandbox', () => {
  it('explains the sandbox: base URL, token, header and control API', async () => {
    const res = await h.request('/sandbox');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    for (const text of ['X-With-Server-Date', 'Authorization: Bearer', '/api/sandbox/participants', '/api/sandbox/scenarios', 'http://localhost']) expect(page).toContain(text);
    expect(page).toMatch(/<html lang="en">/);
  });
});
