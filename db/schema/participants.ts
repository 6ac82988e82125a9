import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowTimestamps, timestamp } from './columns';
import { schedules } from './cohorts';
import { leadProviders } from './lead-providers';
// Value lists are the domain's (one definition); `enum` types the column only, the SQL is plain text.
import { participantTypes, trainingStatuses } from '../../api/domain/training-status';

/**
 * A person. The participant id in the API is the user id. `trn` is the teacher reference number
 * (the reference service keeps it on a separate TeacherProfile; it is one-to-one).
 */
export const users = sqliteTable('users', {
  id: id(),
  fullName: text('full_name').notNull(),
  email: text('email').notNull(),
  trn: text('trn'),
  ...rowTimestamps,
  /** API-facing `updated_at` of the participant: touched whenever anything it serializes changes. */
  apiUpdatedAt: timestamp('api_updated_at').notNull(),
}, (t) => [
  uniqueIndex('users_email_unique').on(t.email),
  index('users_created_at_idx').on(t.createdAt, t.id),
  index('users_api_updated_at_idx').on(t.apiUpdatedAt, t.id),
  index('users_trn_idx').on(t.trn),
]);

/** An email identity of a user. `external_identifier` keeps retired (merged) participant ids working. */
export const participantIdentities = sqliteTable('participant_identities', {
  id: id(),
  userId: text('user_id').notNull().references(() => users.id),
  email: text('email').notNull(),
  externalIdentifier: text('external_identifier').notNull(),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('participant_identities_email_unique').on(t.email),
  uniqueIndex('participant_identities_external_identifier_unique').on(t.externalIdentifier),
  index('participant_identities_user_idx').on(t.userId),
]);

/** One training record (`training_record_id`) of an ECT or a mentor. */
export const participantProfiles = sqliteTable('participant_profiles', {
  id: id(),
  /** ect | mentor */
  type: text('type', { enum: participantTypes }).notNull(),
  userId: text('user_id').notNull().references(() => users.id),
  participantIdentityId: text('participant_identity_id').notNull().references(() => participantIdentities.id),
  schoolCohortId: text('school_cohort_id').notNull(),
  scheduleId: text('schedule_id').notNull().references(() => schedules.id),
  /** Record status set by the school or DfE: active | withdrawn (distinct from training status). */
  status: text('status').notNull().default('active'),
  /** active | deferred | withdrawn — set by the provider. */
  trainingStatus: text('training_status', { enum: trainingStatuses }).notNull().default('active'),
  pupilPremiumUplift: bool('pupil_premium_uplift').notNull().default(false),
  sparsityUplift: bool('sparsity_uplift').notNull().default(false),
  inductionStartDate: date('induction_start_date'),
  inductionCompletionDate: date('induction_completion_date'),
  mentorCompletionDate: date('mentor_completion_date'),
  mentorCompletionReason: text('mentor_completion_reason'),
  cohortChangedAfterPaymentsFrozen: bool('cohort_changed_after_payments_frozen').notNull().default(false),
  /** ECTs only: the mentor's profile. */
  mentorProfileId: text('mentor_profile_id'),
  /**
   * Changes with every provider action. An action's writes only apply while the revision it
   * read is still there, so two actions at once cannot both succeed (no interactive transactions).
   */
  revision: text('revision').notNull().default('0'),
  ...rowTimestamps,
}, (t) => [
  // (user_id, id): a user's profiles without reading their rows (participant lists check users one by one).
  index('participant_profiles_user_idx').on(t.userId, t.id),
  index('participant_profiles_identity_idx').on(t.participantIdentityId),
  index('participant_profiles_mentor_idx').on(t.mentorProfileId),
  index('participant_profiles_school_cohort_idx').on(t.schoolCohortId),
]);

/** DfE's validation of a participant's details; a profile is fundable iff status is eligible. */
export const participantEligibilities = sqliteTable('participant_eligibilities', {
  id: id(),
  participantProfileId: text('participant_profile_id').notNull().references(() => participantProfiles.id),
  /** eligible | matched | manual_check | ineligible */
  status: text('status').notNull(),
  /** active_flags | previous_participation | previous_induction | no_qts | different_trn | duplicate_profile | none | no_induction | exempt_from_induction */
  reason: text('reason').notNull().default('none'),
  ...rowTimestamps,
}, (t) => [uniqueIndex('participant_eligibilities_profile_unique').on(t.participantProfileId)]);

