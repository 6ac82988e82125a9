import type { Db } from '../client';
import { insertInChunks } from '../bulk';
import { uuidFromName } from '../ids';
import { cohortId, loadLeadProviderContracts, scheduleId } from '../reference-data/load';
import {
  deliveryPartners,
  inductionCoordinators,
  inductionProgrammes,
  inductionRecords,
  leadProviders,
  participantEligibilities,
  participantIdChanges,
  participantIdentities,
  participantProfileSchedules,
  participantProfileStates,
  participantProfiles,
  partnerships,
  providerRelationships,
  schoolCohorts,
  schools,
  users,
} from '../schema';
import { createRandom, type Random } from './random';

export type SeedScale = 'default' | 'national' | number;

export interface SandboxSeedOptions {
  now: Date;
  scale: SeedScale;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface SeededLeadProvider {
  id: string;
  name: string;
}

// The sandbox data set: lead providers with contracts and statements, delivery partners, schools
// (eligible, ineligible, CIP-only), school cohorts, partnerships (active, challenged, relationship,
// waiting on the school to continue), and participants in every training state. Every id comes
// from uuidFromName over a stable name and every choice from a seeded generator, so the same
// `now` and scale always give the same database. Timestamps follow the cohort calendar (a 2023
// partnership was made in 2023) and are clamped into the past relative to `now`.

const LEAD_PROVIDER_NAMES = [
  'Ambition Institute',
  'Best Practice Network',
  'Capita',
  'Education Development Trust',
  'National Institute of Teaching',
  'Teach First',
  'UCL Institute of Education',
] as const;

/** Share of the ~200,000 participants of the national scale, per lead provider (in the order above). */
const NATIONAL_SHARES = [0.3, 0.08, 0.05, 0.12, 0.1, 0.2, 0.15];
const NATIONAL_PARTICIPANTS = 200_000;
const DEFAULT_PARTICIPANTS_PER_LP_PER_COHORT = 60;

const COHORT_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
const LAST_YEAR = 2025;
const SEED = 0x5eed2025;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const INSERT_SLICE = 5_000;

const CHALLENGE_REASONS = ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake'] as const;
const DEFERRAL_REASONS = ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other'] as const;
const WITHDRAWAL_REASONS = ['left-teaching-profession', 'moved-school', 'switched-to-school-led', 'other'] as const;

// GIAS establishment types. Eligible for funding (weights roughly follow how common they are).
const ELIGIBLE_TYPES: [string, number][] = [
  ['1', 25], ['2', 8], ['3', 6], ['5', 5], ['6', 1], ['7', 4], ['8', 1], ['12', 1], ['14', 2], ['15', 1],
  ['18', 1], ['28', 15], ['33', 1], ['34', 25], ['35', 3], ['36', 1], ['44', 1],
];
const CIP_ONLY_TYPES = ['10', '11', '30', '37'] as const;

const FIRST_NAMES = [
  'Amelia', 'Olivia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya',
  'Florence', 'Willow', 'Evie', 'Poppy', 'Ella', 'Charlotte', 'Aisha', 'Maryam', 'Zara', 'Priya', 'Hannah',
  'Chloe', 'Emily', 'Sarah', 'Rebecca', 'Laura', 'Megan', 'Niamh', 'Siobhan', 'Fatima', 'Amara', 'Chidi',
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Muhammad', 'Harry', 'Oscar', 'Archie', 'Henry', 'Jack',
  'Theo', 'Freddie', 'Alfie', 'Charlie', 'Thomas', 'James', 'William', 'Daniel', 'Samuel', 'Joseph',
  'Adam', 'Yusuf', 'Ibrahim', 'Arjun', 'Rohan', 'Kwame', 'Tomasz', 'Luca', 'Mateo', 'Ethan', 'Ryan',
  'David', 'Michael', 'Andrew', 'Christopher', 'Matthew', 'Rhys', 'Owen', 'Callum', 'Jamal', 'Kofi',
];
const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel',
  'Khan', 'Ahmed', 'Ali', 'Hussain', 'Begum', 'Singh', 'Kaur', 'Shah', 'Okafor', 'Adeyemi', 'Mensah',
  'Nowak', 'Kowalski', 'Murphy', "O'Brien", 'Kelly', 'Walsh', 'Byrne', 'Lewis', 'Harris', 'Martin', 'Cooper',
  'King', 'Lee', 'Baker', 'Harrison', 'Morgan', 'Hughes', 'Edwards', 'Turner', 'Hill', 'Moore', 'Allen',
  'Scott', 'Young', 'Mitchell', 'Watson', 'Campbell', 'Anderson', 'Chapman', 'Ward', 'Bennett', 'Carter',
  'Phillips', 'Parker', 'Collins', 'Richardson', 'Marshall', 'Bailey', 'Cox', 'Bell', 'Fisher', 'Russell',
  'Chen', 'Wang', 'Nguyen', 'Rossi', 'Silva', 'Santos', 'Fernandes', 'Mahmood', 'Iqbal', 'Rahman',
];
const PLACES = [
  'Abbey Wood', 'Acton', 'Aldershot', 'Alnwick', 'Ashford', 'Aylesbury', 'Banbury', 'Barking', 'Barnsley',
  'Basingstoke', 'Bedford', 'Beeston', 'Beverley', 'Bexhill', 'Bicester', 'Birkenhead', 'Blackburn',
  'Bolton', 'Bootle', 'Bournemouth', 'Bracknell', 'Bradford', 'Brentwood', 'Bridgwater', 'Brighton',
  'Bristol', 'Bromley', 'Burnley', 'Bury', 'Camberwell', 'Cambridge', 'Canterbury', 'Carlisle', 'Chatham',
  'Chelmsford', 'Cheltenham', 'Chester', 'Chesterfield', 'Chichester', 'Clapham', 'Colchester', 'Corby',
  'Coventry', 'Crawley', 'Crewe', 'Croydon', 'Darlington', 'Dartford', 'Derby', 'Doncaster', 'Dorchester',
  'Dover', 'Dudley', 'Durham', 'Ealing', 'Eastbourne', 'Enfield', 'Exeter', 'Fareham', 'Folkestone',
  'Gateshead', 'Gloucester', 'Gravesend', 'Grimsby', 'Guildford', 'Halifax', 'Harlow', 'Harrogate',
  'Hartlepool', 'Hastings', 'Hereford', 'Hexham', 'Hitchin', 'Horsham', 'Huddersfield', 'Hull', 'Ipswich',
  'Kendal', 'Kettering', 'Kingston', 'Lancaster', 'Leeds', 'Leicester', 'Lewisham', 'Lincoln', 'Liverpool',
  'Loughborough', 'Luton', 'Macclesfield', 'Maidstone', 'Manchester', 'Mansfield', 'Margate', 'Middlesbrough',
  'Milton Keynes', 'Morpeth', 'Newark', 'Newbury', 'Newcastle', 'Northampton', 'Norwich', 'Nottingham',
  'Oldham', 'Oxford', 'Peckham', 'Penrith', 'Penzance', 'Peterborough', 'Plymouth', 'Poole', 'Portsmouth',
  'Preston', 'Reading', 'Redditch', 'Richmond', 'Ripon', 'Rochdale', 'Rotherham', 'Rugby', 'Salford',
  'Salisbury', 'Scarborough', 'Scunthorpe', 'Sheffield', 'Shrewsbury', 'Slough', 'Solihull', 'Southampton',
  'Southend', 'Southport', 'Stafford', 'Stevenage', 'Stockport', 'Stoke', 'Stroud', 'Sunderland', 'Swindon',
  'Tamworth', 'Taunton', 'Telford', 'Thurrock', 'Torquay', 'Truro', 'Tunbridge Wells', 'Wakefield', 'Walsall',
  'Warrington', 'Watford', 'Wellingborough', 'Weymouth', 'Whitby', 'Wigan', 'Winchester', 'Windsor',
  'Woking', 'Wolverhampton', 'Worcester', 'Worthing', 'Yeovil', 'York',
];
const WELSH_PLACES = ['Cardiff', 'Swansea', 'Newport', 'Wrexham', 'Bangor', 'Aberystwyth', 'Llanelli', 'Barry'];
const SAINTS = ['Mary', 'Joseph', 'Peter', 'Paul', 'John', 'Anne', 'Michael', 'Thomas', 'Bede', 'Patrick', 'Teresa', 'Francis'];
const SCHOOL_PATTERNS: ((place: string, saint: string) => string)[] = [
  (p) => `${p} Primary School`,
  (p) => `${p} Primary School`,
  (p) => `${p} Infant School`,
  (p) => `${p} Junior School`,
  (p) => `${p} Church of England Primary School`,
  (p) => `${p} Community Primary School`,
  (_, s) => `St ${s}'s Catholic Primary School`,
  (_, s) => `St ${s}'s Church of England Academy`,
  (p) => `${p} Academy`,
  (p) => `${p} High School`,
  (p) => `${p} School`,
  (p) => `${p} Community College`,
  (p) => `${p} Park Academy`,
  (p) => `${p} Grammar School`,
];
const DELIVERY_PARTNER_PATTERNS = [
  (p: string) => `${p} Teaching School Hub`,
  (p: string) => `${p} Learning Partnership`,
  (p: string) => `${p} Schools Alliance`,
  (p: string) => `${p} Teaching Alliance`,
  (p: string) => `${p} Education Trust`,
  (p: string) => `${p} Research School`,
];

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

