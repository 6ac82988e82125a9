import { allowedEvidence } from '../../../api/domain/declarations';
import { inductionRecords, participantProfileStates, participantProfiles } from '../../schema';
import type { Random } from '../random';
import { DAY } from './calendar';
import { PACE_DAYS, type MilestoneWindow, type DeclarationPlan, nextIn } from './declaration-rules';
import type { SandboxGenerator } from './generator';
import type { Row, ProfileType, Special, LeadProviderPlan, PersonRef } from './plans';

// ---------------------------------------------------------------------------------------------
// Declarations
//
// Each participant the provider has trained gets its declarations as it is written: `started`
// soon after training began, then each milestone as it comes (dated inside its window, by now),
// until the provider stopped (withdrawn, deferred, moved away) or has not declared the latest
// yet. Whatever happened to a declaration afterwards follows the statement it went on, as the
// finance lifecycle would have moved it: paid statements hold paid declarations, the payable
// ones payable declarations, the next open one eligible declarations.

export function planDeclarations(g: SandboxGenerator, a: {
  rng: Random; lp: LeadProviderPlan; profile: Row<typeof participantProfiles>; person: PersonRef; type: ProfileType;
  records: Row<typeof inductionRecords>[]; states: Row<typeof participantProfileStates>[];
  fundable: boolean; validated: boolean; startAt: number; special: Special;
}): DeclarationPlan | null {
  // Providers see (so declare for) validated participants only; a school's removal ends it.
  if (!a.validated || a.profile.status !== 'active' || a.records.length === 0) return null;
  const records = [...a.records].sort((x, y) => x.startDate.getTime() - y.startDate.getTime() || x.createdAt!.getTime() - y.createdAt!.getTime());
  // The schedule they trained on: a mover out of a frozen cohort declared on the old one.
  const schedule = g.schedules.get(records[0]!.scheduleId);
  const cohort = schedule ? g.cohorts.get(schedule.year) : undefined;
  if (!schedule || !cohort) return null;
  const family = schedule.identifier.split('-')[1]!;
  let milestones = g.milestones.get(`${schedule.identifier}:${schedule.year}:${a.type}`) ?? [];
  if (a.special.frozen) milestones = milestones.filter((m) => m.type !== 'completed');
  if (a.type === 'mentor' && cohort.mentorFunding) milestones = milestones.filter((m) => m.type === 'started' || m.type === 'completed');

  // The last moment the provider could declare: when it withdrew or deferred them, when they
  // left the provider's school (or moved on), when the cohort's payments froze, or now.
  let stop = g.time.limit;
  if (a.profile.trainingStatus !== 'active' && a.states.length > 0) stop = Math.min(stop, a.states.at(-1)!.createdAt!.getTime());
  records.forEach((r, i) => {
    const next = records[i + 1];
    if (r.endDate && (!next || next.inductionProgrammeId !== r.inductionProgrammeId)) stop = Math.min(stop, r.endDate.getTime());
  });
  const statements = g.statementsFor(a.lp.id, schedule.year);
  if (cohort.paymentsFrozenAt) {
    // A frozen cohort's declarations were all paid before the freeze.
    const frozenAt = Date.parse(`${cohort.paymentsFrozenAt}T00:00:00Z`);
    stop = Math.min(stop, statements.filter((s) => s.paidAt !== null && s.paidAt < frozenAt).at(-1)?.cutOff ?? -Infinity);
  }

  const own = records.filter((r) => g.programmeOwners.get(r.inductionProgrammeId)?.lpId === a.lp.id);
  if (own.length === 0) return null;
  const plan: DeclarationPlan = {
    lp: a.lp, profile: a.profile, userId: a.person.userId, trn: a.person.trn, participantType: a.type,
    course: a.type === 'ect' ? 'ecf-induction' : 'ecf-mentor', year: schedule.year, fundable: a.fundable,
    detailedEvidence: cohort.detailedEvidenceTypes, family, milestones,
    records: own.map((r) => ({ start: r.startDate.getTime(), created: r.createdAt!.getTime(), programmeId: r.inductionProgrammeId, mentorProfileId: r.mentorProfileId ?? null })),
    startAt: a.startAt, stop, items: [], fixed: Boolean(a.special.declarations), statements,
  };
  const readyFor = a.special.declarations?.readyFor;
  if (readyFor) {
    const dates = readyDates(g, a.lp, schedule.year, milestones, a.startAt, readyFor, a.fundable) ?? [];
    dates.forEach((date, j) => addDeclaration(g, plan, milestones[j]!.type, date, a.rng));
  } else {
    planNatural(g, plan, a.rng, a.special.declarations?.steady ?? false);
  }
  return plan;
}

