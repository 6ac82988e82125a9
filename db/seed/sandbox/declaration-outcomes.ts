import { cohortId } from '../../reference-data/load';
import { declarationStates, participantDeclarations, statementLineItems } from '../../schema';
import type { Random } from '../random';
import { DAY, HOUR, isoDate } from './calendar';
import { addDeclaration } from './declaration-plans';
import { LIVE_STATES, type StatementInfo, type PlannedDeclaration, type DeclarationPlan, nextIn, SPECIAL_RATES } from './declaration-rules';
import type { SandboxGenerator } from './generator';
import { ParticipantRows } from './participants';
import type { LeadProviderPlan } from './plans';
import { PackedRows } from './write-rows';

/**
 * The outcome of every declaration planned in a slice, as rows. First a few more declarations
 * where a statement still open to them would otherwise hold none; then voided attempts and
 * clawbacks (some by chance, at least two on different statements per slice where possible);
 * duplicates between participants sharing a TRN; then states, statement lines and mentor
 * completion.
 */
export function settleDeclarations(g: SandboxGenerator, out: ParticipantRows, lp: LeadProviderPlan, rng: Random) {
  const limit = g.time.limit;
  const plans = out.plans;
  const open = plans.filter((p) => !p.fixed && p.lp === lp);
  const free = open.filter((p) => p.fundable);
  const years = [...new Set(open.map((p) => p.year))].sort();
  const statementOf = new Map<PlannedDeclaration, StatementInfo>();
  const statementFor = (p: DeclarationPlan, d: PlannedDeclaration) => {
    let s = statementOf.get(d);
    if (!s) statementOf.set(d, (s = nextIn(p.statements, d.created)!));
    return s;
  };

  for (const year of years) {
    const inYear = free.filter((p) => p.year === year);
    const list = g.statementsFor(lp.id, year);
    // Statements still to be paid that have taken declarations: at least two on each.
    for (const s of list) {
      if (s.state === 'paid' || s.opens > limit) continue;
      const intakeEnd = Math.min(s.cutOff, limit);
      let count = inYear.reduce((n, p) => n + p.items.filter((d) => d.created >= s.opens && d.created <= s.cutOff).length, 0);
      for (const p of rng.shuffle(inYear)) {
        if (count >= 2) break;
        const m = p.milestones[p.items.length];
        if (!m) continue;
        const last = p.items.at(-1)?.date ?? -Infinity;
        const lo = Math.max(m.lo, p.startAt, last + DAY, s.opens);
        const hi = Math.min(m.hi, p.stop, intakeEnd - HOUR);
        if (lo > hi) continue;
        if (addDeclaration(g, p, m.type, lo + rng.next() * (hi - lo), rng, intakeEnd)) count += 1;
      }
    }

    // Mistaken attempts, voided before the declaration was made again (those of participants
    // not eligible for funding were never on a statement).
    const voidedOn = new Set<string>();
    const items = inYear.flatMap((p) => p.items.map((d) => ({ p, d })));
    const attempts = [...rng.shuffle(items), ...rng.shuffle(open.filter((p) => p.year === year && !p.fundable).flatMap((p) => p.items.map((d) => ({ p, d }))))];
    for (const { p, d } of attempts) {
      if ((voidedOn.size >= 2 || !p.fundable) && !rng.chance(SPECIAL_RATES.voidedAttempt)) continue;
      const m = p.milestones.find((x) => x.type === d.type)!;
      const date = Math.max(m.lo, p.startAt, d.date - rng.int(1, 6) * DAY);
      const created = Math.min(date + rng.int(10, 600) * 60_000, d.created - 2 * HOUR);
      if (created < date) continue;
      const first = p.fundable ? nextIn(p.statements, created) : null;
      if (p.fundable && !first) continue;
      // Voided before it could be paid, and before the declaration was made again.
      const voidBy = Math.min(d.created - HOUR, first?.paidAt ?? Infinity, limit);
      if (voidBy <= created + HOUR) continue;
      if (first && voidedOn.size < 2 && voidedOn.has(first.id)) continue;
      d.voidedAttempt = { id: g.ids.declarations.next(), date, created, voidedAt: created + HOUR + rng.next() * (voidBy - created - HOUR) };
      if (first) voidedOn.add(first.id);
    }

    // Clawbacks of paid declarations: at least two waiting (on statements not paid yet) and
    // two done (on paid ones), each pair on different statements, and some by chance.
    const paid = items.filter(({ p, d }) => statementFor(p, d).state === 'paid');
    const clawBack = (targets: StatementInfo[], wanted: number) => {
      let done = 0;
      for (const target of rng.shuffle(targets)) {
        if (done >= wanted) break;
        const end = Math.min(target.cutOff, limit);
        const pick = rng.shuffle(paid).find(({ p, d }) => !d.clawback && statementFor(p, d).paidAt! < end - DAY && statementFor(p, d).id !== target.id);
        if (!pick) continue;
        const from = Math.max(statementFor(pick.p, pick.d).paidAt!, target.opens) + HOUR;
        if (from >= end) continue;
        pick.d.clawback = { at: from + rng.next() * (end - from) };
        done += 1;
      }
    };
    clawBack(list.filter((s) => s.state !== 'paid' && s.opens <= limit), 2);
    clawBack(list.filter((s) => s.state === 'paid'), 2);
    for (const { p, d } of paid) {
      if (d.clawback || !rng.chance(SPECIAL_RATES.clawback)) continue;
      const from = statementFor(p, d).paidAt! + DAY;
      if (from < limit) d.clawback = { at: from + rng.next() * (limit - from) };
    }
  }

  // Participants sharing a TRN: whoever declared an event second made a duplicate.
  const byEvent = new Map<string, { p: DeclarationPlan; d: PlannedDeclaration }[]>();
  for (const p of plans) {
    if (!p.trn || !g.sharedTrns.has(p.trn)) continue;
    for (const d of p.items) {
      const key = `${p.trn}:${p.course}:${d.type}`;
      if (!byEvent.has(key)) byEvent.set(key, []);
      byEvent.get(key)!.push({ p, d });
    }
  }
  for (const group of byEvent.values()) {
    group.sort((x, y) => x.d.created - y.d.created);
    const first = group[0]!.d;
    for (const later of group.slice(1)) {
      // Made after the first (not at the same moment), or not at all.
      if (later.d.created <= first.created) {
        if (first.created + 1000 > limit) {
          later.p.items.splice(later.p.items.indexOf(later.d), 1);
          continue;
        }
        later.d.created = first.created + 1000;
      }
      later.d.duplicateOf = first.id;
    }
  }

  return declarationRows(g, plans, out);
}