type ProfileType = 'ect' | 'mentor';
type TrainingState = 'active' | 'deferred' | 'withdrawn';
/** How a provider sees a participant's place at school (see api/domain/participant-status.ts). */
type ParticipantStatus = 'active' | 'joining' | 'leaving' | 'left' | 'withdrawn';
const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['active', 'joining', 'leaving', 'left', 'withdrawn'];
type TransferKind = 'left' | 'leaving' | 'new_school' | 'new_provider' | 'relationship';

/** One induction record to write: where (programme), on what schedule, with which mentor, and when. */
interface RecordSpec {
  programmeId: string; scheduleId: string; mentorProfileId: string | null; inductionStatus: string; trainingStatus: string;
  start: number; end?: number | null; created: number; updated?: number; schoolTransfer?: boolean;
}

/** What a scripted participant's history is written with (see Generator.participant). */
interface ScriptContext {
  rng: Random;
  profile: Row<typeof participantProfiles>;
  /** Programme, schedule and mentor of the participant's first record. */
  base: { programmeId: string; scheduleId: string; mentorProfileId: string | null };
  /** Start of training (first record), and a moment just after the profile was created. */
  startAt: number;
  created: number;
  /** Writes a record; returns its created_at. */
  record(r: RecordSpec): number;
  /** Writes a training status change by the provider; returns its created_at. */
  state(s: TrainingState, reason: string | null, at: number): number;
  /** A moment between `from` and now (or within `withinDays` of it). */
  laterMoment(from: number, withinDays?: number): number;
}

/** Participants written on purpose rather than by chance: always validated, so providers see them. */
interface Special {
  transfer?: TransferKind;
  /** When a transfer's dates fall: all past, joining later, or leaving (and joining) later. Random when absent. */
  timing?: 'complete' | 'join-later' | 'leave-later';
  frozen?: boolean;
  /** A given history: schedule identifier, start of training and mentor may be fixed too. */
  script?: { schedule?: string; start?: number; mentorProfileId?: string | null; run(c: ScriptContext): void };
}

interface LeadProviderPlan {
  index: number;
  id: string;
  name: string;
  /** Participants per cohort. */
  perCohort: number;
  /** Delivery partners with an active relationship, per cohort year. */
  dps: Map<number, string[]>;
}

interface SchoolPlan {
  id: string;
  urn: string;
  row: Row<typeof schools>;
  /** Latest updated_at of the school and its induction tutor: feeds partnerships.api_updated_at. */
  contactUpdatedAt: number;
}

interface SchoolCohortPlan {
  id: string;
  school: SchoolPlan;
  year: number;
  /** Lead provider whose confirmed partnership this school cohort runs under, if any. */
  lp: LeadProviderPlan | null;
  /** The school cohort's default programme (for a partnered one, the FIP programme linked to it). */
  programmeId: string | null;
  /** Planned participants, so mentor profile ids are known before any participant is written. */
  mentors: number;
  ects: number;
  mentorProfileIds: string[];
}

/** Timestamps: calendar-based, clamped into the past, unique per kind (table and column). */
class Timeline {
  private readonly used = new Map<string, Set<number>>();
  readonly limit: number;

  constructor(readonly now: number, private readonly rng: Random) {
    this.limit = now - 60_000;
  }

  /**
   * `t` if it is in the past, else a moment in the last few weeks (after `notBefore` when given);
   * unique within `kind`.
   */
  at(kind: string, t: number, notBefore?: number): Date {
    let ms = Math.round(t);
    if (ms > this.limit) {
      ms = notBefore === undefined
        ? this.limit - Math.floor(this.rng.next() * 21 * DAY)
        : Math.round(Math.min(this.limit, notBefore + 1) + this.rng.next() * Math.max(0, this.limit - notBefore - 1));
    }
    let set = this.used.get(kind);
    if (!set) this.used.set(kind, (set = new Set()));
    while (set.has(ms)) ms += 1;
    set.add(ms);
    return new Date(ms);
  }

  /** A moment between `from` and now, skewed towards `from` (most rows change soon after creation). */
  after(kind: string, from: number | Date, maxGapDays?: number): Date {
    const start = typeof from === 'number' ? from : from.getTime();
    const span = Math.max(0, Math.min(this.limit, maxGapDays === undefined ? this.limit : start + maxGapDays * DAY) - start);
    const r = this.rng.next();
    const t = start + 1000 + Math.floor(r * r * r * span);
    let ms = Math.max(t, start + 1);
    let set = this.used.get(kind);
    if (!set) this.used.set(kind, (set = new Set()));
    while (set.has(ms)) ms += 1;
    set.add(ms);
    return new Date(ms);
  }
}

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
const maxTime = (...dates: (Date | number | null | undefined)[]) =>
  new Date(Math.max(...dates.filter((d): d is Date | number => d != null).map((d) => (typeof d === 'number' ? d : d.getTime()))));

function participantsPerLeadProvider(scale: SeedScale): number[] {
  if (scale === 'national') return NATIONAL_SHARES.map((s) => Math.round((NATIONAL_PARTICIPANTS * s) / COHORT_YEARS.length));
  const n = scale === 'default' ? DEFAULT_PARTICIPANTS_PER_LP_PER_COHORT : Math.floor(scale);
  if (!Number.isFinite(n) || n < 1) throw new Error(`Seed scale must be 'default', 'national' or a positive number, not ${String(scale)}`);
  return LEAD_PROVIDER_NAMES.map(() => n);
}