/** The history of a profile's placement: school cohort, programme (so partnership), schedule, mentor. */
export const inductionRecords = sqliteTable('induction_records', {
  id: id(),
  participantProfileId: text('participant_profile_id').notNull().references(() => participantProfiles.id),
  inductionProgrammeId: text('induction_programme_id').notNull(),
  scheduleId: text('schedule_id').notNull().references(() => schedules.id),
  mentorProfileId: text('mentor_profile_id'),
  preferredIdentityId: text('preferred_identity_id'),
  /** active | withdrawn | changed | leaving | completed */
  inductionStatus: text('induction_status').notNull(),
  /** active | deferred | withdrawn */
  trainingStatus: text('training_status').notNull(),
  startDate: timestamp('start_date').notNull(),
  endDate: timestamp('end_date'),
  schoolTransfer: bool('school_transfer').notNull().default(false),
  ...rowTimestamps,
}, (t) => [
  index('induction_records_profile_idx').on(t.participantProfileId, t.createdAt),
  // A profile's records with what picks the latest one with a provider (lists, per profile), and
  // a programme's records with what a provider-wide pass needs: both without reading rows.
  index('induction_records_profile_latest_idx').on(t.participantProfileId, t.inductionProgrammeId, t.endDate, t.startDate, t.createdAt, t.id),
  index('induction_records_programme_idx').on(t.inductionProgrammeId, t.participantProfileId, t.endDate, t.startDate, t.createdAt, t.id, t.scheduleId, t.trainingStatus),
  index('induction_records_mentor_idx').on(t.mentorProfileId),
  // An identity's records (provider_enrolments copies the preferred identity's email).
  index('induction_records_identity_idx').on(t.preferredIdentityId),
]);

/** Append-only log of training status changes made by providers (reason and date are shown). */
export const participantProfileStates = sqliteTable('participant_profile_states', {
  id: id(),
  participantProfileId: text('participant_profile_id').notNull().references(() => participantProfiles.id),
  /** active | deferred | withdrawn */
  state: text('state', { enum: trainingStatuses }).notNull(),
  reason: text('reason'),
  leadProviderId: text('lead_provider_id').references(() => leadProviders.id),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [index('participant_profile_states_profile_idx').on(t.participantProfileId, t.createdAt)]);

/** History of schedule changes of a profile. */
export const participantProfileSchedules = sqliteTable('participant_profile_schedules', {
  id: id(),
  participantProfileId: text('participant_profile_id').notNull().references(() => participantProfiles.id),
  scheduleId: text('schedule_id').notNull().references(() => schedules.id),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [index('participant_profile_schedules_profile_idx').on(t.participantProfileId)]);

/** Recorded when DfE merges a duplicate user into another: the retired id keeps resolving. */
export const participantIdChanges = sqliteTable('participant_id_changes', {
  id: id(),
  userId: text('user_id').notNull().references(() => users.id),
  fromParticipantId: text('from_participant_id').notNull(),
  toParticipantId: text('to_participant_id').notNull(),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [
  index('participant_id_changes_user_idx').on(t.userId),
  index('participant_id_changes_from_idx').on(t.fromParticipantId),
]);

/**
 * Derived, kept by triggers (migration 0007): one row per lead provider and training record the
 * provider has ever had an induction record for. `induction_record_id` is the record that places
 * the participant with the provider (the latest under an unchallenged partnership; null when
 * there is none), so lists read a provider's participants from one index instead of working the
 * choice out from every record on every request. Never written by the application.
 */
export const providerEnrolments = sqliteTable('provider_enrolments', {
  leadProviderId: text('lead_provider_id').notNull(),
  participantProfileId: text('participant_profile_id').notNull(),
  userId: text('user_id').notNull(),
  userCreatedAt: timestamp('user_created_at').notNull(),
  userApiUpdatedAt: timestamp('user_api_updated_at').notNull(),
  inductionRecordId: text('induction_record_id'),
  cohortStartYear: integer('cohort_start_year'),
  trainingStatus: text('training_status', { enum: trainingStatuses }),
  /** DfE has validated the participant's details (an eligibility result exists). */
  validated: bool('validated').notNull(),
  // What the participant lists show from beyond the record, copied here so a page of enrolments
  // reads four rows each instead of twelve scattered ones (null without a record).
  /** The email the provider sees: the record's preferred identity, else the user's. */
  email: text('email'),
  mentorUserId: text('mentor_user_id'),
  schoolUrn: text('school_urn'),
  /** The cohort of the record's school cohort (the schedule's is cohort_start_year). */
  schoolCohortStartYear: integer('school_cohort_start_year'),
  scheduleIdentifier: text('schedule_identifier'),
  deliveryPartnerId: text('delivery_partner_id'),
  /** Another provider has had the participant too (so its declarations may be visible). */
  shared: bool('shared').notNull(),
}, (t) => [
  primaryKey({ columns: [t.leadProviderId, t.participantProfileId] }),
  // A provider's participants in the lists' default order, with every list filter in the index.
  index('provider_enrolments_list_idx').on(t.leadProviderId, t.userCreatedAt, t.userId, t.validated, t.inductionRecordId, t.cohortStartYear, t.trainingStatus, t.userApiUpdatedAt),
  index('provider_enrolments_user_idx').on(t.userId, t.leadProviderId),
  index('provider_enrolments_profile_idx').on(t.participantProfileId),
  // The few participants also trained by another provider, whose declarations a provider may see.
  index('provider_enrolments_shared_idx').on(t.leadProviderId, t.participantProfileId).where(sql`shared = 1`),
]);