/** Milestone by milestone, as they come, until the provider stops or has not declared yet. */
export function planNatural(g: SandboxGenerator, plan: DeclarationPlan, rng: Random, steady: boolean): void {
  const limit = g.time.limit;
  const pace = (PACE_DAYS[plan.family] ?? 120) * DAY;
  let previous = -Infinity;
  for (const m of plan.milestones) {
    const lo = Math.max(m.lo, plan.startAt, previous + DAY);
    const hi = Math.min(m.hi, plan.stop);
    if (lo > hi) break;
    const nominal = plan.startAt + m.position * pace + rng.int(10, 45) * DAY;
    // Not due yet.
    if (nominal > limit) break;
    if (!steady) {
      // Some providers stop declaring for a participant; some have not sent the latest yet.
      if (m.position > 0 && rng.chance(0.015)) break;
      if (limit - nominal < 90 * DAY && m.hi > limit && rng.chance(0.4)) break;
    }
    const span = hi - lo;
    const day = nominal < lo ? lo + rng.next() * Math.min(20 * DAY, span)
      : nominal > hi ? hi - rng.next() * Math.min(20 * DAY, span) : nominal;
    // A working hour of that day, kept inside the window.
    const date = Math.min(hi, Math.max(lo, Math.floor(day / DAY) * DAY + rng.int(8 * 3600, 18 * 3600) * 1000));
    if (!addDeclaration(g, plan, m.type, date, rng)) break;
    previous = date;
  }
}

/**
 * Dates for every declaration before `target` on these milestones, spread between the start
 * and now, each inside its window: null when that cannot be done, or when the target's window
 * is not open now.
 */
export function readyDates(g: SandboxGenerator, lp: LeadProviderPlan, year: number, milestones: MilestoneWindow[], startAt: number, target: string, fundable: boolean): number[] | null {
  const limit = g.time.limit;
  const idx = milestones.findIndex((m) => m.type === target);
  if (idx < 0) return null;
  const window = milestones[idx]!;
  if (window.lo > limit - DAY || window.hi < limit + DAY || startAt > limit - (idx + 1) * 2 * DAY) return null;
  const dates: number[] = [];
  let previous = startAt - DAY;
  for (let j = 0; j < idx; j++) {
    const m = milestones[j]!;
    const lo = Math.max(m.lo, startAt, previous + DAY);
    const hi = Math.min(m.hi, limit - DAY);
    if (lo > hi) return null;
    const nominal = startAt + ((j + 1) * (limit - DAY - startAt)) / (idx + 1);
    const date = Math.round(Math.min(hi, Math.max(lo, nominal)));
    if (fundable && !g.nextStatement(lp.id, year, date)) return null;
    dates.push(date);
    previous = date;
  }
  return dates;
}

/** Adds a declaration made soon after its date (on the statement open then); false if none could be made. */
export function addDeclaration(g: SandboxGenerator, plan: DeclarationPlan, type: string, date: number, rng: Random, latest = g.time.limit): boolean {
  let until = Math.min(latest, g.time.limit);
  if (plan.fundable) {
    // A fundable participant's declaration needs a statement to go on (the contract has not ended).
    const statement = nextIn(plan.statements, date);
    if (!statement) return false;
    until = Math.min(until, statement.cutOff);
  }
  // Sent within a week, mostly soon after, and before the statement's cut-off.
  const r = rng.next();
  const created = date + Math.floor(Math.min(7 * DAY, Math.max(0, until - date)) * (0.002 + 0.998 * r * r * r));
  plan.items.push({ id: g.ids.declarations.next(), type, date, created, evidence: pickEvidence(g, plan, type, rng) });
  return true;
}

export function pickEvidence(g: SandboxGenerator, plan: DeclarationPlan, type: string, rng: Random): string | null {
  const allowed = allowedEvidence({ detailedEvidence: plan.detailedEvidence, participantType: plan.participantType, declarationType: type });
  if (!allowed || allowed.length === 0) return null;
  // Evidence of a start may be left out (cohorts with detailed evidence types).
  if (type === 'started' && rng.chance(0.3)) return null;
  return rng.pick(allowed);
}
