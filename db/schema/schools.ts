import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id, rowTimestamps, timestamp } from './columns';
import { cohorts } from './cohorts';
import { deliveryPartners, leadProviders } from './lead-providers';
import { users } from './participants';

/** A school as published by GIAS (Get Information About Schools). */
export const schools = sqliteTable('schools', {
  id: id(),
  urn: text('urn').notNull(),
  name: text('name').notNull(),
  /** GIAS establishment status: 1 Open, 2 Closed, 3 Open but proposed to close, 4 Proposed to open. */
  schoolStatusCode: text('school_status_code').notNull(),
  /** GIAS establishment type code (1 Community school, 10 Other independent special, ...). */
  schoolTypeCode: text('school_type_code').notNull(),
  administrativeDistrictCode: text('administrative_district_code').notNull(),
  section41Approved: bool('section_41_approved').notNull().default(false),
  primaryContactEmail: text('primary_contact_email'),
  secondaryContactEmail: text('secondary_contact_email'),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('schools_urn_unique').on(t.urn),
  index('schools_created_at_idx').on(t.createdAt, t.id),
  index('schools_updated_at_idx').on(t.updatedAt, t.id),
]);

/** Induction tutors (SITs): the school's contacts for early career teacher training. */
export const inductionCoordinators = sqliteTable('induction_coordinators', {
  id: id(),
  schoolId: text('school_id').notNull().references(() => schools.id),
  userId: text('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [
  uniqueIndex('induction_coordinators_school_user_unique').on(t.schoolId, t.userId),
  index('induction_coordinators_user_idx').on(t.userId),
]);

/** A school's choice of induction programme for one cohort. */
export const schoolCohorts = sqliteTable('school_cohorts', {
  id: id(),
  schoolId: text('school_id').notNull().references(() => schools.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  /**
   * full_induction_programme | core_induction_programme | design_our_own | school_funded_fip |
   * no_early_career_teachers | not_yet_known. Rendered as provider_led / school_led in the API.
   */
  inductionProgrammeChoice: text('induction_programme_choice').notNull(),
  defaultInductionProgrammeId: text('default_induction_programme_id'),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('school_cohorts_school_cohort_unique').on(t.schoolId, t.cohortId),
  index('school_cohorts_cohort_updated_idx').on(t.cohortId, t.updatedAt),
]);

/**
 * School + lead provider + delivery partner + cohort. `relationship` rows let a provider keep
 * training a participant who moved to a school partnered with someone else; they are never shown
 * by the partnerships endpoints.
 */
export const partnerships = sqliteTable('partnerships', {
  id: id(),
  schoolId: text('school_id').notNull().references(() => schools.id),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  deliveryPartnerId: text('delivery_partner_id').references(() => deliveryPartners.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  challengedAt: timestamp('challenged_at'),
  /** another_provider | not_confirmed | do_not_recognise | no_ects | mistake */
  challengeReason: text('challenge_reason'),
  challengeDeadline: timestamp('challenge_deadline'),
  pending: bool('pending').notNull().default(false),
  relationship: bool('relationship').notNull().default(false),
  reportId: text('report_id'),
  ...rowTimestamps,
  /**
   * What `updated_at` means to the API: moved on purpose whenever anything the partnership
   * serializes changes (its school, delivery partner or induction tutor too), so that
   * `filter[updated_since]` never misses a change.
   */
  apiUpdatedAt: timestamp('api_updated_at').notNull(),
}, (t) => [
  // One confirmed (unchallenged) partnership per school and cohort, whoever the provider:
  // the database, not only the code, settles two providers confirming at the same moment.
  uniqueIndex('partnerships_active_school_cohort_unique')
    .on(t.schoolId, t.cohortId)
    .where(sql`relationship = 0 AND challenge_reason IS NULL`),
  // find-or-create of a provider's main partnership row (challenged rows are reused).
  uniqueIndex('partnerships_lp_school_cohort_unique')
    .on(t.leadProviderId, t.schoolId, t.cohortId)
    .where(sql`relationship = 0`),
  index('partnerships_lp_created_idx').on(t.leadProviderId, t.createdAt, t.id),
  index('partnerships_lp_api_updated_idx').on(t.leadProviderId, t.apiUpdatedAt, t.id),
  index('partnerships_school_cohort_idx').on(t.schoolId, t.cohortId),
  index('partnerships_dp_idx').on(t.deliveryPartnerId),
  // A school's challenge link carries the report id: found by it without reading every partnership.
  index('partnerships_report_idx').on(t.reportId),
]);

/**
 * Report ids a partnership had before it was reported again. Each was a school's challenge link;
 * a school opening an old one is told a newer email was sent, not "page not found".
 */
export const replacedPartnershipReports = sqliteTable('replaced_partnership_reports', {
  reportId: text('report_id').primaryKey(),
  /** Not a foreign key, like emails.subject_id: resetting a sandbox provider deletes partnerships. */
  partnershipId: text('partnership_id').notNull(),
  replacedAt: timestamp('replaced_at').notNull(),
}, (t) => [index('replaced_partnership_reports_partnership_idx').on(t.partnershipId)]);

/** A programme of training at a school in a cohort; linked to a partnership when provider-led. */
export const inductionProgrammes = sqliteTable('induction_programmes', {
  id: id(),
  schoolCohortId: text('school_cohort_id').notNull().references(() => schoolCohorts.id),
  partnershipId: text('partnership_id').references(() => partnerships.id),
  trainingProgramme: text('training_programme').notNull(),
  ...rowTimestamps,
}, (t) => [
  index('induction_programmes_school_cohort_idx').on(t.schoolCohortId),
  index('induction_programmes_partnership_idx').on(t.partnershipId, t.id),
]);


