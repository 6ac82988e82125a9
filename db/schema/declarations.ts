import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowTimestamps, timestamp } from './columns';
import { cohorts } from './cohorts';
import { deliveryPartners, leadProviders } from './lead-providers';
import { participantProfiles, users } from './participants';
// Value lists are the domain's (one definition); `enum` types the column only, the SQL is plain text.
import { declarationStates as declarationStateValues, declarationTypes, lineItemStates } from '../../api/domain/declarations';
import { courseIdentifierValues } from '../../api/domain/training-status';
import { statementStates } from '../../api/domain/statements';

/** A claim for payment for one training event of a participant. */
export const participantDeclarations = sqliteTable('participant_declarations', {
  id: id(),
  userId: text('user_id').notNull().references(() => users.id),
  participantProfileId: text('participant_profile_id').notNull().references(() => participantProfiles.id),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  /** started | retained-1..4 | completed | extended-1..3 */
  declarationType: text('declaration_type', { enum: declarationTypes }).notNull(),
  declarationDate: timestamp('declaration_date').notNull(),
  /** ecf-induction | ecf-mentor */
  courseIdentifier: text('course_identifier', { enum: courseIdentifierValues }).notNull(),
  evidenceHeld: text('evidence_held'),
  /** submitted | eligible | payable | paid | voided | ineligible | awaiting_clawback | clawed_back */
  state: text('state', { enum: declarationStateValues }).notNull(),
  /** Why it is ineligible (`duplicate` is rendered as duplicate_declaration). */
  stateReason: text('state_reason'),
  deliveryPartnerId: text('delivery_partner_id').references(() => deliveryPartners.id),
  mentorUserId: text('mentor_user_id'),
  pupilPremiumUplift: bool('pupil_premium_uplift').notNull().default(false),
  sparsityUplift: bool('sparsity_uplift').notNull().default(false),
  supersededById: text('superseded_by_id'),
  voidedAt: timestamp('voided_at'),
  ...rowTimestamps,
}, (t) => [
  // The billable-slot rule, enforced by the database: at most one submitted/eligible/payable/paid
  // declaration per participant, course and type, whoever the provider.
  uniqueIndex('participant_declarations_billable_slot_unique')
    .on(t.userId, t.courseIdentifier, t.declarationType)
    .where(sql`state IN ('submitted', 'eligible', 'payable', 'paid')`),
  // The provider's own declarations in list order; updated_at and cohort_id ride along so the
  // list's filters are checked in the index, even for a page deep in the list.
  index('participant_declarations_lp_created_idx').on(t.leadProviderId, t.createdAt, t.id, t.updatedAt, t.cohortId),
  index('participant_declarations_lp_updated_idx').on(t.leadProviderId, t.updatedAt, t.id),
  // Other providers' declarations for a participant, found without reading the rows.
  index('participant_declarations_profile_idx').on(t.participantProfileId, t.leadProviderId, t.state),
  index('participant_declarations_user_idx').on(t.userId),
]);

/** Every state a declaration has been in. */
export const declarationStates = sqliteTable('declaration_states', {
  id: id(),
  participantDeclarationId: text('participant_declaration_id').notNull().references(() => participantDeclarations.id),
  state: text('state', { enum: declarationStateValues }).notNull(),
  stateReason: text('state_reason'),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [index('declaration_states_declaration_idx').on(t.participantDeclarationId)]);

/** A monthly financial statement of a lead provider for one cohort. */
export const statements = sqliteTable('statements', {
  id: id(),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  /** "<Month> <Year>", e.g. "January 2025". */
  name: text('name').notNull(),
  /** Cut-off: declarations up to this day go on this statement. */
  deadlineDate: date('deadline_date').notNull(),
  paymentDate: date('payment_date').notNull(),
  /** Only output-fee statements are shown by the API and take declarations. */
  outputFee: bool('output_fee').notNull(),
  /** open | payable | paid */
  state: text('state', { enum: statementStates }).notNull().default('open'),
  markedAsPaidAt: timestamp('marked_as_paid_at'),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('statements_lp_cohort_name_unique').on(t.leadProviderId, t.cohortId, t.name),
  index('statements_lp_payment_idx').on(t.leadProviderId, t.outputFee, t.paymentDate, t.id),
  index('statements_lp_cohort_deadline_idx').on(t.leadProviderId, t.cohortId, t.state, t.deadlineDate),
]);

/** A declaration on a statement. At most one billable and one refundable line per declaration. */
export const statementLineItems = sqliteTable('statement_line_items', {
  id: id(),
  statementId: text('statement_id').notNull().references(() => statements.id),
  participantDeclarationId: text('participant_declaration_id').notNull().references(() => participantDeclarations.id),
  /** eligible | payable | paid | voided | ineligible | awaiting_clawback | clawed_back */
  state: text('state', { enum: lineItemStates }).notNull(),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('statement_line_items_billable_unique')
    .on(t.participantDeclarationId)
    .where(sql`state IN ('eligible', 'payable', 'paid')`),
  uniqueIndex('statement_line_items_refundable_unique')
    .on(t.participantDeclarationId)
    .where(sql`state IN ('awaiting_clawback', 'clawed_back')`),
  index('statement_line_items_statement_idx').on(t.statementId, t.state),
]);