/** Splits `total` over `weights` (largest remainder), so the counts add up exactly. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}

const slug = (s: string) => s.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-');

class Generator {
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

  constructor(readonly db: Db, readonly now: number, readonly perLp: number[], readonly total: number,
    readonly onProgress?: (done: number, total: number, label: string) => void) {
    this.rng = createRandom(SEED);
    this.time = new Timeline(now, this.rng.fork('timeline'));
  }

  progress(label: string) {
    this.step += 1;
    this.onProgress?.(Math.min(this.step, this.total), this.total, label);
  }

  async insert<T extends Parameters<typeof insertInChunks>[1]>(table: T, rows: T['$inferInsert'][], label?: string) {
    // insertInChunks builds every statement before sending any: slices keep memory flat at the
    // national scale.
    for (let i = 0; i < rows.length; i += INSERT_SLICE) await insertInChunks(this.db, table, rows.slice(i, i + INSERT_SLICE));
    if (label) this.progress(label);
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

  // ---------------------------------------------------------------------------------------------
  // Lead providers

  async seedLeadProviders(): Promise<void> {
    const rows: Row<typeof leadProviders>[] = [];
    this.lps = LEAD_PROVIDER_NAMES.map((name, index) => {
      const id = uuidFromName(`lead-provider:${name}`);
      const createdAt = this.time.at('lead_providers.created_at', utc(2021, 3, 1) + index * HOUR);
      rows.push({ id, name, createdAt, updatedAt: this.time.after('lead_providers.updated_at', createdAt, 30) });
      return { index, id, name, perCohort: this.perLp[index]!, dps: new Map(COHORT_YEARS.map((y) => [y, []])) };
    });
    await this.insert(leadProviders, rows);
    for (const lp of this.lps) await loadLeadProviderContracts(this.db, lp.id, [...COHORT_YEARS], new Date(this.now));
    this.progress('lead providers and statements');
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery partners and provider relationships

  async seedDeliveryPartners(): Promise<void> {
    const rng = this.rng.fork('delivery-partners');
    const dpRows: Row<typeof deliveryPartners>[] = [];
    const relRows: Row<typeof providerRelationships>[] = [];

    const addDp = (key: string, firstYear: number, discarded: boolean): string => {
      const id = uuidFromName(`delivery-partner:${key}`);
      const createdAt = this.time.at('delivery_partners.created_at', utc(firstYear, 3, 1) + rng.next() * 120 * DAY);
      const discardedAt = discarded ? this.time.after('delivery_partners.discarded_at', createdAt) : null;
      const updatedAt = discardedAt ? this.time.at('delivery_partners.updated_at', discardedAt.getTime()) : this.time.after('delivery_partners.updated_at', createdAt);
      dpRows.push({ id, name: this.dpName(rng), discardedAt, createdAt, updatedAt });
      this.dpUpdatedAt.set(id, updatedAt.getTime());
      return id;
    };
    const addRelationship = (lp: LeadProviderPlan, dpId: string, year: number, discarded: boolean) => {
      const createdAt = this.time.at('provider_relationships.created_at', utc(year, 3, 1) + rng.next() * 90 * DAY);
      const discardedAt = discarded ? this.time.after('provider_relationships.discarded_at', createdAt, 365) : null;
      relRows.push({
        id: uuidFromName(`provider-relationship:${lp.id}:${dpId}:${year}`),
        leadProviderId: lp.id, deliveryPartnerId: dpId, cohortId: cohortId(year), discardedAt, createdAt,
        updatedAt: discardedAt ? this.time.at('provider_relationships.updated_at', discardedAt.getTime()) : this.time.after('provider_relationships.updated_at', createdAt),
      });
      if (!discarded) lp.dps.get(year)!.push(dpId);
    };

    for (const lp of this.lps) {
      const schoolsCount = this.schoolsFor(lp);
      const own = Math.min(40, Math.max(3, Math.round(schoolsCount / 5)));
      for (let j = 0; j < own; j++) {
        // The first two work with the provider in every cohort; others joined later.
        const firstYear = j < 2 ? 2021 : rng.weighted<number>([[2021, 5], [2022, 2], [2023, 2], [2024, 1]]);
        const dpId = addDp(`${lp.name}:${j}`, firstYear, false);
        for (const y of COHORT_YEARS) if (y >= firstYear) addRelationship(lp, dpId, y, false);
      }
      // A delivery partner that stopped working with the provider: its relationships are discarded.
      const former = addDp(`${lp.name}:former`, 2021, false);
      addRelationship(lp, former, 2021, true);
      addRelationship(lp, former, 2022, true);
    }
    // Shared delivery partners: each works with two neighbouring providers in every cohort.
    for (const lp of this.lps) {
      const next = this.lps[(lp.index + 1) % this.lps.length]!;
      const dpId = addDp(`shared:${lp.name}:${next.name}`, 2021, false);
      for (const y of COHORT_YEARS) {
        addRelationship(lp, dpId, y, false);
        addRelationship(next, dpId, y, false);
      }
    }
    // Discarded (soft-deleted) delivery partners, invisible everywhere; their old relationships remain.
    for (let k = 0; k < 3; k++) {
      const lp = this.lps[k * 2]!;
      const dpId = addDp(`discarded:${k}`, 2021, true);
      for (const y of [2021, 2022]) {
        const createdAt = this.time.at('provider_relationships.created_at', utc(y, 3, 1) + rng.next() * 90 * DAY);
        relRows.push({
          id: uuidFromName(`provider-relationship:${lp.id}:${dpId}:${y}`),
          leadProviderId: lp.id, deliveryPartnerId: dpId, cohortId: cohortId(y), discardedAt: null,
          createdAt, updatedAt: this.time.after('provider_relationships.updated_at', createdAt),
        });
      }
    }

    await this.insert(deliveryPartners, dpRows);
    await this.insert(providerRelationships, relRows);
    this.progress('delivery partners and provider relationships');
  }

  schoolsFor(lp: LeadProviderPlan): number {
    return Math.max(4, Math.round(lp.perCohort / 3));
  }

  // ---------------------------------------------------------------------------------------------
  // Schools, induction tutors, school cohorts, partnerships, induction programmes

  async seedSchoolsAndPartnerships(): Promise<void> {
    const rng = this.rng.fork('schools');
    const schoolRows: Row<typeof schools>[] = [];
    const sitUsers: Row<typeof users>[] = [];
    const sitRows: Row<typeof inductionCoordinators>[] = [];
    const scRows: Row<typeof schoolCohorts>[] = [];
    const partnershipRows: Row<typeof partnerships>[] = [];
    const programmeRows: Row<typeof inductionProgrammes>[] = [];
    const programmesById = new Map<string, Row<typeof inductionProgrammes>>();

    const newSchool = (kind: { status?: string; type?: string; district?: string; section41?: boolean; welsh?: boolean; withTutor: number }): SchoolPlan => {
      const welsh = kind.welsh ?? false;
      const urn = this.urn(rng, welsh);
      const place = welsh ? rng.pick(WELSH_PLACES) : rng.pick(PLACES);
      const name = rng.pick(SCHOOL_PATTERNS)(place, rng.pick(SAINTS));
      const id = uuidFromName(`school:${urn}`);
      const createdAt = this.time.at('schools.created_at', utc(2021, 3, 1) + rng.next() * 60 * DAY);
      const updatedAt = this.time.after('schools.updated_at', createdAt);
      const domain = `${slug(place)}-${urn}.example.com`;
      const row: Row<typeof schools> = {
        id, urn, name,
        schoolStatusCode: kind.status ?? rng.weighted([['1', 19], ['3', 1]]),
        schoolTypeCode: kind.type ?? rng.weighted(ELIGIBLE_TYPES),
        administrativeDistrictCode: kind.district ?? englishDistrict(rng),
        section41Approved: kind.section41 ?? false,
        primaryContactEmail: rng.chance(0.9) ? `office@${domain}` : null,
        secondaryContactEmail: rng.chance(0.6) ? `head@${domain}` : null,
        createdAt, updatedAt,
      };
      schoolRows.push(row);
      const plan: SchoolPlan = { id, urn, row, contactUpdatedAt: updatedAt.getTime() };
      if (rng.chance(kind.withTutor)) {
        const person = this.personName(rng);
        const email = this.email(`${person.first}.${person.last}`, domain);
        const userId = uuidFromName(`user:${email}`);
        const userCreated = this.time.at('users.created_at', createdAt.getTime() + rng.next() * 200 * DAY);
        const userUpdated = this.time.after('users.updated_at', userCreated);
        sitUsers.push({ id: userId, fullName: `${person.first} ${person.last}`, email, trn: null, createdAt: userCreated, updatedAt: userUpdated, apiUpdatedAt: userUpdated });
        sitRows.push({ id: uuidFromName(`induction-coordinator:${id}:${userId}`), schoolId: id, userId, createdAt: this.time.at('induction_coordinators.created_at', userCreated.getTime(), userCreated.getTime()) });
        plan.contactUpdatedAt = Math.max(plan.contactUpdatedAt, userUpdated.getTime());
      }
      return plan;
    };

    const addSchoolCohort = (school: SchoolPlan, year: number, choice: string, createdNear: number): SchoolCohortPlan => {
      const id = uuidFromName(`school-cohort:${school.id}:${year}`);
      const createdAt = this.time.at('school_cohorts.created_at', createdNear - rng.next() * 20 * DAY);
      const row: Row<typeof schoolCohorts> = {
        id, schoolId: school.id, cohortId: cohortId(year), inductionProgrammeChoice: choice,
        defaultInductionProgrammeId: null, createdAt, updatedAt: this.time.after('school_cohorts.updated_at', createdAt, 400),
      };
      scRows.push(row);
      const plan: SchoolCohortPlan = { id, school, year, lp: null, programmeId: null, mentors: 0, ects: 0, mentorProfileIds: [] };
      this.schoolCohortByYear.set(`${school.id}:${year}`, plan);
      // The school's own programme (school-led, or provider-led waiting for a partnership).
      if (choice !== 'no_early_career_teachers') {
        const programmeId = uuidFromName(`induction-programme:${id}:${choice}`);
        const pCreated = this.time.at('induction_programmes.created_at', createdAt.getTime() + HOUR, createdAt.getTime());
        const programme = { id: programmeId, schoolCohortId: id, partnershipId: null, trainingProgramme: choice, createdAt: pCreated, updatedAt: this.time.after('induction_programmes.updated_at', pCreated, 60) };
        programmeRows.push(programme);
        programmesById.set(programmeId, programme);
        row.defaultInductionProgrammeId = programmeId;
        plan.programmeId = programmeId;
      }
      return plan;
    };

    const addPartnership = (p: {
      lp: LeadProviderPlan; school: SchoolPlan; year: number; dpId: string; relationship?: boolean;
      challengeReason?: string; key?: string;
    }): Row<typeof partnerships> => {
      const id = uuidFromName(`partnership:${p.lp.id}:${p.school.id}:${p.year}${p.key ? `:${p.key}` : ''}`);
      const createdAt = this.time.at('partnerships.created_at', utc(p.year, 5, 15) + rng.next() * 140 * DAY);
      const deadline = Math.max(utc(p.year, 10, 31), createdAt.getTime() + 14 * DAY);
      const challengedAt = p.challengeReason ? this.time.at('partnerships.challenged_at', createdAt.getTime() + (1 + rng.next() * 12) * DAY, createdAt.getTime()) : null;
      const updatedAt = this.time.after('partnerships.updated_at', challengedAt ?? createdAt, 200);
      const row: Row<typeof partnerships> = {
        id, schoolId: p.school.id, leadProviderId: p.lp.id, deliveryPartnerId: p.dpId, cohortId: cohortId(p.year),
        challengedAt, challengeReason: p.challengeReason ?? null, challengeDeadline: new Date(deadline),
        pending: false, relationship: p.relationship ?? false, reportId: uuidFromName(`partnership-report:${id}`),
        createdAt, updatedAt,
        apiUpdatedAt: maxTime(updatedAt, p.school.contactUpdatedAt, this.dpUpdatedAt.get(p.dpId)),
      };
      partnershipRows.push(row);
      return row;
    };

    /** Links a (provider-led) school cohort to a partnership through its FIP programme. */
    const partner = (sc: SchoolCohortPlan, lp: LeadProviderPlan, partnership: Row<typeof partnerships>) => {
      const programme = sc.programmeId ? programmesById.get(sc.programmeId) : undefined;
      if (!programme) throw new Error('partnered school cohort without a programme');
      programme.partnershipId = partnership.id;
      sc.lp = lp;
    };

    // Main schools of each provider: partnered from a first to a last cohort.
    for (const lp of this.lps) {
      const count = this.schoolsFor(lp);
      let regulars = 0;
      const waiting = Math.max(1, Math.round(count * 0.08));
      const awaiting = Math.max(1, Math.round(count * 0.05));
      const left = Math.max(1, Math.round(count * 0.08));
      for (let j = 0; j < count; j++) {
        let role: 'closed' | 'waiting' | 'awaiting' | 'left' | 'regular' = 'regular';
        let k = j;
        if (count >= 6 && k === 0) role = 'closed';
        else {
          if (count >= 6) k -= 1;
          if (k < waiting) role = 'waiting';
          else if (k < waiting + awaiting) role = 'awaiting';
          else if (k < waiting + awaiting + left) role = 'left';
        }
        const school = newSchool({ status: role === 'closed' ? '2' : undefined, withTutor: role === 'closed' ? 0 : 0.85 });
        let firstYear = rng.weighted<number>([[2021, 50], [2022, 15], [2023, 15], [2024, 10], [2025, 10]]);
        let lastYear = LAST_YEAR;
        if (role === 'closed') [firstYear, lastYear] = [2021, 2022];
        if (role === 'waiting' || role === 'awaiting') [firstYear, lastYear] = [Math.min(firstYear, 2023), 2024];
        if (role === 'left') [firstYear, lastYear] = [Math.min(firstYear, 2022), rng.pick([2022, 2023])];
        // The first two long-standing schools make sure every provider has schools in every cohort.
        if (role === 'regular' && regulars++ < 2) firstYear = 2021;

        let dpId: string | undefined;
        for (const y of COHORT_YEARS) {
          if (y < firstYear) continue;
          if (y > lastYear) {
            // After the partnership ended: the school carried on another way, or (waiting) has not said yet.
            if (role === 'waiting') continue;
            const choice = role === 'awaiting' ? 'full_induction_programme'
              : rng.pick(['core_induction_programme', 'design_our_own', 'school_funded_fip', 'no_early_career_teachers']);
            addSchoolCohort(school, y, choice, utc(y, 5, 15) + rng.next() * 120 * DAY);
            continue;
          }
          const active = lp.dps.get(y)!;
          if (!dpId || !active.includes(dpId)) dpId = rng.pick(active);
          const partnership = addPartnership({ lp, school, year: y, dpId });
          const sc = addSchoolCohort(school, y, 'full_induction_programme', partnership.createdAt!.getTime());
          partner(sc, lp, partnership);
          const key = `${lp.index}:${y}`;
          if (!this.partnered.has(key)) this.partnered.set(key, []);
          this.partnered.get(key)!.push(sc);
        }
      }
    }

    // Challenged partnerships: each reason for every provider, in the two latest cohorts.
    for (const lp of this.lps) {
      const perReason = Math.max(1, Math.round(this.schoolsFor(lp) * 0.02));
      for (const reason of CHALLENGE_REASONS) {
        for (let k = 0; k < perReason; k++) {
          const year = rng.pick([2024, 2025]);
          const school = newSchool({ withTutor: 0.7 });
          const partnership = addPartnership({ lp, school, year, dpId: rng.pick(lp.dps.get(year)!), challengeReason: reason });
          const near = partnership.createdAt!.getTime();
          if (reason === 'no_ects') {
            addSchoolCohort(school, year, 'no_early_career_teachers', near);
          } else if (reason === 'another_provider') {
            // The school confirmed another provider, whose partnership is the active one.
            const other = this.lps[(lp.index + 3) % this.lps.length]!;
            const dpId = rng.pick(other.dps.get(year)!);
            const otherPartnership = addPartnership({ lp: other, school, year, dpId });
            partner(addSchoolCohort(school, year, 'full_induction_programme', near), other, otherPartnership);
          } else {
            addSchoolCohort(school, year, 'full_induction_programme', near);
          }
        }
      }
    }

    // Relationship partnerships: a provider keeps training participants who moved to a school
    // partnered with the next provider. Never shown by the partnerships endpoints.
    for (const lp of this.lps) {
      const next = this.lps[(lp.index + 1) % this.lps.length]!;
      for (const year of [2023, 2024, 2025]) {
        const candidates = this.partnered.get(`${next.index}:${year}`) ?? [];
        if (candidates.length === 0) continue;
        const sc = rng.pick(candidates);
        const dpId = rng.pick(lp.dps.get(year)!);
        const partnership = addPartnership({ lp, school: sc.school, year, dpId, relationship: true, key: 'relationship' });
        const programmeId = uuidFromName(`induction-programme:${sc.id}:relationship:${lp.id}`);
        const pCreated = this.time.at('induction_programmes.created_at', partnership.createdAt!.getTime() + HOUR, partnership.createdAt!.getTime());
        programmeRows.push({ id: programmeId, schoolCohortId: sc.id, partnershipId: partnership.id, trainingProgramme: 'full_induction_programme', createdAt: pCreated, updatedAt: this.time.after('induction_programmes.updated_at', pCreated, 60) });
        this.relationshipProgrammes.set(`${lp.index}:${year}`, { sc, programmeId });
      }
    }

    // Schools no provider works with yet: free to partner with (some have chosen a programme).
    const totalMain = this.lps.reduce((sum, lp) => sum + this.schoolsFor(lp), 0);
    const pool = Math.max(6, Math.round(totalMain * 0.3));
    for (let j = 0; j < pool; j++) {
      const section41 = j < 2;
      const school = newSchool(section41 ? { type: j === 0 ? '11' : '10', section41: true, withTutor: 0.5 } : { withTutor: 0.5 });
      const choice = rng.weighted<string | null>([[null, 30], ['core_induction_programme', 20], ['design_our_own', 15], ['no_early_career_teachers', 15], ['school_funded_fip', 20]]);
      if (!choice) continue;
      const years = rng.int(1, 3);
      const last = rng.weighted<number>([[2025, 3], [2024, 1]]);
      for (let y = last - years + 1; y <= last; y++) addSchoolCohort(school, y, choice, utc(y, 5, 15) + rng.next() * 120 * DAY);
    }

    // Ineligible schools: closed, in Wales, or of a type that is never funded.
    const ineligible = Math.max(4, Math.round(totalMain * 0.04));
    for (let j = 0; j < ineligible; j++) {
      switch (j % 4) {
        case 0: newSchool({ status: '2', withTutor: 0 }); break;
        case 1: newSchool({ district: rng.pick(['W06000015', 'W06000011', 'W06000022']), welsh: true, type: '1', withTutor: 0 }); break;
        case 2: newSchool({ type: '24', withTutor: 0 }); break;
        default: newSchool({ type: '25', withTutor: 0 }); break;
      }
    }

    // CIP-only schools: open, of an independent, Welsh or overseas type, not section 41 approved.
    const cipOnly = Math.max(4, Math.round(totalMain * 0.03));
    for (let j = 0; j < cipOnly; j++) {
      const type = CIP_ONLY_TYPES[j % CIP_ONLY_TYPES.length]!;
      const school = newSchool({
        type,
        welsh: type === '30',
        district: type === '30' ? 'W06000015' : type === '37' ? '9999' : undefined,
        withTutor: 0.5,
      });
      if (rng.chance(0.5)) for (const y of [2024, 2025]) addSchoolCohort(school, y, 'core_induction_programme', utc(y, 6, 1) + rng.next() * 90 * DAY);
    }

    // A school shows per cohort whether it is in a partnership, so a school cohort's updated_at is
    // at least that of every partnership of the school in that cohort (the database keeps this
    // up with triggers once seeded; computing it here makes the insert order irrelevant).
    const scByKey = new Map(scRows.map((r) => [`${r.schoolId}:${r.cohortId}`, r]));
    for (const p of partnershipRows) {
      const sc = scByKey.get(`${p.schoolId}:${p.cohortId}`);
      if (sc && p.updatedAt! > sc.updatedAt!) sc.updatedAt = p.updatedAt!;
    }

    await this.insert(schools, schoolRows);
    await this.insert(users, sitUsers);
    await this.insert(inductionCoordinators, sitRows);
    await this.insert(schoolCohorts, scRows);
    await this.insert(partnerships, partnershipRows);
    await this.insert(inductionProgrammes, programmeRows);

    // Size each partnered school cohort now, so every mentor's profile id is known before any
    // participant is written (ECTs who move school get a mentor at the new school).
    const sizeRng = this.rng.fork('sizes');
    const schoolWeight = new Map<string, number>();
    for (const lp of this.lps) {
      for (const y of COHORT_YEARS) {
        const scs = this.partnered.get(`${lp.index}:${y}`) ?? [];
        const weights = scs.map((sc) => {
          let w = schoolWeight.get(sc.school.id);
          if (w === undefined) schoolWeight.set(sc.school.id, (w = 0.4 + sizeRng.next() * 1.6));
          return w;
        });
        const counts = apportion(lp.perCohort, weights);
        scs.forEach((sc, i) => {
          const k = counts[i]!;
          sc.mentors = k === 0 ? 0 : k === 1 ? (sizeRng.chance(0.4) ? 1 : 0) : Math.max(1, Math.round(k * 0.3));
          sc.ects = k - sc.mentors;
          sc.mentorProfileIds = Array.from({ length: sc.mentors }, (_, n) => profileIdFor(sc, 'mentor', n));
        });
      }
    }
    this.progress('schools, school cohorts and partnerships');
  }

  // ---------------------------------------------------------------------------------------------
  // Participants

  async seedParticipants(lp: LeadProviderPlan): Promise<void> {
    const rng = this.rng.fork(`participants:${lp.name}`);
    const out = new ParticipantRows();
    /** ECTs who completed induction, per school: some become mentors later. */
    const formerEcts = new Map<string, { userId: string; identityId: string; year: number }[]>();
    const transferTypes = ['left', 'leaving', 'new_school', 'new_provider', 'relationship'] as const;
    let transferCounter = 0;
    let frozenMovers = 0;
    const idChangesWanted = Math.max(1, Math.round(lp.perCohort / 60));
    const idChangeCandidates: string[] = [];

    for (const year of COHORT_YEARS) {
      const scs = this.partnered.get(`${lp.index}:${year}`) ?? [];

      // Special ECT slots of this cohort: moving school, and (2021) moved on to 2024 after the freeze.
      const slots = new Map<string, 'transfer' | 'frozen'>();
      const shuffled = rng.shuffle(scs.flatMap((sc) => Array.from({ length: sc.ects }, (_, n) => ({ key: `${sc.id}:${n}`, sc }))));
      if (year >= 2023) {
        const count = Math.min(shuffled.length, Math.max(1, Math.round(lp.perCohort * 0.04)));
        for (const slot of shuffled.splice(0, count)) slots.set(slot.key, 'transfer');
      }
      if (year === 2021) {
        const movable = shuffled.filter((slot) => this.schoolCohortByYear.get(`${slot.sc.school.id}:2024`)?.lp === lp);
        const count = Math.min(movable.length, Math.max(1, Math.round(lp.perCohort * 0.02)));
        for (const slot of movable.slice(0, count)) slots.set(slot.key, 'frozen');
      }

      for (const sc of scs) {
        const programmeId = sc.programmeId!;
        // Mentors first, so ECTs can be assigned one at the same school.
        for (let n = 0; n < sc.mentors; n++) {
          const former = (formerEcts.get(sc.school.id) ?? []).filter((f) => f.year <= year - 2);
          let person: PersonRef | undefined;
          if (former.length > 0 && rng.chance(0.35)) {
            const f = rng.pick(former);
            formerEcts.set(sc.school.id, formerEcts.get(sc.school.id)!.filter((x) => x !== f));
            person = out.people.get(f.userId);
          }
          this.participant(out, rng, lp, sc, programmeId, 'mentor', n, person);
        }
        for (let n = 0; n < sc.ects; n++) {
          const slot = slots.get(`${sc.id}:${n}`);
          if (slot === 'transfer') {
            const type = transferTypes[transferCounter++ % transferTypes.length]!;
            this.participant(out, rng, lp, sc, programmeId, 'ect', n, undefined, { transfer: type });
          } else if (slot === 'frozen') {
            this.participant(out, rng, lp, sc, programmeId, 'ect', n, undefined, { frozen: true });
            frozenMovers += 1;
          } else {
            const result = this.participant(out, rng, lp, sc, programmeId, 'ect', n);
            if (result.completed) {
              if (!formerEcts.has(sc.school.id)) formerEcts.set(sc.school.id, []);
              formerEcts.get(sc.school.id)!.push({ userId: result.person.userId, identityId: result.person.identityId, year });
            }
            if (result.plainActive && result.validated && year >= 2023) idChangeCandidates.push(result.person.userId);
          }
        }
      }
    }

    const scenarioEct = this.scenarios(out, lp, frozenMovers === 0);
    // Tiny scales may have no plain active ECT of their own: merge into a scenario one.
    if (idChangeCandidates.length === 0) idChangeCandidates.push(scenarioEct);

    // Merged duplicates: a retired participant id that still resolves to the kept user.
    for (const userId of rng.shuffle(idChangeCandidates).slice(0, idChangesWanted)) {
      const person = out.people.get(userId)!;
      const retiredId = uuidFromName(`retired-user:${userId}`);
      const createdAt = this.time.after('participant_identities.created_at', person.createdAt);
      const email = this.email(`${person.local}.old`, 'example.com');
      out.identities.push({ id: uuidFromName(`participant-identity:${email}`), userId, email, externalIdentifier: retiredId, createdAt, updatedAt: this.time.at('participant_identities.updated_at', createdAt.getTime(), createdAt.getTime()) });
      const changedAt = this.time.after('participant_id_changes.created_at', createdAt, 30);
      out.idChanges.push({ id: uuidFromName(`participant-id-change:${retiredId}:${userId}`), userId, fromParticipantId: retiredId, toParticipantId: userId, createdAt: changedAt });
      out.touch(userId, changedAt);
    }

    for (const user of out.users) user.apiUpdatedAt = new Date(out.latest.get(user.id!)!);
    const label = `participants of ${lp.name}`;
    await this.insert(users, out.users, `${label}: users`);
    await this.insert(participantIdentities, out.identities, `${label}: identities`);
    await this.insert(participantProfiles, out.profiles, `${label}: profiles`);
    await this.insert(participantEligibilities, out.eligibilities, `${label}: eligibility`);
    await this.insert(inductionRecords, out.records, `${label}: induction records`);
    await this.insert(participantProfileStates, out.states);
    await this.insert(participantProfileSchedules, out.scheduleChanges);
    await this.insert(participantIdChanges, out.idChanges, `${label}: history`);
  }

  // ---------------------------------------------------------------------------------------------
  // Scenarios: participants written on purpose, so that every provider sees every situation the
  // API distinguishes, whatever the scale and however the random draws fell. All are validated.

  /** Returns the user id of a plain active ECT among them. */
  private scenarios(out: ParticipantRows, lp: LeadProviderPlan, needsFrozenMover: boolean): string {
    const rng = this.rng.fork(`scenarios:${lp.name}`);
    const schoolCohortsOf = (years: readonly number[]) => years.flatMap((y) => this.partnered.get(`${lp.index}:${y}`) ?? []);
    // Cohorts well under way (training started more than eight months ago), from 2022 on; and
    // the latest cohort that has begun registering, for participants yet to start.
    const settledYears = COHORT_YEARS.filter((y) => y >= 2022 && utc(y, 10, 1) < this.now - 240 * DAY);
    const settled = schoolCohortsOf(settledYears.length > 0 ? settledYears : COHORT_YEARS);
    const latestYear = COHORT_YEARS.filter((y) => utc(y, 5, 1) <= this.now).at(-1) ?? COHORT_YEARS[0];
    const joiners = schoolCohortsOf([latestYear]);
    const add = (sc: SchoolCohortPlan, type: ProfileType, key: string, special: Special, programmeId = sc.programmeId!) =>
      this.participant(out, rng, lp, sc, programmeId, type, `scenario:${key}`, undefined, special);

    // Every training status × participant status, for ECTs and mentors.
    let plainActiveEct = '';
    for (const type of ['ect', 'mentor'] as const) {
      for (const training of ['active', 'deferred', 'withdrawn'] as const) {
        for (const status of PARTICIPANT_STATUSES) {
          const joining = status === 'joining';
          const written = add(rng.pick(joining ? joiners : settled), type, `${training}:${status}`, {
            script: {
              schedule: joining ? 'ecf-standard-january' : 'ecf-standard-september',
              start: joining ? this.now + rng.int(20, 50) * DAY + rng.int(7, 17) * HOUR : undefined,
              run: (c) => this.statusStory(c, type, training, status),
            },
          });
          if (type === 'ect' && training === 'active' && status === 'active') plainActiveEct = written.person.userId;
        }
      }
    }

    // Transfers: to another of the provider's schools, to a school of the next provider (who so
    // sees them joining), and away to nobody knows where; finished, and still under way.
    const transfers: [TransferKind, Special['timing']][] = [
      ['new_school', 'complete'], ['new_school', 'join-later'], ['new_school', 'leave-later'],
      ['new_provider', 'complete'], ['new_provider', 'join-later'], ['new_provider', 'leave-later'],
      ['left', undefined], ['leaving', undefined],
    ];
    const next = this.lps[(lp.index + 1) % this.lps.length]!;
    const movableTo = (owner: LeadProviderPlan) => settled.filter((sc) => (this.partnered.get(`${owner.index}:${sc.year}`) ?? []).some((o) => o.school.id !== sc.school.id));
    const from: Partial<Record<TransferKind, SchoolCohortPlan[]>> = { new_school: movableTo(lp), new_provider: movableTo(next) };
    transfers.forEach(([transfer, timing], k) => add(rng.pick(from[transfer]?.length ? from[transfer] : settled), 'ect', `transfer:${k}`, { transfer, timing }));

    // Unfunded mentors: mentors at the provider's schools whom the previous provider trains, under
    // its relationship partnership there; each mentors two of the provider's ECTs.
    const prev = this.lps[(lp.index + this.lps.length - 1) % this.lps.length]!;
    for (const year of COHORT_YEARS) {
      const rel = this.relationshipProgrammes.get(`${prev.index}:${year}`);
      if (!rel || rel.sc.lp !== lp) continue;
      const mentor = this.participant(out, rng, prev, rel.sc, rel.programmeId, 'mentor', `scenario:unfunded:${prev.id}`, undefined, {
        script: { run: (c) => c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }) },
      });
      for (let k = 0; k < 2; k++) {
        add(rel.sc, 'ect', `unfunded-mentee:${k}`, {
          script: {
            mentorProfileId: mentor.profileId,
            run: (c) => c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }),
          },
        });
      }
    }

    // A replacement mentor: took over two ECTs mid-year from a mentor who stopped mentoring (the
    // provider withdrew that mentor). The ECTs' earlier records name the first mentor.
    const rsc = rng.pick(settled);
    const swapAt = utc(rsc.year + 1, 1, 6) + rng.int(0, 40) * DAY + rng.int(8, 16) * HOUR;
    const first = add(rsc, 'mentor', 'replaced-mentor', {
      script: {
        run: (c) => {
          c.record({ ...c.base, inductionStatus: 'changed', trainingStatus: 'active', start: c.startAt, end: swapAt, created: c.created, updated: swapAt });
          const at = c.state('withdrawn', 'mentor-no-longer-being-mentor', swapAt);
          c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'withdrawn', start: at, created: at });
          c.profile.trainingStatus = 'withdrawn';
        },
      },
    });
    const replacement = add(rsc, 'mentor', 'replacement-mentor', {
      script: {
        schedule: 'ecf-replacement-january', start: swapAt,
        run: (c) => c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }),
      },
    });
    for (let k = 0; k < 2; k++) {
      add(rsc, 'ect', `replaced-mentor-mentee:${k}`, {
        script: {
          mentorProfileId: first.profileId,
          run: (c) => {
            c.record({ ...c.base, inductionStatus: 'changed', trainingStatus: 'active', start: c.startAt, end: swapAt, created: c.created, updated: swapAt });
            c.record({ ...c.base, mentorProfileId: replacement.profileId, inductionStatus: 'active', trainingStatus: 'active', start: swapAt, created: swapAt });
            c.profile.mentorProfileId = replacement.profileId;
          },
        },
      });
    }

    // An ECT moved from the frozen 2021 cohort to 2024, when the random slots gave none.
    if (needsFrozenMover) {
      const movable = (this.partnered.get(`${lp.index}:2021`) ?? []).filter((sc) => this.schoolCohortByYear.get(`${sc.school.id}:2024`)?.lp === lp);
      if (movable.length > 0) add(rng.pick(movable), 'ect', 'frozen', { frozen: true });
    }
    return plainActiveEct;
  }

  /**
   * A history ending in the given training status (set by the provider, with a state row and
   * reason) and participant status (what the school last reported: still there, removed, leaving
   * with an end date ahead, left, or yet to start).
   */
  private statusStory(c: ScriptContext, type: ProfileType, training: TrainingState, status: ParticipantStatus): void {
    const { rng, base, startAt, created, record, state, laterMoment, profile } = c;
    const reasons = training === 'deferred' ? DEFERRAL_REASONS
      : type === 'mentor' ? [...WITHDRAWAL_REASONS, 'mentor-no-longer-being-mentor'] : WITHDRAWAL_REASONS;
    profile.trainingStatus = training;
    if (status === 'withdrawn') profile.status = 'withdrawn';
    if (status === 'joining') {
      // Not started yet: the provider may already have deferred or withdrawn them.
      const at = training === 'active' ? undefined : state(training, rng.pick(reasons), laterMoment(created, 30));
      record({ ...base, inductionStatus: 'active', trainingStatus: training, start: startAt, created, updated: at });
      return;
    }
    let current = { start: startAt, created };
    if (training !== 'active') {
      // The provider's change closes the first record and opens one in the new training status.
      const at = laterMoment(Math.max(created, startAt), 200);
      record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: at, created, updated: at });
      const stateAt = state(training, rng.pick(reasons), at);
      current = { start: stateAt, created: stateAt };
    }
    const end = status === 'leaving' ? this.now + rng.int(5, 45) * DAY
      : status === 'left' ? laterMoment(current.start + DAY, 150) : null;
    const reported = status === 'leaving' ? this.time.limit - rng.int(1, 20) * DAY
      : status === 'left' ? end! - rng.int(3, 15) * DAY
        : status === 'withdrawn' ? laterMoment(current.start + HOUR, 150) : undefined;
    record({
      ...base, inductionStatus: status === 'active' ? 'active' : status === 'withdrawn' ? 'withdrawn' : 'leaving',
      trainingStatus: training, start: current.start, end, created: current.created, updated: reported,
    });
  }

  private newPerson(out: ParticipantRows, rng: Random, createdNear: number): PersonRef {
    const name = this.personName(rng);
    const local = `${name.first}.${name.last}`;
    const email = this.email(local, 'example.com');
    const userId = uuidFromName(`user:${email}`);
    const createdAt = this.time.at('users.created_at', createdNear);
    const updatedAt = this.time.after('users.updated_at', createdAt, 300);
    out.users.push({ id: userId, fullName: `${name.first} ${name.last}`, email, trn: rng.chance(0.92) ? this.trn(rng) : null, createdAt, updatedAt, apiUpdatedAt: updatedAt });
    const identityId = uuidFromName(`participant-identity:${email}`);
    const iCreated = this.time.at('participant_identities.created_at', createdAt.getTime() + 1000, createdAt.getTime());
    out.identities.push({ id: identityId, userId, email, externalIdentifier: userId, createdAt: iCreated, updatedAt: this.time.after('participant_identities.updated_at', iCreated, 300) });
    out.touch(userId, updatedAt);
    out.touch(userId, out.identities[out.identities.length - 1]!.updatedAt!);
    const person: PersonRef = { userId, identityId, local: email.slice(0, email.indexOf('@')), createdAt: createdAt.getTime() };
    out.people.set(userId, person);
    return person;
  }

  /** One participant profile with its eligibility, induction records and training history. */
  private participant(
    out: ParticipantRows, rng: Random, lp: LeadProviderPlan, sc: SchoolCohortPlan, programmeId: string,
    type: ProfileType, n: number | string, existing?: PersonRef, special: Special = {},
  ): { person: PersonRef; profileId: string; completed: boolean; plainActive: boolean; validated: boolean } {
    const year = sc.year;
    const profileId = profileIdFor(sc, type, n);
    const scheduleIdentifier = pickSchedule(rng, type, special);
    const month = scheduleIdentifier.endsWith('january') ? 'january' : scheduleIdentifier.endsWith('april') ? 'april' : 'september';
    const start = special.script?.start ?? (month === 'september' ? utc(year, 9, 1) + rng.int(0, 30) * DAY
      : month === 'january' ? utc(year + 1, 1, 3) + rng.int(0, 25) * DAY
        : utc(year + 1, 4, 10) + rng.int(0, 25) * DAY);
    const startAt = special.script?.start ?? start + rng.int(7, 17) * HOUR;
    const registeredNear = start - rng.int(5, 50) * DAY - rng.next() * DAY;

    const person = existing ?? this.newPerson(out, rng, registeredNear);
    const profileCreated = this.time.at('participant_profiles.created_at', Math.max(registeredNear, person.createdAt + HOUR), person.createdAt);
    const mentorProfileId = special.script?.mentorProfileId !== undefined ? special.script.mentorProfileId
      : type === 'ect' && sc.mentorProfileIds.length > 0 && rng.chance(0.92) ? rng.pick(sc.mentorProfileIds) : null;
    let schedule = scheduleId(scheduleIdentifier, year);

    const profile: Row<typeof participantProfiles> = {
      id: profileId, type, userId: person.userId, participantIdentityId: person.identityId, schoolCohortId: sc.id,
      scheduleId: schedule, status: 'active', trainingStatus: 'active',
      pupilPremiumUplift: rng.chance(0.2), sparsityUplift: rng.chance(0.1),
      inductionStartDate: type === 'ect' ? isoDate(start) : null,
      inductionCompletionDate: null, mentorCompletionDate: null, mentorCompletionReason: null,
      cohortChangedAfterPaymentsFrozen: false, mentorProfileId,
      createdAt: profileCreated, updatedAt: profileCreated,
    };
    out.profiles.push(profile);

    // Eligibility: most validated and eligible; some awaiting validation (no row at all), never
    // those written on purpose (providers see only validated participants).
    const onPurpose = Boolean(special.transfer || special.frozen || special.script);
    const eligibility = rng.weighted<[string, string] | null>([
      [['eligible', 'none'], 84], [['matched', 'none'], 2], [null, onPurpose ? 0 : 5],
      [['manual_check', rng.pick(['different_trn', 'active_flags', 'no_induction'])], 4],
      [['ineligible', type === 'ect' ? rng.pick(['previous_induction', 'no_qts', 'active_flags', 'exempt_from_induction', 'duplicate_profile']) : rng.pick(['previous_participation', 'active_flags', 'duplicate_profile'])], 5],
    ]);
    if (eligibility) {
      const eCreated = this.time.at('participant_eligibilities.created_at', profileCreated.getTime() + rng.next() * 10 * DAY, profileCreated.getTime());
      const eUpdated = this.time.after('participant_eligibilities.updated_at', eCreated, 60);
      out.eligibilities.push({ id: uuidFromName(`participant-eligibility:${profileId}`), participantProfileId: profileId, status: eligibility[0], reason: eligibility[1], createdAt: eCreated, updatedAt: eUpdated });
      out.touch(person.userId, eUpdated);
    }

    let seq = 0;
    const record = (r: RecordSpec) => {
      const createdAt = this.time.at('induction_records.created_at', r.created, profileCreated.getTime());
      const updatedAt = r.updated !== undefined
        ? this.time.at('induction_records.updated_at', Math.max(r.updated, createdAt.getTime() + 1), createdAt.getTime())
        : this.time.after('induction_records.updated_at', createdAt, 30);
      out.records.push({
        id: uuidFromName(`induction-record:${profileId}:${seq++}`), participantProfileId: profileId, inductionProgrammeId: r.programmeId,
        scheduleId: r.scheduleId, mentorProfileId: r.mentorProfileId, preferredIdentityId: person.identityId,
        inductionStatus: r.inductionStatus, trainingStatus: r.trainingStatus, startDate: new Date(r.start),
        endDate: r.end != null ? new Date(r.end) : null, schoolTransfer: r.schoolTransfer ?? false, createdAt, updatedAt,
      });
      out.touch(person.userId, updatedAt);
      profile.updatedAt = maxTime(profile.updatedAt, createdAt);
      return createdAt.getTime();
    };
    const state = (s: TrainingState, reason: string | null, at: number) => {
      const createdAt = this.time.at('participant_profile_states.created_at', at, profileCreated.getTime());
      out.states.push({ id: uuidFromName(`participant-profile-state:${profileId}:${out.states.length}`), participantProfileId: profileId, state: s, reason, leadProviderId: lp.id, createdAt });
      out.touch(person.userId, createdAt);
      return createdAt.getTime();
    };
    /** A moment between registration and now (or within a year of it). */
    const laterMoment = (from: number, withinDays = 365) => {
      const hi = Math.min(this.time.limit - rng.int(0, 10) * DAY, from + withinDays * DAY);
      return hi <= from ? from + 1000 : from + (hi - from) * (0.05 + 0.95 * rng.next());
    };
    const base = { programmeId, scheduleId: schedule, mentorProfileId };
    const created = profileCreated.getTime() + 1000;
    let completed = false;
    let plainActive = false;

    if (special.script) {
      special.script.run({ rng, profile, base, startAt, created, record, state, laterMoment });
    } else if (special.frozen) {
      // Trained part of the 2021 programme, then moved to 2024 when the 2021 cohort was frozen.
      const target = this.schoolCohortByYear.get(`${sc.school.id}:2024`)!;
      const movedAt = utc(2024, 6, 1) + rng.next() * 60 * DAY;
      const newSchedule = scheduleId('ecf-extended-september', 2024);
      record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: movedAt, created, updated: movedAt });
      record({ programmeId: target.programmeId!, scheduleId: newSchedule, mentorProfileId: null, inductionStatus: 'active', trainingStatus: 'active', start: movedAt, created: movedAt });
      const changeAt = this.time.at('participant_profile_schedules.created_at', movedAt, profileCreated.getTime());
      out.scheduleChanges.push({ id: uuidFromName(`participant-profile-schedule:${profileId}:${newSchedule}`), participantProfileId: profileId, scheduleId: newSchedule, createdAt: changeAt });
      Object.assign(profile, { schoolCohortId: target.id, scheduleId: newSchedule, cohortChangedAfterPaymentsFrozen: true, mentorProfileId: null });
      profile.updatedAt = maxTime(profile.updatedAt, changeAt);
      schedule = newSchedule;
    } else if (special.transfer) {
      const kind = special.transfer;
      if (kind === 'leaving' || special.timing === 'leave-later') {
        // Marked as leaving: the end date is still ahead (then joining the new school the day after).
        const markedAt = this.time.limit - rng.int(1, 20) * DAY;
        const end = this.now + rng.int(3, 40) * DAY;
        record({ ...base, inductionStatus: 'leaving', trainingStatus: 'active', start: startAt, end, created, updated: markedAt });
        const target = kind === 'leaving' || kind === 'left' ? null : this.transferTarget(rng, lp, sc, kind);
        if (target) {
          const newMentor = target.sc.mentorProfileIds.length > 0 ? rng.pick(target.sc.mentorProfileIds) : null;
          record({ programmeId: target.programmeId, scheduleId: schedule, mentorProfileId: newMentor, inductionStatus: 'active', trainingStatus: 'active', start: end + DAY, created: markedAt + rng.int(1, 3) * HOUR, schoolTransfer: true });
          Object.assign(profile, { schoolCohortId: target.sc.id, mentorProfileId: newMentor });
        }
      } else {
        const end = Math.max(startAt + 30 * DAY, laterMoment(startAt, 300));
        const endedAt = Math.min(end, this.time.limit - 2 * DAY);
        record({ ...base, inductionStatus: 'leaving', trainingStatus: 'active', start: startAt, end: endedAt, created, updated: endedAt - rng.int(5, 20) * DAY });
        const target = kind === 'left' ? null : this.transferTarget(rng, lp, sc, kind);
        if (target) {
          // Joined the new school the day after leaving, or (some) are still to join.
          const later = special.timing === undefined ? rng.chance(0.25) : special.timing === 'join-later';
          const joinStart = later ? this.now + rng.int(5, 30) * DAY : endedAt + DAY;
          const newMentor = target.sc.mentorProfileIds.length > 0 ? rng.pick(target.sc.mentorProfileIds) : null;
          record({ programmeId: target.programmeId, scheduleId: schedule, mentorProfileId: newMentor, inductionStatus: 'active', trainingStatus: 'active', start: joinStart, created: endedAt - rng.int(1, 4) * DAY, schoolTransfer: true });
          Object.assign(profile, { schoolCohortId: target.sc.id, mentorProfileId: newMentor });
        }
      }
    } else {
      const roll = rng.next();
      if (roll < 0.02) {
        // Removed by the school: the record status is withdrawn, training status untouched.
        const at = laterMoment(created);
        record({ ...base, inductionStatus: 'withdrawn', trainingStatus: 'active', start: startAt, created, updated: at });
        profile.status = 'withdrawn';
        profile.updatedAt = maxTime(profile.updatedAt, at);
      } else if (roll < 0.13 && startAt < this.time.limit - 30 * DAY) {
        const s = roll < 0.08 ? 'withdrawn' : 'deferred';
        const reasons = s === 'deferred' ? DEFERRAL_REASONS : type === 'mentor' ? [...WITHDRAWAL_REASONS, 'mentor-no-longer-being-mentor'] : WITHDRAWAL_REASONS;
        const at = laterMoment(Math.max(created, Math.min(startAt, this.time.limit)));
        record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: at, created, updated: at });
        const stateAt = state(s, rng.pick(reasons), at);
        record({ ...base, inductionStatus: 'active', trainingStatus: s, start: stateAt, created: stateAt });
        profile.trainingStatus = s;
        profile.updatedAt = maxTime(profile.updatedAt, stateAt);
      } else if (roll < 0.15 && startAt < this.time.limit - 30 * DAY) {
        // Deferred, then resumed.
        const at1 = laterMoment(Math.max(created, Math.min(startAt, this.time.limit)), 200);
        const at2 = laterMoment(at1 + DAY, 200);
        record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: at1, created, updated: at1 });
        const s1 = state('deferred', rng.pick(DEFERRAL_REASONS), at1);
        record({ ...base, inductionStatus: 'changed', trainingStatus: 'deferred', start: s1, end: Math.max(at2, s1 + HOUR), created: s1, updated: Math.max(at2, s1 + HOUR) });
        const s2 = state('active', null, Math.max(at2, s1 + HOUR));
        record({ ...base, inductionStatus: 'active', trainingStatus: 'active', start: s2, created: s2 });
        profile.updatedAt = maxTime(profile.updatedAt, s2);
      } else {
        const completionChance = type === 'ect' ? ({ 2021: 0.6, 2022: 0.5, 2023: 0.25, 2024: 0.05 } as Record<number, number>)[year] ?? 0 : 0;
        const completionDate = start + (rng.int(2 * 365 - 30, 2 * 365 + 60)) * DAY;
        if (rng.chance(completionChance) && completionDate < this.time.limit) {
          record({ ...base, inductionStatus: 'completed', trainingStatus: 'active', start: startAt, created, updated: completionDate + rng.int(1, 20) * DAY });
          profile.inductionCompletionDate = isoDate(completionDate);
          profile.updatedAt = maxTime(profile.updatedAt, Math.min(completionDate + DAY, this.time.limit));
          completed = true;
        } else {
          record({ ...base, inductionStatus: 'active', trainingStatus: 'active', start: startAt, created });
          plainActive = true;
        }
      }
    }

    const lastChange = profile.updatedAt!.getTime();
    profile.updatedAt = this.time.at('participant_profiles.updated_at', Math.max(lastChange + 1, profileCreated.getTime() + rng.next() * 20 * DAY), lastChange);
    out.touch(person.userId, profile.updatedAt);
    return { person, profileId, completed, plainActive, validated: eligibility !== null };
  }

  private transferTarget(rng: Random, lp: LeadProviderPlan, from: SchoolCohortPlan, kind: 'new_school' | 'new_provider' | 'relationship'): { sc: SchoolCohortPlan; programmeId: string } | null {
    if (kind === 'relationship') return this.relationshipProgrammes.get(`${lp.index}:${from.year}`) ?? null;
    const owner = kind === 'new_school' ? lp : this.lps[(lp.index + 1) % this.lps.length]!;
    const candidates = (this.partnered.get(`${owner.index}:${from.year}`) ?? []).filter((sc) => sc.school.id !== from.school.id);
    if (candidates.length === 0) return null;
    const sc = rng.pick(candidates);
    return { sc, programmeId: sc.programmeId! };
  }
}

