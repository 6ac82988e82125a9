import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedEvidence } from '../../api/domain/declarations';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { readCohorts, readScheduleMilestones } from '../../db/reference-data/load';
import { seedSandbox, type SeededLeadProvider } from '../../db/seed/sandbox';
import { allPages, createHarness, readJson, type Harness, type Json } from '../support/harness';

// The sandbox's declarations, read by every provider through the API only: every state, on
// statements the provider can see, and participants ready for their next declaration on every
// kind of schedule, which the provider can submit straight away.

const NOW = new Date('2025-11-15T10:00:00Z');
const STATES = ['awaiting-clawback', 'clawed-back', 'eligible', 'ineligible', 'paid', 'payable', 'submitted', 'voided'];
const FAMILIES = ['standard', 'reduced', 'extended', 'replacement'] as const;
const ORDER = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'extended-1', 'extended-2', 'extended-3', 'completed'];
const LIVE = ['submitted', 'eligible', 'payable', 'paid'];

interface ProviderView {
  lp: SeededLeadProvider;
  token: string;
  /** Every declaration the provider sees, and those it made. */
  declarations: Json[];
  own: Json[];
  statements: Json[];
  participants: Json[];
}

let h: Harness;
const views: ProviderView[] = [];

async function get(path: string, token: string): Promise<Json> {
  const res = await h.request(path, { token });
  expect(res.status, path).toBe(200);
  return readJson(res);
}

const all = (path: string, token: string) => allPages(h, path, token);

beforeAll(async () => {
  h = await createHarness();
  h.clock.now = NOW;
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
  expect(providers).toHaveLength(7);
  for (const lp of providers) {
    const token = await createApiToken(h.db, lp.id, h.clock.now);
    const declarations = await all('/api/v3/participant-declarations', token);
    views.push({
      lp, token, declarations,
      own: declarations.filter((d) => d.attributes.lead_provider_name === lp.name),
      statements: await all('/api/v3/statements?filter[cohort]=2021,2022,2023,2024,2025', token),
      participants: await all('/api/v3/participants/ecf?filter[cohort]=2021,2022,2023,2024,2025', token),
    });
  }
});
afterAll(() => h?.close());

