import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id, rowTimestamps, timestamp } from './columns';
import { cohorts } from './cohorts';
import { deliveryPartners, leadProviders } from './lead-providers';
import { schools } from './schools';

// The lead provider web service: its users, sign-in links, sessions, the "confirm your schools"
// wizard and support requests. Secrets (sign-in tokens, session ids) are stored only as SHA-256
// hashes: a copy of the database signs nobody in.

/** A person at a lead provider who signs in to the web service (created by `npm run user:create`). */
export const leadProviderUsers = sqliteTable('lead_provider_users', {
  id: id(),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  /** Stored lower-cased, so sign-in is case-insensitive. */
  email: text('email').notNull(),
  fullName: text('full_name').notNull(),
  lastSignedInAt: timestamp('last_signed_in_at'),
  /** Set when DfE takes the account away (operator API): no sign-in link, no session. */
  revokedAt: timestamp('revoked_at'),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('lead_provider_users_email_unique').on(t.email),
  index('lead_provider_users_lead_provider_idx').on(t.leadProviderId),
]);

/** The one live sign-in link of a user: a new request replaces it, using it deletes it. */
export const signInTokens = sqliteTable('sign_in_tokens', {
  userId: text('user_id').primaryKey().references(() => leadProviderUsers.id),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [uniqueIndex('sign_in_tokens_token_hash_unique').on(t.tokenHash)]);

/** A signed-in browser. The cookie holds a random id; only its hash is stored here. */
export const webSessions = sqliteTable('web_sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => leadProviderUsers.id),
  createdAt: timestamp('created_at').notNull(),
  lastSeenAt: timestamp('last_seen_at').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
}, (t) => [
  index('web_sessions_user_idx').on(t.userId),
  index('web_sessions_expires_idx').on(t.expiresAt),
]);

/** Fixed-window counters (sign-in attempts per IP), shared by every process and isolate. */
export const webRateLimits = sqliteTable('web_rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
});

/**
 * The "confirm your schools" wizard of one session: the cohort and delivery partner chosen and
 * the uploaded CSV's results (rows in `partnership_upload_rows`). Kept server-side, not in the
 * cookie. A new start replaces it.
 */
export const partnershipUploads = sqliteTable('partnership_uploads', {
  id: id(),
  sessionIdHash: text('session_id_hash').notNull(),
  userId: text('user_id').notNull().references(() => leadProviderUsers.id),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  deliveryPartnerId: text('delivery_partner_id').references(() => deliveryPartners.id),
  /** choosing | uploaded | confirmed */
  status: text('status').notNull(),
  fileName: text('file_name'),
  rowCount: integer('row_count').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  /** How many schools the last confirmation created (shown on the success page). */
  confirmedCount: integer('confirmed_count').notNull().default(0),
  /**
   * What reading the file noticed besides its rows, shown with the results (JSON of UploadNotes in
   * api/web/report-schools/csv-input.ts): columns other than A that were ignored, merged duplicates.
   */
  notes: text('notes'),
  ...rowTimestamps,
}, (t) => [
  uniqueIndex('partnership_uploads_session_unique').on(t.sessionIdHash),
  index('partnership_uploads_updated_idx').on(t.updatedAt),
]);

/** One row of an uploaded CSV: what the provider wrote, the school it names and what is wrong. */
export const partnershipUploadRows = sqliteTable('partnership_upload_rows', {
  uploadId: text('upload_id').notNull().references(() => partnershipUploads.id),
  /** The row of the uploaded spreadsheet, from 1 (header and blank rows counted). */
  rowNumber: integer('row_number').notNull(),
  /** The cell as uploaded (trimmed, at most 100 characters). */
  yourData: text('your_data').notNull(),
  schoolId: text('school_id').references(() => schools.id),
  /** The school rule it breaks (a partnership rule code), or null when the school can be confirmed. */
  problem: text('problem'),
  /** Taken off the list on the review page. */
  removed: bool('removed').notNull().default(false),
}, (t) => [
  primaryKey({ columns: [t.uploadId, t.rowNumber] }),
  index('partnership_upload_rows_school_idx').on(t.uploadId, t.schoolId),
]);

/** A question from a signed-in user, also emailed to the support team. */
export const supportRequests = sqliteTable('support_requests', {
  id: id(),
  userId: text('user_id').notNull().references(() => leadProviderUsers.id),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  message: text('message').notNull(),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [
  index('support_requests_created_idx').on(t.createdAt),
  // A user's messages in the last hour (the support form's limit).
  index('support_requests_user_idx').on(t.userId, t.createdAt),
]);