interface PersonRef {
  userId: string;
  identityId: string;
  /** Local part of the email, for extra identities. */
  local: string;
  createdAt: number;
}

class ParticipantRows {
  users: Row<typeof users>[] = [];
  identities: Row<typeof participantIdentities>[] = [];
  profiles: Row<typeof participantProfiles>[] = [];
  eligibilities: Row<typeof participantEligibilities>[] = [];
  records: Row<typeof inductionRecords>[] = [];
  states: Row<typeof participantProfileStates>[] = [];
  scheduleChanges: Row<typeof participantProfileSchedules>[] = [];
  idChanges: Row<typeof participantIdChanges>[] = [];
  people = new Map<string, PersonRef>();
  /** Latest updated_at of anything a participant serializes: becomes users.api_updated_at. */
  latest = new Map<string, number>();

  touch(userId: string, at: Date | number) {
    const t = typeof at === 'number' ? at : at.getTime();
    if ((this.latest.get(userId) ?? 0) < t) this.latest.set(userId, t);
  }
}

function profileIdFor(sc: SchoolCohortPlan, type: ProfileType, n: number | string): string {
  return uuidFromName(`participant-profile:${sc.id}:${type}:${n}`);
}

function englishDistrict(rng: Random): string {
  const [prefix, max] = rng.weighted<[string, number]>([[['E09', 33], 3], [['E08', 36], 3], [['E06', 60], 3], [['E10', 34], 2]]);
  return `${prefix}${String(rng.int(1, max)).padStart(6, '0')}`;
}

