import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../client';
import { readCohorts, readScheduleMilestones, scheduleId } from '../../reference-data/load';
import { users } from '../../schema';
import { createRandom, type Random } from '../random';
import { DAY } from './calendar';
import { DECLARATION_ORDER, type MilestoneWindow, type StatementInfo, nextIn } from './declaration-rules';
import { IdSequence } from './id-sequence';
import type { RowSink } from './options';
import type { LeadProviderPlan, SchoolCohortPlan } from './plans';
import { Timeline } from './timeline';
import { FIRST_NAMES, LAST_NAMES, PLACES, DELIVERY_PARTNER_PATTERNS, slug } from './vocabulary';
import { type AnyTable, writeRows } from './write-rows';
import { runBatch } from '../../batch';

export const SEED = 0x5eed2025;
export class SandboxGenerator {
  readonly rng: Random;
  readonly time: Timeline;
  /** Every address used, with how many numbered variants of it were handed out. */
  private readonly emails = new Map<string, number>();
  private readonly urns = new Set<string>();
  private readonly trns = new Set<string>();
  private readonly dpNames = new Set<string>();
  private step = 0;

  // Structure built before any participant, so participants can move between providers' schools.
  lps: LeadProviderPlan[] = [];
  readonly dpUpdatedAt = new Map<string, number>();
  /** Main partnered school cohorts per lead provider and year. */
  readonly partnered = new Map<string, SchoolCohortPlan[]>();
  /** Relationship partnership programme per lead provider and year: [school cohort, programme id]. */
  readonly relationshipProgrammes = new Map<string, { sc: SchoolCohortPlan; programmeId: string }>();
  /** Each school's school cohort per year. */
  readonly schoolCohortByYear = new Map<string, SchoolCohortPlan>();

  // What declarations are made from: reference data, statements, who owns each programme.
  readonly cohorts = new Map(readCohorts().map((c) => [c.startYear, c]));
  /** Milestone windows per `identifier:year:participantType`, in declaration order. */
  readonly milestones = new Map<string, MilestoneWindow[]>();
  /** Schedule id → identifier and cohort year. */
  readonly schedules = new Map<string, { identifier: string; year: number }>();
  /** Output-fee statements per `leadProviderId:year`, by cut-off. */
  readonly statementsByLpYear = new Map<string, StatementInfo[]>();
  /** Programme → lead provider and delivery partner of its partnership. */
  readonly programmeOwners = new Map<string, { lpId: string; dpId: string | null }>();
  /** Mentor profile → user (for declarations' mentor_id). */
  readonly mentorUsers = new Map<string, string>();
  /** TRNs two participants share (duplicates): their declarations are checked against each other. */
  readonly sharedTrns = new Set<string>();
  readonly ids: { declarations: IdSequence; states: IdSequence; lineItems: IdSequence };
  /** Users written before a later change to them (see finish). */
  readonly lateTouches = new Map<string, number>();

  constructor(readonly db: Db, readonly now: number, readonly perLp: number[], readonly total: number,
    readonly writer: 'chunks' | 'json',
    readonly onProgress?: (done: number, total: number, label: string) => void,
    readonly sink?: RowSink) {
    this.rng = createRandom(SEED);
    this.time = new Timeline(now, this.rng.fork('timeline'));
    // Id clocks start a while before now: however many rows, they stay in the past.
    const idClock = Math.floor(now / DAY) * DAY - 90 * DAY;
    this.ids = { declarations: new IdSequence(idClock, 0x5eed0d01), states: new IdSequence(idClock, 0x5eed0d02), lineItems: new IdSequence(idClock, 0x5eed0d03) };
    // Keyed `identifier:year:ect` and `…:mentor`: a milestone for one participant type only
    // (2025 mentors complete after a year) replaces the one for all in that type's list.
    const all = readScheduleMilestones();
    for (const m of all) {
      for (const who of ['ect', 'mentor'] as const) {
        if (m.appliesTo !== 'all' && m.appliesTo !== who) continue;
        if (m.appliesTo === 'all' && all.some((o) => o.appliesTo === who && o.scheduleIdentifier === m.scheduleIdentifier && o.cohortYear === m.cohortYear && o.declarationType === m.declarationType)) continue;
        const key = `${m.scheduleIdentifier}:${m.cohortYear}:${who}`;
        if (!this.milestones.has(key)) this.milestones.set(key, []);
        this.milestones.get(key)!.push({
          type: m.declarationType, position: 0,
          lo: Date.parse(`${m.startDate}T00:00:00Z`),
          hi: m.milestoneDate ? Date.parse(`${m.milestoneDate}T23:59:59.999Z`) : Infinity,
        });
      }
      this.schedules.set(scheduleId(m.scheduleIdentifier, m.cohortYear), { identifier: m.scheduleIdentifier, year: m.cohortYear });
    }
    for (const list of this.milestones.values()) {
      list.sort((a, b) => DECLARATION_ORDER.indexOf(a.type as never) - DECLARATION_ORDER.indexOf(b.type as never));
      list.forEach((m, i) => { m.position = i; });
    }
  }

