import { parse } from 'csv-parse/sync';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { insertInChunks } from '../bulk';
import { uuidFromName } from '../ids';
import { cohorts, leadProviderCohorts, milestones, schedules, statements } from '../schema';
import { referenceCsv } from './embedded';
import { runBatch } from '../batch';

// Reference data ships inside the project (copied from the upstream seed files) and is loaded
// idempotently: ids are derived from natural keys and inserts ignore rows that already exist.

function readCsv(file: string): Record<string, string>[] {
  // From the generated module, not the file system: Workers load reference data too (sandbox reset).
  const text = referenceCsv[file];
  if (text === undefined) throw new Error(`No reference data file ${file}`);
  // Trailing optional columns (schedules.csv's `milestone-for` and interim dates) may be left off a row.
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count_less: true });
}

/** `2021/05/10` or `2025-1-25` → `2021-05-10` / `2025-01-25`. */
export function normaliseDate(value: string): string {
  const [y, m, d] = value.split(/[-/]/);
  if (!y || !m || !d) throw new Error(`Unreadable date in reference data: ${value}`);
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export const cohortId = (startYear: number) => uuidFromName(`cohort:${startYear}`);
export const scheduleId = (identifier: string, startYear: number) => uuidFromName(`schedule:${identifier}:${startYear}`);

export interface CohortRow { startYear: number; academicYearStartDate: string; paymentsFrozenAt: string | null; mentorFunding: boolean; detailedEvidenceTypes: boolean; registrationStartDate: string; automaticAssignmentPeriodEndDate: string | null }

export function readCohorts(): CohortRow[] {
  return readCsv('cohorts.csv').map((r) => ({
    startYear: Number(r['start-year']),
    registrationStartDate: normaliseDate(r['registration-start-date']!),
    academicYearStartDate: normaliseDate(r['academic-year-start-date']!),
    automaticAssignmentPeriodEndDate: r['automatic-assignment-period-end-date'] ? normaliseDate(r['automatic-assignment-period-end-date']) : null,
    paymentsFrozenAt: r['payments-frozen-at'] ? normaliseDate(r['payments-frozen-at']) : null,
    mentorFunding: r['mentor-funding'] === 'true',
    detailedEvidenceTypes: r['detailed-evidence-types'] === 'true',
  }));
}

export interface ScheduleMilestoneRow {
  type: string; scheduleIdentifier: string; scheduleName: string; cohortYear: number;
  milestoneName: string; declarationType: string; startDate: string; milestoneDate: string | null;
  /** Null where DfE has not published it: contract management gives the date. */
  paymentDate: string | null;
  /** `all`, or `ect` / `mentor` for a milestone that differs between them (2025 mentors complete after a year). */
  appliesTo: 'all' | 'ect' | 'mentor';
  /** An earlier cut-off inside the milestone, paid sooner (2025 `started`: by 31 October, paid 30 November). */
  interimDate: string | null;
  interimPaymentDate: string | null;
}

export function readScheduleMilestones(): ScheduleMilestoneRow[] {
  return readCsv('schedules.csv').map((r) => ({
    type: r['type']!,
    scheduleIdentifier: r['schedule-identifier']!,
    scheduleName: r['schedule-name']!,
    cohortYear: Number(r['schedule-cohort-year']),
    milestoneName: r['milestone-name']!,
    declarationType: r['milestone-declaration-type']!,
    startDate: normaliseDate(r['milestone-start-date']!),
    milestoneDate: r['milestone-date'] ? normaliseDate(r['milestone-date']) : null,
    paymentDate: r['milestone-payment-date'] ? normaliseDate(r['milestone-payment-date']) : null,
    appliesTo: appliesTo(r['milestone-for']),
    interimDate: r['interim-milestone-date'] ? normaliseDate(r['interim-milestone-date']) : null,
    interimPaymentDate: r['interim-payment-date'] ? normaliseDate(r['interim-payment-date']) : null,
  }));
}

function appliesTo(value: string | undefined): ScheduleMilestoneRow['appliesTo'] {
  if (!value) return 'all';
  if (value === 'ect' || value === 'mentor') return value;
  throw new Error(`Unknown milestone-for in schedules.csv: ${value}`);
}

/** The row's milestone id: one per schedule, type and who it is for (ids of `all` rows are as before). */
export function milestoneId(r: Pick<ScheduleMilestoneRow, 'scheduleIdentifier' | 'cohortYear' | 'declarationType' | 'appliesTo'>): string {
  const suffix = r.appliesTo === 'all' ? '' : `:${r.appliesTo}`;
  return uuidFromName(`milestone:${r.scheduleIdentifier}:${r.cohortYear}:${r.declarationType}${suffix}`);
}

export interface StatementCalendarRow { name: string; cohortYear: number; deadlineDate: string; paymentDate: string; outputFee: boolean }

export function readStatementCalendar(): StatementCalendarRow[] {
  return readCsv('statements.csv').filter((r) => r['type'] === 'ecf').map((r) => {
    const paymentDate = normaliseDate(r['payment_date']!);
    return {
      name: r['name']!,
      cohortYear: Number(r['cohort']),
      deadlineDate: cutOffBeforePayment(normaliseDate(r['deadline_date']!), paymentDate),
      paymentDate,
      outputFee: r['output_fee'] === 'true',
    };
  });
}

/**
 * The upstream calendar dates every "January" statement's cut-off a year late ("January 2026":
 * cut-off 2026-12-31, payment 2026-01-25). A cut-off always comes before its payment, so such a
 * date is moved back a year; without this, January statements would stay open for a year.
 */
export function cutOffBeforePayment(deadline: string, payment: string): string {
  if (deadline <= payment) return deadline;
  return `${Number(deadline.slice(0, 4)) - 1}${deadline.slice(4)}`;
}

/** Cohorts, schedules and milestones. Safe to run on every start. */
export async function loadReferenceData(db: Db, now: Date): Promise<void> {
  const stamps = { createdAt: now, updatedAt: now };
  await insertInChunks(db, cohorts, readCohorts().map((c) => ({
    id: cohortId(c.startYear),
    startYear: c.startYear,
    registrationStartDate: c.registrationStartDate,
    academicYearStartDate: c.academicYearStartDate,
    automaticAssignmentPeriodEndDate: c.automaticAssignmentPeriodEndDate,
    paymentsFrozenAt: c.paymentsFrozenAt ? new Date(`${c.paymentsFrozenAt}T00:00:00Z`) : null,
    mentorFunding: c.mentorFunding,
    detailedEvidenceTypes: c.detailedEvidenceTypes,
    ...stamps,
  })), { ignoreConflicts: true });

  const rows = readScheduleMilestones();
  const scheduleRows = new Map<string, typeof schedules.$inferInsert>();
  for (const r of rows) {
    const id = scheduleId(r.scheduleIdentifier, r.cohortYear);
    if (!scheduleRows.has(id)) {
      scheduleRows.set(id, {
        id, cohortId: cohortId(r.cohortYear), scheduleIdentifier: r.scheduleIdentifier,
        name: r.scheduleName, type: r.type, ...stamps,
      });
    }
  }
  await insertInChunks(db, schedules, [...scheduleRows.values()], { ignoreConflicts: true });
  // Milestone dates are written over on every start: when DfE publishes or corrects dates (as for
  // 2025, first seeded with placeholders), existing databases validate against the new ones.
  await upsertMilestones(db, rows.map((r) => ({
    id: milestoneId(r),
    scheduleId: scheduleId(r.scheduleIdentifier, r.cohortYear),
    name: r.milestoneName, declarationType: r.declarationType, appliesTo: r.appliesTo,
    startDate: r.startDate, milestoneDate: r.milestoneDate, paymentDate: r.paymentDate, ...stamps,
  })));
}

async function upsertMilestones(db: Db, rows: (typeof milestones.$inferInsert)[]): Promise<void> {
  // 11 columns: 9 rows per statement stays under D1's 100 bound parameters.
  const statements = [];
  for (let i = 0; i < rows.length; i += 9) {
    statements.push(db.insert(milestones).values(rows.slice(i, i + 9)).onConflictDoUpdate({
      target: milestones.id,
      set: {
        startDate: sql`excluded.start_date`, milestoneDate: sql`excluded.milestone_date`, paymentDate: sql`excluded.payment_date`,
        name: sql`excluded.name`, updatedAt: sql`excluded.updated_at`,
      },
      // Unchanged rows are left alone, so a restart does not rewrite them all.
      setWhere: sql`milestones.start_date IS NOT excluded.start_date OR milestones.milestone_date IS NOT excluded.milestone_date
        OR milestones.payment_date IS NOT excluded.payment_date OR milestones.name IS NOT excluded.name`,
    }));
  }
  for (let i = 0; i < statements.length; i += 50) await runBatch(db, statements.slice(i, i + 50));
}

/**
 * Gives a lead provider contracts for the given cohorts and creates its statements from the
 * calendar. Idempotent per (provider, cohort, statement name).
 */
export async function loadLeadProviderContracts(db: Db, leadProviderId: string, cohortYears: number[], now: Date): Promise<void> {
  await insertInChunks(db, leadProviderCohorts, cohortYears.map((y) => ({ leadProviderId, cohortId: cohortId(y) })), { ignoreConflicts: true });
  const calendar = readStatementCalendar().filter((s) => cohortYears.includes(s.cohortYear));
  await insertInChunks(db, statements, calendar.map((s) => ({
    id: uuidFromName(`statement:${leadProviderId}:${s.cohortYear}:${s.name}`),
    leadProviderId,
    cohortId: cohortId(s.cohortYear),
    name: s.name,
    deadlineDate: s.deadlineDate,
    paymentDate: s.paymentDate,
    outputFee: s.outputFee,
    ...statementStateAt(s, now),
    createdAt: now,
    updatedAt: now,
  })), { ignoreConflicts: true });
}

export async function cohortIdsByYear(db: Db, years: number[]): Promise<Map<number, string>> {
  const rows = await db.select({ id: cohorts.id, startYear: cohorts.startYear }).from(cohorts).where(inArray(cohorts.startYear, years));
  return new Map(rows.map((r) => [r.startYear, r.id]));
}



/**
 * Where a statement from the calendar stands on a given day: paid once its payment date has
 * passed, payable once its cut-off has passed, otherwise open (still taking declarations).
 */
export function statementStateAt(s: { deadlineDate: string; paymentDate: string }, now: Date): { state: 'open' | 'payable' | 'paid'; markedAsPaidAt: Date | null } {
  const today = now.toISOString().slice(0, 10);
  if (s.paymentDate < today) return { state: 'paid', markedAsPaidAt: new Date(`${s.paymentDate}T00:00:00Z`) };
  if (s.deadlineDate < today) return { state: 'payable', markedAsPaidAt: null };
  return { state: 'open', markedAsPaidAt: null };
}