describe('sandbox declarations through the API, for every provider', () => {
  it('shows declarations in every state, each state with a statement on at least two statements', () => {
    const problems: string[] = [];
    for (const v of views) {
      const states = new Set(v.own.map((d) => d.attributes.state as string));
      for (const state of STATES) if (!states.has(state)) problems.push(`${v.lp.name}: no ${state} declaration`);
      const on = (state: string, key: 'statement_id' | 'clawback_statement_id') =>
        new Set(v.own.filter((d) => d.attributes.state === state).map((d) => d.attributes[key]));
      for (const [state, key] of [['eligible', 'statement_id'], ['payable', 'statement_id'], ['paid', 'statement_id'],
        ['awaiting-clawback', 'clawback_statement_id'], ['clawed-back', 'clawback_statement_id']] as const) {
        const ids = on(state, key);
        if (ids.has(null) || ids.size < 2) problems.push(`${v.lp.name}: ${state} on ${[...ids].join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('points statement_id and clawback_statement_id at statements the provider sees, paid ones marked paid', async () => {
    for (const v of views) {
      const listed = new Map(v.statements.map((s) => [s.id as string, s]));
      const shown = new Map<string, Json>();
      const statement = async (id: string) => {
        if (!shown.has(id)) shown.set(id, (await get(`/api/v3/statements/${id}`, v.token)).data);
        return shown.get(id)!;
      };
      for (const d of v.own) {
        const a = d.attributes;
        const billable = ['eligible', 'payable', 'paid', 'awaiting-clawback', 'clawed-back'].includes(a.state);
        const refundable = ['awaiting-clawback', 'clawed-back'].includes(a.state);
        expect(a.statement_id !== null, `${v.lp.name} ${d.id} ${a.state}`).toBe(billable);
        expect(a.clawback_statement_id !== null, `${v.lp.name} ${d.id} ${a.state}`).toBe(refundable);
        if (billable) {
          const s = await statement(a.statement_id);
          expect(listed.has(s.id), `${v.lp.name}: ${s.id} listed`).toBe(true);
          expect(s.attributes.cohort).toBe(listed.get(s.id).attributes.cohort);
          // Paid (and clawed back) declarations were paid on a paid statement; the others wait.
          expect(s.attributes.paid, `${v.lp.name} ${d.id} ${a.state}`).toBe(a.state !== 'eligible' && a.state !== 'payable');
        }
        if (refundable) {
          const c = await statement(a.clawback_statement_id);
          expect(listed.has(c.id)).toBe(true);
          expect(c.attributes.paid, `${v.lp.name} ${d.id} ${a.state}`).toBe(a.state === 'clawed-back');
          expect(c.attributes.cut_off_date > (await statement(a.statement_id)).attributes.cut_off_date).toBe(true);
        }
        if (a.state === 'ineligible') expect(a.ineligible_for_funding_reason).toBe('duplicate_declaration');
        expect(a.declaration_date <= NOW.toISOString() && a.created_at <= a.updated_at && a.updated_at <= NOW.toISOString(), `${v.lp.name} ${d.id}`).toBe(true);
      }
      expect(shown.size, v.lp.name).toBeGreaterThan(4);
    }
  });

  it('has participants ready for their next declaration on every kind of schedule, which the provider can submit now', async () => {
    h.clock.now = NOW;
    const milestones = readScheduleMilestones();
    const cohorts = new Map(readCohorts().map((c) => [c.startYear, c]));
    const today = NOW.toISOString().slice(0, 10);
    const at = new Date(NOW.getTime() - 3_600_000);
    const failures: string[] = [];
    for (const v of views) {
      // Cohorts still taking declarations for this provider: a statement open now.
      const open = new Set(v.statements.filter((s) => !s.attributes.paid && s.attributes.cut_off_date >= today).map((s) => Number(s.attributes.cohort)));
      const declared = new Set(v.declarations.filter((d) => LIVE.includes(d.attributes.state))
        .map((d) => `${d.attributes.participant_id}:${d.attributes.course_identifier}:${d.attributes.declaration_type}`));
      for (const family of FAMILIES) {
        // Participants (by id) whose next declaration's window is open now.
        const candidates = [...v.participants].sort((a, b) => a.id.localeCompare(b.id)).flatMap((p) => (p.attributes.ecf_enrolments as Json[]).map((e) => ({ p, e })))
          .map(({ p, e }) => {
            const year = Number(e.cohort);
            if (!String(e.schedule_identifier).startsWith(`ecf-${family}-`) || e.training_status !== 'active' || e.participant_status !== 'active'
              || e.eligible_for_funding !== true || !open.has(year)) return null;
            const course = e.participant_type === 'ect' ? 'ecf-induction' : 'ecf-mentor';
            const mentorFunding = e.participant_type === 'mentor' && cohorts.get(year)!.mentorFunding;
            const next = milestones
              .filter((m) => m.scheduleIdentifier === e.schedule_identifier && m.cohortYear === year && (!mentorFunding || ['started', 'completed'].includes(m.declarationType)))
              .sort((a, b) => ORDER.indexOf(a.declarationType) - ORDER.indexOf(b.declarationType))
              .find((m) => !declared.has(`${p.id}:${course}:${m.declarationType}`));
            if (!next || next.startDate > at.toISOString() || (next.milestoneDate && `${next.milestoneDate}T23:59:59Z` < at.toISOString())) return null;
            return { participantId: p.id as string, course, type: next.declarationType, year, participantType: e.participant_type as 'ect' | 'mentor' };
          })
          .filter((r) => r !== null);
        // Someone is ready for each type of declaration the family's schedules have.
        const types = new Set(milestones.filter((m) => m.scheduleIdentifier.startsWith(`ecf-${family}-`)).map((m) => m.declarationType));
        const readyFor = new Set(candidates.map((c) => c.type));
        for (const type of types) if (!readyFor.has(type)) failures.push(`${v.lp.name}: nobody ready for ${type} on an ${family} schedule`);
        const ready = candidates[0];
        if (!ready) continue;
        const evidence = allowedEvidence({ detailedEvidence: cohorts.get(ready.year)!.detailedEvidenceTypes, participantType: ready.participantType, declarationType: ready.type })?.[0];
        const res = await h.request('/api/v3/participant-declarations', {
          method: 'POST', token: v.token, headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ data: { type: 'participant-declaration', attributes: {
            participant_id: ready.participantId, declaration_type: ready.type, declaration_date: `${at.toISOString().slice(0, 19)}Z`,
            course_identifier: ready.course, ...(evidence ? { evidence_held: evidence } : {}),
          } } }),
        });
        const body = await readJson(res);
        if (res.status !== 200) {
          failures.push(`${v.lp.name} ${family} ${ready.participantId} ${ready.type}: ${res.status} ${JSON.stringify(body)}`);
          continue;
        }
        expect(body.data.attributes.state).toBe('eligible');
        const statement = v.statements.find((s) => s.id === body.data.attributes.statement_id);
        expect(statement?.attributes.paid, `${v.lp.name} ${family}`).toBe(false);
      }
    }
    expect(failures).toEqual([]);
  });
});
