import { eq, getTableColumns, getTableName, inArray, sql, type Column } from 'drizzle-orm';
import { allowedEvidence } from '../../api/domain/declarations';
import { CIP_ONLY_TYPE_CODES, INELIGIBLE_TYPE_CODES } from '../../api/domain/school-eligibility';
import type { Db } from '../client';
import { insertInChunks } from '../bulk';
import { uuidFromName } from '../ids';
import { localAuthorityCodes } from '../reference-data/local-authorities';
import { cohortId, loadLeadProviderContracts, readCohorts, readScheduleMilestones, readStatementCalendar, scheduleId, statementStateAt } from '../reference-data/load';
import {
  declarationStates,
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
  participantDeclarations,
  participantProfiles,
  partnerships,
  providerRelationships,
  schoolCohorts,
  schools,
  statementLineItems,
  statements,
  users,
} from '../schema';
import { createRandom, type Random } from './random';
import { writeSandboxSnapshot } from './snapshot/write-snapshot';
import { SEEDED_LEAD_PROVIDER_NAMES } from './sandbox/lead-provider-names';

export type SeedScale = 'default' | 'national' | number;

export interface SandboxSeedOptions {
  now: Date;
  scale: SeedScale;
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * How rows are written; both write the same rows. `json` (the default): up to 2,000 rows per
   * INSERT ... SELECT, sent as one JSON array parameter that SQLite's json_each unpacks, 25 such
   * statements per transaction; one bound parameter per statement, so within D1's limit of 100,
   * and several times faster than `chunks`: insertInChunks, a handful of rows per statement (as
   * many as 100 parameters allow).
   */
  writer?: 'chunks' | 'json';
  /**
   * Where the json writer sends the participants' rows, instead of running them on `db`: lets
   * the seed command write on another thread (its own connection to the same file) while this
   * one generates the next participants. Only rows go there; everything else uses `db`, once the
   * sink has drained.
   */
  sink?: RowSink;
}

/** Takes batches of INSERT statements, each batch one transaction, run in the order given. */
export interface RowSink {
  /** May resolve before the batch has run (a failure then surfaces on a later call). */
  write(statements: { sql: string; args: string[] }[]): Promise<void>;
  /** Resolves once every batch written has been committed. */
  drain(): Promise<void>;
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

const LEAD_PROVIDER_NAMES = SEEDED_LEAD_PROVIDER_NAMES;

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
/** Participants generated before their rows (and declarations) are written. */
const FLUSH_PARTICIPANTS = 4_000;

const CHALLENGE_REASONS = ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake'] as const;
const DEFERRAL_REASONS = ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other'] as const;
const WITHDRAWAL_REASONS = ['left-teaching-profession', 'moved-school', 'switched-to-school-led', 'other'] as const;

// GIAS establishment types of funded schools, with weights that roughly follow how common they
// are. Which types are funded (and which CIP-only) is the domain's rule, the one the GIAS import
// applies too (api/domain/school-eligibility.ts): these are checked against it, not a copy.
const ELIGIBLE_TYPES: [string, number][] = [
  ['1', 25], ['2', 8], ['3', 6], ['5', 5], ['6', 1], ['7', 4], ['8', 1], ['12', 1], ['14', 2], ['15', 1],
  ['18', 1], ['28', 15], ['33', 1], ['34', 25], ['35', 3], ['36', 1], ['44', 1],
];
for (const [type] of ELIGIBLE_TYPES) {
  if ((INELIGIBLE_TYPE_CODES as readonly string[]).includes(type)) throw new Error(`Seed: GIAS type ${type} is not one that can have funded training`);
}
const CIP_ONLY_TYPES = CIP_ONLY_TYPE_CODES;

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
  /** A given TRN (two participants sharing one are duplicates of each other). */
  trn?: string;
  /** A given eligibility result: [status, reason]. */
  eligibility?: [string, string];
  /**
   * Declarations: `readyFor` makes every declaration before that type and leaves that one to
   * the provider; `steady` declares each milestone as it comes. Either way no random void or
   * clawback touches them.
   */
  declarations?: { readyFor?: string; steady?: boolean };
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

// -------------------------------------------------------------------------------------------------
// Writing rows

type AnyTable = Parameters<typeof insertInChunks>[1];

/**
 * Rows kept as arrays of the values the driver stores (timestamps in ms, booleans 0/1), in the
 * table's column order: for the millions of declaration rows, far less to allocate than objects
 * holding Dates, and ready to serialise. `index` gives each column's position; `row()` starts a
 * row with every column at its default (or null).
 */
class PackedRows {
  readonly columns: [string, Column][];
  readonly index: Record<string, number>;
  private readonly blank: unknown[];
  rows: unknown[][] = [];

  constructor(readonly table: AnyTable) {
    this.columns = Object.entries(getTableColumns(table)) as [string, Column][];
    this.index = Object.fromEntries(this.columns.map(([key], i) => [key, i]));
    this.blank = this.columns.map(([, column]) => driverValue(column, undefined));
  }

  row(): unknown[] {
    const row = this.blank.slice();
    this.rows.push(row);
    return row;
  }

