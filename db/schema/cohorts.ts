import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowTimestamps, timestamp } from './columns';

/** An academic-year funding contract, identified by its start year (2024 = 2024/25). */
export const cohorts = sqliteTable('cohorts', {
  id: id(),
  startYear: integer('start_year').notNull(),
  registrationStartDate: date('registration_start_date').notNull(),
  academicYearStartDate: date('academic_year_start_date').notNull(),
  automaticAssignmentPeriodEndDate: date('automatic_assignment_period_end_date'),
  paymentsFrozenAt: timestamp('payments_frozen_at'),
  mentorFunding: bool('mentor_funding').notNull().default(false),
  detailedEvidenceTypes: bool('detailed_evidence_types').notNull().default(false),
  ...rowTimestamps,
}, (t) => [uniqueIndex('cohorts_start_year_unique').on(t.startYear)]);

/** One schedule per (identifier, cohort): the milestone calendar a participant is paid against. */
export const schedules = sqliteTable('schedules', {
  id: id(),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  scheduleIdentifier: text('schedule_identifier').notNull(),
  identifierAlias: text('identifier_alias'),
  name: text('name').notNull(),
  /** ecf_standard | ecf_reduced | ecf_extended | ecf_replacement (replacement is mentor-only). */
  type: text('type').notNull(),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('schedules_identifier_cohort_unique').on(t.scheduleIdentifier, t.cohortId),
  index('schedules_alias_idx').on(t.identifierAlias, t.cohortId),
]);

export const milestones = sqliteTable('milestones', {
  id: id(),
  scheduleId: text('schedule_id').notNull().references(() => schedules.id),
  name: text('name').notNull(),
  declarationType: text('declaration_type').notNull(),
  startDate: date('start_date').notNull(),
  /** Last day a declaration may be dated; null means no upper bound. */
  milestoneDate: date('milestone_date'),
  /** When DfE pays for it; null where DfE has not published the date (contract management gives it). */
  paymentDate: date('payment_date'),
  /**
   * Who the milestone is for: `all`, or `ect` / `mentor` where the two differ (from 2025 mentors
   * complete after one year, ECTs after two). A participant's milestone is the one for their type
   * if there is one, else the one for all.
   */
  appliesTo: text('applies_to').notNull().default('all'),
  ...rowTimestamps,
}, (t) => [uniqueIndex('milestones_schedule_type_unique').on(t.scheduleId, t.declarationType, t.appliesTo)]);