function pickSchedule(rng: Random, type: ProfileType, special: Special): string {
  if (special.script?.schedule) return special.script.schedule;
  if (special.frozen || special.transfer || special.script) return 'ecf-standard-september';
  const month = rng.weighted<string>([['september', 84], ['january', 11], ['april', 5]]);
  const kind = rng.weighted<string>(type === 'mentor'
    ? [['standard', 88], ['replacement', 6], ['reduced', 3], ['extended', 3]]
    : [['standard', 92], ['reduced', 4], ['extended', 4]]);
  return `ecf-${kind}-${month}`;
}

/**
 * Seeds the sandbox data set. Reference data (cohorts, schedules) must be loaded first.
 * Deterministic: the same `now` and `scale` give the same rows and ids.
 */
export async function seedSandbox(db: Db, options: SandboxSeedOptions): Promise<SeededLeadProvider[]> {
  const perLp = participantsPerLeadProvider(options.scale);
  // Steps: lead providers, delivery partners, schools, then six writes per lead provider.
  const total = 3 + LEAD_PROVIDER_NAMES.length * 6;
  const generator = new Generator(db, options.now.getTime(), perLp, total, options.onProgress);
  options.onProgress?.(0, total, 'starting');
  await generator.seedLeadProviders();
  await generator.seedDeliveryPartners();
  await generator.seedSchoolsAndPartnerships();
  for (const lp of generator.lps) await generator.seedParticipants(lp);
  return generator.lps.map(({ id, name }) => ({ id, name }));
}