/** Rows of the declarations planned: the declaration, each state it went through, its statement lines. */
export function declarationRows(g: SandboxGenerator, plans: DeclarationPlan[], out: ParticipantRows) {
  const limit = g.time.limit;
  const declarations = new PackedRows(participantDeclarations);
  const states = new PackedRows(declarationStates);
  const lineItems = new PackedRows(statementLineItems);
  const D = declarations.index;
  const S = states.index;
  const L = lineItems.index;
  const at = (t: number) => Math.min(Math.round(t), limit);
  // The daily job makes a statement payable early the day after its cut-off.
  const payableAt = (s: StatementInfo) => s.cutOff + 2 * HOUR;

  for (const p of plans) {
    const cohort = cohortId(p.year);
    const [pupilPremium, sparsity] = [p.profile.pupilPremiumUplift ? 1 : 0, p.profile.sparsityUplift ? 1 : 0];
    /** Delivery partner and mentor of the provider's record at the date. */
    const placement = (date: number) => {
      let r = null as DeclarationPlan['records'][number] | null;
      for (const x of p.records) if (x.start <= date && (!r || x.start > r.start || (x.start === r.start && x.created > r.created))) r = x;
      if (!r) return { deliveryPartnerId: null, mentorUserId: null };
      let mentorUserId: string | null = null;
      // Mentors are written before the ECTs they mentor.
      if (p.participantType === 'ect' && r.mentorProfileId) mentorUserId = g.mentorUsers.get(r.mentorProfileId) ?? null;
      return { deliveryPartnerId: g.programmeOwners.get(r.programmeId)?.dpId ?? null, mentorUserId };
    };
    const write = (id: string, d: { type: string; date: number; created: number; evidence: string | null }, history: [string, number][],
      extra: { stateReason?: string | null; supersededById?: string | null; voidedAt?: number | null } = {}) => {
      for (const [state, t] of history) {
        const s = states.row();
        s[S.id!] = g.ids.states.next();
        s[S.participantDeclarationId!] = id;
        s[S.state!] = state;
        s[S.stateReason!] = state === 'ineligible' ? extra.stateReason ?? null : null;
        s[S.createdAt!] = at(t);
      }
      const [state, updated] = history.at(-1)!;
      const { deliveryPartnerId, mentorUserId } = placement(d.date);
      const r = declarations.row();
      r[D.id!] = id;
      r[D.userId!] = p.userId;
      r[D.participantProfileId!] = p.profile.id!;
      r[D.leadProviderId!] = p.lp.id;
      r[D.cohortId!] = cohort;
      r[D.declarationType!] = d.type;
      r[D.declarationDate!] = Math.round(d.date);
      r[D.courseIdentifier!] = p.course;
      r[D.evidenceHeld!] = d.evidence;
      r[D.state!] = state;
      r[D.stateReason!] = extra.stateReason ?? null;
      r[D.deliveryPartnerId!] = deliveryPartnerId;
      r[D.mentorUserId!] = mentorUserId;
      r[D.pupilPremiumUplift!] = pupilPremium;
      r[D.sparsityUplift!] = sparsity;
      r[D.supersededById!] = extra.supersededById ?? null;
      r[D.voidedAt!] = extra.voidedAt != null ? at(extra.voidedAt) : null;
      r[D.createdAt!] = at(d.created);
      r[D.updatedAt!] = at(updated);
      return state;
    };
    const line = (statementId: string, declarationId: string, state: string, created: number, updated: number) => {
      const l = lineItems.row();
      l[L.id!] = g.ids.lineItems.next();
      l[L.statementId!] = statementId;
      l[L.participantDeclarationId!] = declarationId;
      l[L.state!] = state;
      l[L.createdAt!] = at(created);
      l[L.updatedAt!] = at(updated);
    };

    let completedAt: number | null = null;
    let profileChanged = 0;
    for (const d of p.items) {
      if (d.voidedAttempt) {
        const v = d.voidedAttempt;
        const attempt = { ...d, date: v.date, created: v.created };
        if (p.fundable) {
          const s = nextIn(p.statements, v.created)!;
          const history: [string, number][] = [['eligible', v.created]];
          if (v.voidedAt > payableAt(s)) history.push(['payable', payableAt(s)]);
          history.push(['voided', v.voidedAt]);
          write(v.id, attempt, history, { voidedAt: v.voidedAt });
          line(s.id, v.id, 'voided', v.created, v.voidedAt);
        } else {
          write(v.id, attempt, [['submitted', v.created], ['voided', v.voidedAt]], { voidedAt: v.voidedAt });
        }
      }
      if (d.duplicateOf) {
        d.state = write(d.id, d, [['ineligible', d.created]], { stateReason: 'duplicate', supersededById: d.duplicateOf });
        const s = nextIn(p.statements, d.created);
        if (s) line(s.id, d.id, 'ineligible', d.created, d.created);
      } else if (!p.fundable) {
        d.state = write(d.id, d, [['submitted', d.created]]);
      } else {
        const s = nextIn(p.statements, d.created)!;
        const history: [string, number][] = [['eligible', d.created]];
        if (s.state !== 'open') history.push(['payable', payableAt(s)]);
        if (s.state === 'paid') history.push(['paid', s.paidAt!]);
        const billable = history.at(-1)!;
        let refund: [string, string, number, number] | null = null;
        if (d.clawback && s.state === 'paid') {
          const c = nextIn(p.statements, d.clawback.at);
          if (c && c.id !== s.id) {
            history.push(['awaiting_clawback', d.clawback.at]);
            if (c.state === 'paid') history.push(['clawed_back', c.paidAt!]);
            refund = [c.id, history.at(-1)![0], d.clawback.at, history.at(-1)![1]];
          }
        }
        d.state = write(d.id, d, history);
        line(s.id, d.id, billable[0], d.created, billable[1]);
        if (refund) line(refund[0], d.id, refund[1], refund[2], refund[3]);
        if (refund) profileChanged = Math.max(profileChanged, d.clawback!.at);
      }
      if (d.type === 'completed' && LIVE_STATES.has(d.state!)) completedAt = d.date;
      if (d.type === 'completed') profileChanged = Math.max(profileChanged, d.created);
    }

    // A mentor's funding ends with their completed declaration.
    if (p.participantType === 'mentor' && completedAt !== null) {
      p.profile.mentorCompletionDate = isoDate(completedAt);
      p.profile.mentorCompletionReason = 'completed_declaration_received';
    }
    if (p.participantType === 'mentor' && profileChanged > 0 && profileChanged > p.profile.updatedAt!.getTime()) {
      p.profile.updatedAt = g.time.at('participant_profiles.updated_at', profileChanged);
      out.touch(p.userId, p.profile.updatedAt);
    }
  }
  return { declarations, states, lineItems };
}