  /** As objects, for insertInChunks. */
  objects(): Record<string, unknown>[] {
    return this.rows.map((row) => Object.fromEntries(this.columns.map(([key, column], i) => [key, row[i] == null ? row[i] : column.mapFromDriverValue(row[i])])));
  }
}

type Insert = [AnyTable, readonly unknown[]] | PackedRows;

/** Rows per statement of the json writer (a JSON array of up to a megabyte), statements per transaction. */
const JSON_ROWS = 2_000;
const JSON_BATCH = 25;

/** A column's value as the driver stores it (defaults applied, booleans 0/1, timestamps in ms). */
function driverValue(column: Column, value: unknown): unknown {
  let v = value;
  if (v === undefined) {
    if (column.defaultFn) v = column.defaultFn();
    else if (column.default !== undefined && (typeof column.default !== 'object' || column.default === null)) v = column.default;
    else v = null;
  }
  return v === null ? null : column.mapToDriverValue(v);
}

/**
 * Lets the event loop turn. libsql frees a statement (and the copy of its parameters: here up to
 * a megabyte of JSON) in a finalizer that runs on the event loop; a seed that only ever awaits
 * work done synchronously never lets it run, and memory piles up (gigabytes at the national
 * scale).
 */
const releaseStatements = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Writes the rows of several tables, in order (parents first), with the chosen writer. */
async function writeRows(db: Db, mode: 'chunks' | 'json', inserts: Insert[], sink?: RowSink): Promise<void> {
  const tables = inserts.map((insert) => insert instanceof PackedRows
    ? { table: insert.table, count: insert.rows.length, objects: () => insert.objects(), arrays: (from: number, to: number) => insert.rows.slice(from, to) }
    : {
      table: insert[0], count: insert[1].length, objects: () => insert[1],
      arrays: (from: number, to: number) => {
        const columns = Object.entries(getTableColumns(insert[0])) as [string, Column][];
        return insert[1].slice(from, to).map((row) => columns.map(([key, column]) => driverValue(column, (row as Record<string, unknown>)[key])));
      },
    });
  if (mode === 'chunks') {
    // insertInChunks builds every statement before sending any: slices keep memory flat.
    for (const { table, objects } of tables) {
      const rows = objects();
      for (let i = 0; i < rows.length; i += INSERT_SLICE) await insertInChunks(db, table, rows.slice(i, i + INSERT_SLICE) as never[]);
    }
    return;
  }
  // One statement per JSON_ROWS rows: `INSERT ... SELECT value->>0, ... FROM json_each(?)`, one
  // bound parameter whatever the row count; a transaction per JSON_BATCH statements (parents
  // before children), serialised as they are sent so only a few are held at once.
  let statements: unknown[] = [];
  let raw: { sql: string; args: string[] }[] = [];
  const send = async () => {
    if (sink) {
      if (raw.length > 0) await sink.write(raw);
      raw = [];
      return;
    }
    if (statements.length > 0) await db.batch(statements as unknown as Parameters<Db['batch']>[0]);
    statements = [];
    await releaseStatements();
  };
  for (const { table, count, arrays } of tables) {
    const columns = Object.values(getTableColumns(table)) as Column[];
    const select = `SELECT ${columns.map((_, i) => `value->>${i}`).join(', ')} FROM json_each(`;
    // drizzle lists every column of the table, in the order getTableColumns gives them; so does this.
    const insert = `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c.name}"`).join(', ')}) ${select}?)`;
    for (let i = 0; i < count; i += JSON_ROWS) {
      const json = JSON.stringify(arrays(i, i + JSON_ROWS));
      if (sink) raw.push({ sql: insert, args: [json] });
      else statements.push(db.insert(table).select(sql`${sql.raw(select)}${json})`));
      if (statements.length + raw.length >= JSON_BATCH) await send();
    }
  }
  await send();
}

/**
 * Instead of writing rows, keeps them in memory (driver values in the table's column order, as
 * the json writer sends them): lets the sandbox reset regenerate the seeded rows exactly, without
 * touching the database. `keep` may drop rows as they come (most declarations, at large scales).
 */
export class CapturedRows {
  readonly tables = new Map<string, { table: AnyTable; columns: string[]; rows: unknown[][] }>();
  constructor(private readonly keep: (table: string, row: unknown[], index: Record<string, number>) => boolean = () => true) {}

  add(inserts: Insert[]): void {
    for (const insert of inserts) {
      const table = insert instanceof PackedRows ? insert.table : insert[0];
      const entries = Object.entries(getTableColumns(table)) as [string, Column][];
      const name = getTableName(table);
      let entry = this.tables.get(name);
      if (!entry) this.tables.set(name, (entry = { table, columns: entries.map(([key]) => key), rows: [] }));
      const index = Object.fromEntries(entries.map(([key], i) => [key, i]));
      const arrays = insert instanceof PackedRows ? insert.rows
        : insert[1].map((row) => entries.map(([key, column]) => driverValue(column, (row as Record<string, unknown>)[key])));
      for (const row of arrays) if (this.keep(name, row, index)) entry.rows.push(row);
    }
  }

  /** Rows of a table as arrays, and each column's position. */
  get(table: AnyTable): { rows: unknown[][]; index: Record<string, number> } {
    const entry = this.tables.get(getTableName(table));
    const columns = Object.keys(getTableColumns(table));
    return { rows: entry?.rows ?? [], index: Object.fromEntries(columns.map((key, i) => [key, i])) };
  }
}

// -------------------------------------------------------------------------------------------------
// Ids for the high-volume rows (declarations, their states and statement lines): UUIDv7, whose
// leading 48 bits are a millisecond clock, here a fixed start plus one per id, and whose other
// bits are a mix of the counter. So: unique, deterministic (counters advance in generation
// order), far cheaper than a SHA-1 per row, and ordered as written, so the primary key index
// grows at its end instead of being rewritten all over.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number) => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class IdSequence {
  private n = 0;
  /** `startMs`: the clock of the first id (whole milliseconds). */
  constructor(private readonly startMs: number, private readonly salt: number) {}

  next(): string {
    const n = this.n++;
    const ms = this.startMs + n;
    const high = Math.floor(ms / 65536);
    const low = ms % 65536;
    const a = fmix32((n + fmix32(this.salt)) >>> 0);
    const b = fmix32(a ^ 0x9e3779b9);
    const c = fmix32(b ^ 0x85ebca6b);
    const lowHex = hex32(low).slice(4);
    const version = hex32(((a & 0x0fff) | 0x7000) >>> 0).slice(4);
    const variant = hex32(((b & 0x3fff) | 0x8000) >>> 0).slice(4);
    return `${hex32(high)}-${lowHex}-${version}-${variant}-${hex32(c)}${hex32(a).slice(4)}`;
  }
}

// -------------------------------------------------------------------------------------------------
// Declarations: schedules, statements and the plan of each participant

/** The order declarations are made in. */
const DECLARATION_ORDER = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'extended-1', 'extended-2', 'extended-3', 'completed'] as const;
const LIVE_STATES = new Set(['submitted', 'eligible', 'payable', 'paid']);
const SCHEDULE_FAMILIES = ['standard', 'reduced', 'extended', 'replacement'] as const;
const SCHEDULE_MONTHS = ['september', 'january', 'april'] as const;
/** Typical days between two declarations, per schedule family. */
const PACE_DAYS: Record<string, number> = { standard: 120, replacement: 120, reduced: 75, extended: 110 };

interface MilestoneWindow {
  type: string;
  /** Position in the schedule's own order: paces the declarations. */
  position: number;
  /** First moment a declaration may be dated. */
  lo: number;
  /** Last moment (end of the milestone day), or Infinity. */
  hi: number;
}

interface StatementInfo {
  id: string;
  state: 'open' | 'payable' | 'paid';
  /** End of the cut-off day: declarations made up to then go on this statement. */
  cutOff: number;
  /** Just after the previous output-fee statement's cut-off: when this one starts taking declarations. */
  opens: number;
  /** When DfE marked it paid (paid statements), and so when its declarations were paid. */
  paidAt: number | null;
}

/** One declaration of a participant, as made (its outcome is worked out when a slice is written). */
interface PlannedDeclaration {
  id: string;
  type: string;
  date: number;
  created: number;
  evidence: string | null;
  /** A mistaken earlier attempt at this declaration, voided before this one was made. */
  voidedAttempt?: { id: string; date: number; created: number; voidedAt: number };
  clawback?: { at: number };
  /** Another participant with the same TRN declared this first: this one is a duplicate. */
  duplicateOf?: string;
  /** Set when written: the declaration's final state. */
  state?: string;
}

interface DeclarationPlan {
  lp: LeadProviderPlan;
  profile: Row<typeof participantProfiles>;
  userId: string;
  trn: string | null;
  participantType: ProfileType;
  course: string;
  year: number;
  fundable: boolean;
  detailedEvidence: boolean;
  family: string;
  milestones: MilestoneWindow[];
  /** The provider's induction records: delivery partner and mentor at each date. */
  records: { start: number; created: number; programmeId: string; mentorProfileId: string | null }[];
  startAt: number;
  /** Last moment the provider could declare for them (withdrawn, deferred, moved away, or now). */
  stop: number;
  items: PlannedDeclaration[];
  /** Written on purpose ("ready" for a given type, duplicates): left as planned. */
  fixed: boolean;
  /** The provider's output-fee statements for the cohort. */
  statements: StatementInfo[];
}

/** The statement a declaration made at `t` goes on: the first output-fee one whose cut-off is that day or later. */
function nextIn(statements: StatementInfo[], t: number): StatementInfo | null {
  for (const s of statements) if (s.cutOff >= t) return s;
  return null;
}

/** When a special declaration outcome is looked for in each slice. */
const SPECIAL_RATES = { voidedAttempt: 0.04, clawback: 0.006 };

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
    readonly sink?: RowSink,
    readonly capture?: CapturedRows) {
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
    if (this.capture) this.capture.add([[table, rows]]);
    else await writeRows(this.db, this.writer, [[table, rows]]);
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
    if (!this.capture) for (const lp of this.lps) await loadLeadProviderContracts(this.db, lp.id, [...COHORT_YEARS], new Date(this.now));
    await this.settleStatements();
    this.progress('lead providers and statements');
  }

  /**
   * Statements come from the calendar, paid once their payment date has passed. DfE authorises
   * payment a while after that date, so the latest output-fee statement of each cohort whose
   * cut-off has passed is still payable when its payment date is recent (within 120 days):
   * providers always see declarations waiting to be paid. Then the statements are kept in memory,
   * for declarations to go on.
   */
  private async settleStatements(): Promise<void> {
    const years = new Map(COHORT_YEARS.map((y) => [cohortId(y), y]));
    // The rows loadLeadProviderContracts writes, worked out here rather than read back (the same
    // rows on a fresh database; and the reset regenerates them without reading the database).
    const calendar = readStatementCalendar().filter((s) => (COHORT_YEARS as readonly number[]).includes(s.cohortYear));
    const rows = this.lps.flatMap((lp) => calendar.map((s) => ({
      id: uuidFromName(`statement:${lp.id}:${s.cohortYear}:${s.name}`), leadProviderId: lp.id, cohortId: cohortId(s.cohortYear), name: s.name,
      deadline: s.deadlineDate, payment: s.paymentDate, outputFee: s.outputFee, ...statementStateAt(s, new Date(this.now)),
    })));
    const today = isoDate(this.now);
    const recent = isoDate(this.now - 120 * DAY);
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const year = years.get(r.cohortId);
      if (!r.outputFee || year === undefined) continue;
      const key = `${r.leadProviderId}:${year}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(r);
    }
    const stillPayable: string[] = [];
    for (const [key, list] of groups) {
      list.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
      const latestPassed = list.filter((s) => s.deadline < today).at(-1);
      if (latestPassed && latestPassed.state === 'paid' && latestPassed.payment >= recent) {
        stillPayable.push(latestPassed.id);
        latestPassed.state = 'payable';
        latestPassed.markedAsPaidAt = null;
      }
      let opens = 0;
      this.statementsByLpYear.set(key, list.map((s) => {
        const cutOff = Date.parse(`${s.deadline}T23:59:59.999Z`);
        // Paid after it became payable, even where the calendar pays on the cut-off day.
        const markedPaid = s.markedAsPaidAt?.getTime() ?? Date.parse(`${s.payment}T00:00:00Z`);
        const info: StatementInfo = { id: s.id, state: s.state as StatementInfo['state'], cutOff, opens, paidAt: s.state === 'paid' ? Math.max(markedPaid, cutOff + 3 * HOUR) : null };
        opens = cutOff + 1;
        return info;
      }));
    }
    if (this.capture) {
      const stamp = new Date(this.now);
      this.capture.add([[statements, rows.map((r) => ({
        id: r.id, leadProviderId: r.leadProviderId, cohortId: r.cohortId, name: r.name, deadlineDate: r.deadline, paymentDate: r.payment,
        outputFee: r.outputFee, state: r.state, markedAsPaidAt: r.markedAsPaidAt, createdAt: stamp, updatedAt: stamp,
      }))]]);
    } else if (stillPayable.length > 0) {
      await this.db.update(statements).set({ state: 'payable', markedAsPaidAt: null }).where(inArray(statements.id, stillPayable));
    }
  }

  statementsFor(leadProviderId: string, year: number): StatementInfo[] {
    return this.statementsByLpYear.get(`${leadProviderId}:${year}`) ?? [];
  }

  /** The statement a declaration made at `t` goes on: the first output-fee one whose cut-off is that day or later. */
  nextStatement(leadProviderId: string, year: number, t: number): StatementInfo | null {
    return nextIn(this.statementsFor(leadProviderId, year), t);
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

    const partnershipById = new Map(partnershipRows.map((p) => [p.id, p]));
    for (const programme of programmeRows) {
      const p = programme.partnershipId ? partnershipById.get(programme.partnershipId) : undefined;
      if (p) this.programmeOwners.set(programme.id!, { lpId: p.leadProviderId, dpId: p.deliveryPartnerId ?? null });
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
        // Written a slice at a time: memory stays flat however many participants there are.
        if (out.profiles.length >= FLUSH_PARTICIPANTS) await this.flush(out, lp, `participants of ${lp.name}: ${year} cohort`, out.profiles.length);
      }
      await this.flush(out, lp, `participants of ${lp.name}: ${year} cohort`, out.profiles.length);
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

    await this.flush(out, lp, `participants of ${lp.name}: scenarios`, 1);
    for (const [id, t] of out.lateTouches) this.lateTouches.set(id, t);
  }

  /**
   * Users written in an earlier slice whose records changed later (a former ECT now a mentor, a
   * merged id): their api_updated_at moves up, once every row is in. (The database's triggers do
   * the same; this does not rely on them.)
   */
  async finish(): Promise<void> {
    await this.sink?.drain();
    if (this.capture) {
      const { rows, index } = this.capture.get(users);
      for (const row of rows) {
        const t = this.lateTouches.get(row[index.id!] as string);
        if (t !== undefined && t > (row[index.apiUpdatedAt!] as number)) row[index.apiUpdatedAt!] = t;
      }
      return;
    }
    const late = [...this.lateTouches].map(([id, t]) => this.db.update(users).set({ apiUpdatedAt: sql`max(${users.apiUpdatedAt}, ${t})` }).where(eq(users.id, id)));
    for (let i = 0; i < late.length; i += 100) await this.db.batch(late.slice(i, i + 100) as unknown as Parameters<Db['batch']>[0]);
  }

  /** Writes a slice of participants with their declarations, then forgets their rows. */
  private async flush(out: ParticipantRows, lp: LeadProviderPlan, label: string, steps: number): Promise<void> {
    const declared = this.settleDeclarations(out, lp, this.rng.fork(`declarations:${label}`));
    for (const user of out.users) user.apiUpdatedAt = new Date(out.latest.get(user.id!)!);
    const inserts: Insert[] = [
      [users, out.users],
      [participantIdentities, out.identities],
      [participantProfiles, out.profiles],
      [participantEligibilities, out.eligibilities],
      [inductionRecords, out.records],
      [participantProfileStates, out.states],
      [participantProfileSchedules, out.scheduleChanges],
      [participantIdChanges, out.idChanges],
      declared.declarations,
      declared.states,
      declared.lineItems,
    ];
    if (this.capture) this.capture.add(inserts);
    else await writeRows(this.db, this.writer, inserts, this.writer === 'json' ? this.sink : undefined);
    for (const user of out.users) {
      out.flushed.add(user.id!);
      out.latest.delete(user.id!);
    }
    out.clear();
    this.progress(label, steps);
  }

  // ---------------------------------------------------------------------------------------------
  // Declarations
  //
  // Each participant the provider has trained gets its declarations as it is written: `started`
  // soon after training began, then each milestone as it comes (dated inside its window, by now),
  // until the provider stopped (withdrawn, deferred, moved away) or has not declared the latest
  // yet. Whatever happened to a declaration afterwards follows the statement it went on, as the
  // finance lifecycle would have moved it: paid statements hold paid declarations, the payable
  // ones payable declarations, the next open one eligible declarations.

  private planDeclarations(a: {
    rng: Random; lp: LeadProviderPlan; profile: Row<typeof participantProfiles>; person: PersonRef; type: ProfileType;
    records: Row<typeof inductionRecords>[]; states: Row<typeof participantProfileStates>[];
    fundable: boolean; validated: boolean; startAt: number; special: Special;
  }): DeclarationPlan | null {
    // Providers see (so declare for) validated participants only; a school's removal ends it.
    if (!a.validated || a.profile.status !== 'active' || a.records.length === 0) return null;
    const records = [...a.records].sort((x, y) => x.startDate.getTime() - y.startDate.getTime() || x.createdAt!.getTime() - y.createdAt!.getTime());
    // The schedule they trained on: a mover out of a frozen cohort declared on the old one.
    const schedule = this.schedules.get(records[0]!.scheduleId);
    const cohort = schedule ? this.cohorts.get(schedule.year) : undefined;
    if (!schedule || !cohort) return null;
    const family = schedule.identifier.split('-')[1]!;
    let milestones = this.milestones.get(`${schedule.identifier}:${schedule.year}:${a.type}`) ?? [];
    if (a.special.frozen) milestones = milestones.filter((m) => m.type !== 'completed');
    if (a.type === 'mentor' && cohort.mentorFunding) milestones = milestones.filter((m) => m.type === 'started' || m.type === 'completed');

    // The last moment the provider could declare: when it withdrew or deferred them, when they
    // left the provider's school (or moved on), when the cohort's payments froze, or now.
    let stop = this.time.limit;
    if (a.profile.trainingStatus !== 'active' && a.states.length > 0) stop = Math.min(stop, a.states.at(-1)!.createdAt!.getTime());
    records.forEach((r, i) => {
      const next = records[i + 1];
      if (r.endDate && (!next || next.inductionProgrammeId !== r.inductionProgrammeId)) stop = Math.min(stop, r.endDate.getTime());
    });
    const statements = this.statementsFor(a.lp.id, schedule.year);
    if (cohort.paymentsFrozenAt) {
      // A frozen cohort's declarations were all paid before the freeze.
      const frozenAt = Date.parse(`${cohort.paymentsFrozenAt}T00:00:00Z`);
      stop = Math.min(stop, statements.filter((s) => s.paidAt !== null && s.paidAt < frozenAt).at(-1)?.cutOff ?? -Infinity);
    }

    const own = records.filter((r) => this.programmeOwners.get(r.inductionProgrammeId)?.lpId === a.lp.id);
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
      const dates = this.readyDates(a.lp, schedule.year, milestones, a.startAt, readyFor, a.fundable) ?? [];
      dates.forEach((date, j) => this.addDeclaration(plan, milestones[j]!.type, date, a.rng));
    } else {
      this.planNatural(plan, a.rng, a.special.declarations?.steady ?? false);
    }
    return plan;
  }

  /** Milestone by milestone, as they come, until the provider stops or has not declared yet. */
  private planNatural(plan: DeclarationPlan, rng: Random, steady: boolean): void {
    const limit = this.time.limit;
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
      if (!this.addDeclaration(plan, m.type, date, rng)) break;
      previous = date;
    }
  }

  /**
   * Dates for every declaration before `target` on these milestones, spread between the start
   * and now, each inside its window: null when that cannot be done, or when the target's window
   * is not open now.
   */
  readyDates(lp: LeadProviderPlan, year: number, milestones: MilestoneWindow[], startAt: number, target: string, fundable: boolean): number[] | null {
    const limit = this.time.limit;
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
      if (fundable && !this.nextStatement(lp.id, year, date)) return null;
      dates.push(date);
      previous = date;
    }
    return dates;
  }

  /** Adds a declaration made soon after its date (on the statement open then); false if none could be made. */
  private addDeclaration(plan: DeclarationPlan, type: string, date: number, rng: Random, latest = this.time.limit): boolean {
    let until = Math.min(latest, this.time.limit);
    if (plan.fundable) {
      // A fundable participant's declaration needs a statement to go on (the contract has not ended).
      const statement = nextIn(plan.statements, date);
      if (!statement) return false;
      until = Math.min(until, statement.cutOff);
    }
    // Sent within a week, mostly soon after, and before the statement's cut-off.
    const r = rng.next();
    const created = date + Math.floor(Math.min(7 * DAY, Math.max(0, until - date)) * (0.002 + 0.998 * r * r * r));
    plan.items.push({ id: this.ids.declarations.next(), type, date, created, evidence: this.evidence(plan, type, rng) });
    return true;
  }

  private evidence(plan: DeclarationPlan, type: string, rng: Random): string | null {
    const allowed = allowedEvidence({ detailedEvidence: plan.detailedEvidence, participantType: plan.participantType, declarationType: type });
    if (!allowed || allowed.length === 0) return null;
    // Evidence of a start may be left out (cohorts with detailed evidence types).
    if (type === 'started' && rng.chance(0.3)) return null;
    return rng.pick(allowed);
  }

  /**
   * The outcome of every declaration planned in a slice, as rows. First a few more declarations
   * where a statement still open to them would otherwise hold none; then voided attempts and
   * clawbacks (some by chance, at least two on different statements per slice where possible);
   * duplicates between participants sharing a TRN; then states, statement lines and mentor
   * completion.
   */
  private settleDeclarations(out: ParticipantRows, lp: LeadProviderPlan, rng: Random) {
    const limit = this.time.limit;
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
      const list = this.statementsFor(lp.id, year);
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
          if (this.addDeclaration(p, m.type, lo + rng.next() * (hi - lo), rng, intakeEnd)) count += 1;
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
        d.voidedAttempt = { id: this.ids.declarations.next(), date, created, voidedAt: created + HOUR + rng.next() * (voidBy - created - HOUR) };
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
      if (!p.trn || !this.sharedTrns.has(p.trn)) continue;
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

    return this.declarationRows(plans, out);
  }

  /** Rows of the declarations planned: the declaration, each state it went through, its statement lines. */
  private declarationRows(plans: DeclarationPlan[], out: ParticipantRows) {
    const limit = this.time.limit;
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
        if (p.participantType === 'ect' && r.mentorProfileId) mentorUserId = this.mentorUsers.get(r.mentorProfileId) ?? null;
        return { deliveryPartnerId: this.programmeOwners.get(r.programmeId)?.dpId ?? null, mentorUserId };
      };
      const write = (id: string, d: { type: string; date: number; created: number; evidence: string | null }, history: [string, number][],
        extra: { stateReason?: string | null; supersededById?: string | null; voidedAt?: number | null } = {}) => {
        for (const [state, t] of history) {
          const s = states.row();
          s[S.id!] = this.ids.states.next();
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
        l[L.id!] = this.ids.lineItems.next();
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
        p.profile.updatedAt = this.time.at('participant_profiles.updated_at', profileChanged);
        out.touch(p.userId, p.profile.updatedAt);
      }
    }
    return { declarations, states, lineItems };
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

    this.declarationScenarios(lp, settled, add);
    return plainActiveEct;
  }

  /**
   * Participants whose declarations are written on purpose: for every schedule family and every
   * declaration type, one "ready" for it (every earlier declaration made, this one's window open
   * now, the cohort still taking declarations), so a provider can submit it straight away;
   * participants sharing a TRN (duplicates: whoever declares an event second gets an ineligible
   * declaration); and one DfE has not found eligible for funding yet (submitted declarations).
   */
  private declarationScenarios(lp: LeadProviderPlan, settled: SchoolCohortPlan[],
    add: (sc: SchoolCohortPlan, type: ProfileType, key: string, special: Special) => unknown): void {
    const rng = this.rng.fork(`declaration-scenarios:${lp.name}`);
    const plainRecord = (c: ScriptContext) => { c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }); };
    const limit = this.time.limit;
    const firstDay = { september: [9, 0], january: [1, 1], april: [4, 1] } as const;

    for (const family of SCHEDULE_FAMILIES) {
      const type: ProfileType = family === 'replacement' ? 'mentor' : 'ect';
      for (const declarationType of DECLARATION_ORDER) {
        found: for (const year of [...COHORT_YEARS].reverse()) {
          const scs = this.partnered.get(`${lp.index}:${year}`) ?? [];
          const cohort = this.cohorts.get(year);
          // The cohort must still take declarations: a statement open now.
          if (scs.length === 0 || !cohort || !this.statementsFor(lp.id, year).some((s) => s.state === 'open' && s.cutOff >= limit)) continue;
          if (type === 'mentor' && cohort.mentorFunding && declarationType !== 'started' && declarationType !== 'completed') continue;
          for (const month of SCHEDULE_MONTHS) {
            const identifier = `ecf-${family}-${month}`;
            let milestones = this.milestones.get(`${identifier}:${year}:${type}`) ?? [];
            if (type === 'mentor' && cohort.mentorFunding) milestones = milestones.filter((m) => m.type === 'started' || m.type === 'completed');
            if (milestones.length === 0) continue;
            const [m, offset] = firstDay[month];
            const start = Math.max(milestones[0]!.lo, utc(year + offset, m, 1)) + rng.int(2, 12) * DAY + rng.int(8, 10) * HOUR;
            if (!this.readyDates(lp, year, milestones, start, declarationType, true)) continue;
            add(rng.pick(scs), type, `ready:${identifier}:${declarationType}`, {
              script: { schedule: identifier, start, run: plainRecord },
              eligibility: ['eligible', 'none'],
              declarations: { readyFor: declarationType },
            });
            break found;
          }
        }
      }
    }

    // Duplicates: two participants with one TRN, in the same cohort, both declared for.
    const pairs = Math.max(1, Math.round(lp.perCohort / 60));
    for (let k = 0; k < pairs; k++) {
      const sc = rng.pick(settled);
      const trn = this.trn(rng);
      this.sharedTrns.add(trn);
      const sameYear = settled.filter((x) => x.year === sc.year);
      for (const [n, place] of [sc, rng.pick(sameYear)].entries()) {
        add(place, 'ect', `duplicate:${k}:${n}`, {
          script: { schedule: 'ecf-standard-september', run: plainRecord },
          trn, eligibility: ['eligible', 'none'], declarations: { steady: true },
        });
      }
    }

    // Not (yet) eligible for funding: declarations stay submitted.
    add(rng.pick(settled), 'ect', 'awaiting-eligibility', {
      script: { schedule: 'ecf-standard-september', run: plainRecord },
      eligibility: ['manual_check', 'active_flags'], declarations: { steady: true },
    });
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

  private newPerson(out: ParticipantRows, rng: Random, createdNear: number, trn?: string): PersonRef {
    const name = this.personName(rng);
    const local = `${name.first}.${name.last}`;
    const email = this.email(local, 'example.com');
    const userId = uuidFromName(`user:${email}`);
    const createdAt = this.time.at('users.created_at', createdNear);
    const updatedAt = this.time.after('users.updated_at', createdAt, 300);
    const userTrn = trn ?? (rng.chance(0.92) ? this.trn(rng) : null);
    out.users.push({ id: userId, fullName: `${name.first} ${name.last}`, email, trn: userTrn, createdAt, updatedAt, apiUpdatedAt: updatedAt });
    const identityId = uuidFromName(`participant-identity:${email}`);
    const iCreated = this.time.at('participant_identities.created_at', createdAt.getTime() + 1000, createdAt.getTime());
    out.identities.push({ id: identityId, userId, email, externalIdentifier: userId, createdAt: iCreated, updatedAt: this.time.after('participant_identities.updated_at', iCreated, 300) });
    out.touch(userId, updatedAt);
    out.touch(userId, out.identities[out.identities.length - 1]!.updatedAt!);
    const person: PersonRef = { userId, identityId, local: email.slice(0, email.indexOf('@')), createdAt: createdAt.getTime(), trn: userTrn };
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

    const person = existing ?? this.newPerson(out, rng, registeredNear, special.trn);
    if (type === 'mentor') this.mentorUsers.set(profileId, person.userId);
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
    const drawn = rng.weighted<[string, string] | null>([
      [['eligible', 'none'], 84], [['matched', 'none'], 2], [null, onPurpose ? 0 : 5],
      [['manual_check', rng.pick(['different_trn', 'active_flags', 'no_induction'])], 4],
      [['ineligible', type === 'ect' ? rng.pick(['previous_induction', 'no_qts', 'active_flags', 'exempt_from_induction', 'duplicate_profile']) : rng.pick(['previous_participation', 'active_flags', 'duplicate_profile'])], 5],
    ]);
    const eligibility = special.eligibility ?? drawn;
    if (eligibility) {
      const eCreated = this.time.at('participant_eligibilities.created_at', profileCreated.getTime() + rng.next() * 10 * DAY, profileCreated.getTime());
      const eUpdated = this.time.after('participant_eligibilities.updated_at', eCreated, 60);
      out.eligibilities.push({ id: uuidFromName(`participant-eligibility:${profileId}`), participantProfileId: profileId, status: eligibility[0], reason: eligibility[1], createdAt: eCreated, updatedAt: eUpdated });
      out.touch(person.userId, eUpdated);
    }

    let seq = 0;
    const mine = { records: [] as Row<typeof inductionRecords>[], states: [] as Row<typeof participantProfileStates>[] };
    const record = (r: RecordSpec) => {
      const createdAt = this.time.at('induction_records.created_at', r.created, profileCreated.getTime());
      const updatedAt = r.updated !== undefined
        ? this.time.at('induction_records.updated_at', Math.max(r.updated, createdAt.getTime() + 1), createdAt.getTime())
        : this.time.after('induction_records.updated_at', createdAt, 30);
      const row: Row<typeof inductionRecords> = {
        id: uuidFromName(`induction-record:${profileId}:${seq++}`), participantProfileId: profileId, inductionProgrammeId: r.programmeId,
        scheduleId: r.scheduleId, mentorProfileId: r.mentorProfileId, preferredIdentityId: person.identityId,
        inductionStatus: r.inductionStatus, trainingStatus: r.trainingStatus, startDate: new Date(r.start),
        endDate: r.end != null ? new Date(r.end) : null, schoolTransfer: r.schoolTransfer ?? false, createdAt, updatedAt,
      };
      out.records.push(row);
      mine.records.push(row);
      out.touch(person.userId, updatedAt);
      profile.updatedAt = maxTime(profile.updatedAt, createdAt);
      return createdAt.getTime();
    };
    const state = (s: TrainingState, reason: string | null, at: number) => {
      const createdAt = this.time.at('participant_profile_states.created_at', at, profileCreated.getTime());
      const row = { id: uuidFromName(`participant-profile-state:${profileId}:${out.states.length}`), participantProfileId: profileId, state: s, reason, leadProviderId: lp.id, createdAt };
      out.states.push(row);
      mine.states.push(row);
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

    const plan = this.planDeclarations({ rng, lp, profile, person, type, records: mine.records, states: mine.states, fundable: eligibility?.[0] === 'eligible', validated: eligibility !== null, startAt, special });
    if (plan) out.plans.push(plan);
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
  trn: string | null;
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
  /** Declarations to make for the participants of this slice. */
  plans: DeclarationPlan[] = [];
  people = new Map<string, PersonRef>();
  /** Latest updated_at of anything a participant serializes: becomes users.api_updated_at. */
  latest = new Map<string, number>();
  /** Users already written, and later changes to them. */
  flushed = new Set<string>();
  lateTouches = new Map<string, number>();

  touch(userId: string, at: Date | number) {
    const t = typeof at === 'number' ? at : at.getTime();
    const map = this.flushed.has(userId) ? this.lateTouches : this.latest;
    if ((map.get(userId) ?? 0) < t) map.set(userId, t);
  }

  /** Forgets the rows written (people stay known: they may train again in a later cohort). */
  clear() {
    this.users = [];
    this.identities = [];
    this.profiles = [];
    this.eligibilities = [];
    this.records = [];
    this.states = [];
    this.scheduleChanges = [];
    this.idChanges = [];
    this.plans = [];
  }
}

function profileIdFor(sc: SchoolCohortPlan, type: ProfileType, n: number | string): string {
  return uuidFromName(`participant-profile:${sc.id}:${type}:${n}`);
}

/** Real local authority codes only (they have names to show); the same draws as ever from `rng`. */
const districtCodes = new Map(['E09', 'E08', 'E06', 'E10'].map((prefix) => [prefix, localAuthorityCodes(prefix)]));

function englishDistrict(rng: Random): string {
  const [prefix, max] = rng.weighted<[string, number]>([[['E09', 33], 3], [['E08', 36], 3], [['E06', 60], 3], [['E10', 34], 2]]);
  const codes = districtCodes.get(prefix)!;
  return codes[(rng.int(1, max) - 1) % codes.length]!;
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
  // Steps: lead providers, delivery partners, schools, each participant of a cohort, and each
  // provider's scenarios.
  const total = 3 + perLp.reduce((sum, n) => sum + n * COHORT_YEARS.length + 1, 0);
  const generator = new Generator(db, options.now.getTime(), perLp, total, options.writer ?? 'json', options.onProgress, options.sink);
  options.onProgress?.(0, total, 'starting');
  await generator.seedLeadProviders();
  await generator.seedDeliveryPartners();
  await generator.seedSchoolsAndPartnerships();
  for (const lp of generator.lps) await generator.seedParticipants(lp);
  await generator.finish();
  // Last, once every row is in: what a sandbox reset puts back.
  await writeSandboxSnapshot(db, { seededAt: options.now, scale: options.scale, leadProviderIds: generator.lps.map((lp) => lp.id) });
  return generator.lps.map(({ id, name }) => ({ id, name }));
}

/** The seeded lead providers' ids (their order is the generator's). */
export const seededLeadProviderIds = (): { id: string; name: string }[] =>
  LEAD_PROVIDER_NAMES.map((name) => ({ id: uuidFromName(`lead-provider:${name}`), name }));

/**
 * The rows `seedSandbox` writes for the same `now` and `scale`, kept in memory instead of written
 * (reference data excepted). Declarations, their states and statement lines are kept only for
 * `leadProviderId`, the others being the bulk of a large data set; every other row is kept.
 */
export async function regenerateSandbox(db: Db, options: { now: Date; scale: SeedScale; leadProviderId: string }): Promise<CapturedRows> {
  const perLp = participantsPerLeadProvider(options.scale);
  const statementIds = new Set<string>();
  const declarationIds = new Set<string>();
  const capture = new CapturedRows((table, row, index) => {
    if (table === 'statements' && row[index.leadProviderId!] === options.leadProviderId) statementIds.add(row[index.id!] as string);
    if (table === 'participant_declarations') {
      if (row[index.leadProviderId!] !== options.leadProviderId) return false;
      declarationIds.add(row[index.id!] as string);
    }
    if (table === 'declaration_states') return declarationIds.has(row[index.participantDeclarationId!] as string);
    if (table === 'statement_line_items') return statementIds.has(row[index.statementId!] as string);
    return true;
  });
  const generator = new Generator(db, options.now.getTime(), perLp, 0, 'json', undefined, undefined, capture);
  await generator.seedLeadProviders();
  await generator.seedDeliveryPartners();
  await generator.seedSchoolsAndPartnerships();
  for (const lp of generator.lps) await generator.seedParticipants(lp);
  await generator.finish();
  return capture;
}

/**
 * What a seed at this scale would have given the provider, cheaply (schools and partnerships,
 * not participants): the ids of its regular participants' training records, and the ids that
 * would come next in each school. A database seeded at that scale holds every one of the first
 * and none of the second, which is how the reset finds the scale the database was seeded with.
 */
export async function scaleProbe(db: Db, options: { now: Date; scale: SeedScale; leadProviderId: string }): Promise<{ present: string[]; absent: string[] }> {
  const generator = new Generator(db, options.now.getTime(), participantsPerLeadProvider(options.scale), 0, 'json', undefined, undefined, new CapturedRows(() => false));
  await generator.seedLeadProviders();
  await generator.seedDeliveryPartners();
  await generator.seedSchoolsAndPartnerships();
  const lp = generator.lps.find((x) => x.id === options.leadProviderId);
  const present: string[] = [];
  const absent: string[] = [];
  if (!lp) return { present, absent };
  for (const y of COHORT_YEARS) {
    for (const sc of generator.partnered.get(`${lp.index}:${y}`) ?? []) {
      for (const type of ['mentor', 'ect'] as const) {
        const count = type === 'mentor' ? sc.mentors : sc.ects;
        for (let n = 0; n < count; n++) present.push(profileIdFor(sc, type, n));
        absent.push(profileIdFor(sc, type, count));
      }
    }
  }
  return { present, absent };
}

/** Every scale `seedSandbox` accepts by name, for callers working one out. */
export const NAMED_SCALES: SeedScale[] = ['default', 'national'];
