import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, rowTimestamps, timestamp } from './columns';
import { cohorts } from './cohorts';

/**
 * The organisation that owns API tokens, partnerships, declarations and statements.
 * The reference service splits this into CpdLeadProvider and LeadProvider; for ECF they are
 * one-to-one, so we keep one row and one id.
 */
export const leadProviders = sqliteTable('lead_providers', {
  id: id(),
  name: text('name').notNull(),
  ...rowTimestamps,
}, (t) => [uniqueIndex('lead_providers_name_unique').on(t.name)]);

/** Cohorts a lead provider holds a contract for. */
export const leadProviderCohorts = sqliteTable('lead_provider_cohorts', {
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
}, (t) => [uniqueIndex('lead_provider_cohorts_unique').on(t.leadProviderId, t.cohortId)]);

/** API tokens: only a SHA-256 hash of the token is stored; the token itself is shown once. */
export const apiTokens = sqliteTable('api_tokens', {
  id: id(),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  hashedToken: text('hashed_token').notNull(),
  description: text('description'),
  createdAt: timestamp('created_at').notNull(),
  lastUsedAt: timestamp('last_used_at'),
  revokedAt: timestamp('revoked_at'),
}, (t) => [
  uniqueIndex('api_tokens_hashed_token_unique').on(t.hashedToken),
  index('api_tokens_lead_provider_idx').on(t.leadProviderId),
]);

/** A delivery partner (DP). Soft-deleted rows (discarded_at set) are invisible everywhere. */
export const deliveryPartners = sqliteTable('delivery_partners', {
  id: id(),
  name: text('name').notNull(),
  discardedAt: timestamp('discarded_at'),
  ...rowTimestamps,
}, (t) => [
  index('delivery_partners_created_at_idx').on(t.createdAt, t.id),
  index('delivery_partners_updated_at_idx').on(t.updatedAt, t.id),
]);

/** A DP may work with a lead provider in a cohort. Required to confirm partnerships. */
export const providerRelationships = sqliteTable('provider_relationships', {
  id: id(),
  leadProviderId: text('lead_provider_id').notNull().references(() => leadProviders.id),
  deliveryPartnerId: text('delivery_partner_id').notNull().references(() => deliveryPartners.id),
  cohortId: text('cohort_id').notNull().references(() => cohorts.id),
  discardedAt: timestamp('discarded_at'),
  ...rowTimestamps,
}, (t) => [
  index('provider_relationships_lp_dp_idx').on(t.leadProviderId, t.deliveryPartnerId, t.cohortId),
  index('provider_relationships_dp_idx').on(t.deliveryPartnerId),
]);