  /** Progress is counted in steps: one per setup stage, one per participant, one per provider's scenarios. */
  progress(label: string, steps = 1) {
    this.step += steps;
    this.onProgress?.(Math.min(this.step, this.total), this.total, label);
  }

  async insert<T extends AnyTable>(table: T, rows: T['$inferInsert'][]) {
    await writeRows(this.db, this.writer, [[table, rows]]);
  }

  // ---------------------------------------------------------------------------------------------
  // Names, emails and numbers

  personName(rng: Random) {
    return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
  }

  /** A unique address: `first.last@domain`, numbered when taken. `local` may hold spaces or dots. */
  email(local: string, domain: string): string {
    const base = `${slug(local.replace(/\./g, ' ')).replace(/-+/g, '.')}@${domain}`;
    let n = this.emails.get(base) ?? 0;
    let candidate = base;
    // Common names repeat: number them (jo.smith@, jo.smith2@, ...).
    while (this.emails.has(candidate)) candidate = base.replace('@', `${++n + 1}@`);
    this.emails.set(base, n);
    this.emails.set(candidate, this.emails.get(candidate) ?? 0);
    return candidate;
  }

  urn(rng: Random, welsh = false): string {
    const [min, max] = welsh ? [400000, 409999] : [100000, 159999];
    let urn: string;
    do urn = String(rng.int(min, max)); while (this.urns.has(urn));
    this.urns.add(urn);
    return urn;
  }

  trn(rng: Random): string {
    let trn: string;
    do trn = String(rng.int(1000000, 9999999)); while (this.trns.has(trn));
    this.trns.add(trn);
    return trn;
  }

  dpName(rng: Random): string {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = rng.pick(DELIVERY_PARTNER_PATTERNS)(rng.pick(PLACES));
      if (!this.dpNames.has(name)) {
        this.dpNames.add(name);
        return name;
      }
    }
    let name: string;
    for (let n = 2; ; n++) {
      name = `${rng.pick(DELIVERY_PARTNER_PATTERNS)(rng.pick(PLACES))} ${n}`;
      if (!this.dpNames.has(name)) break;
    }
    this.dpNames.add(name);
    return name;
  }

  statementsFor(leadProviderId: string, year: number): StatementInfo[] {
    return this.statementsByLpYear.get(`${leadProviderId}:${year}`) ?? [];
  }

  /** The statement a declaration made at `t` goes on: the first output-fee one whose cut-off is that day or later. */
  nextStatement(leadProviderId: string, year: number, t: number): StatementInfo | null {
    return nextIn(this.statementsFor(leadProviderId, year), t);
  }

  schoolsFor(lp: LeadProviderPlan): number {
    return Math.max(4, Math.round(lp.perCohort / 3));
  }

  /**
   * Users written in an earlier slice whose records changed later (a former ECT now a mentor, a
   * merged id): their api_updated_at moves up, once every row is in. (The database's triggers do
   * the same; this does not rely on them.)
   */
  async finish(): Promise<void> {
    await this.sink?.drain();
    const late = [...this.lateTouches].map(([id, t]) => this.db.update(users).set({ apiUpdatedAt: sql`max(${users.apiUpdatedAt}, ${t})` }).where(eq(users.id, id)));
    for (let i = 0; i < late.length; i += 100) await runBatch(this.db, late.slice(i, i + 100));
  }
}
