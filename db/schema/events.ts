import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, rowTimestamps, timestamp } from './columns';
// Value lists are the domain's (one definition); `enum` types the column only, the SQL is plain text.
import { webhookDeliveryStates, webhookSubscriptionStates } from '../../api/domain/webhooks';

/**
 * The change feed (an extension, GET /api/v3/events). Derived and kept by triggers (migration
 * `events`, written from db/derived/events.ts), in the same transaction as the change, so no
 * code path can forget one. One row per lead provider and resource: a resource that changes
 * again is deleted and inserted again at the end, so the feed stays as large as
 * the data, not the history, and a reader far behind reads each resource once, at its latest.
 *
 * `seq` is AUTOINCREMENT on purpose: plain rowids reuse the largest number after a delete, which
 * a replace of the newest row would do, and a reader holding that cursor would miss the change.
 * SQLite has one writer, so the order of insertion is the order of commit.
 */
export const events = sqliteTable('events', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  leadProviderId: text('lead_provider_id').notNull(),
  /** The JSON:API type of the resource: participant, partnership, participant-declaration, ... */
  type: text('type').notNull(),
  resourceId: text('resource_id').notNull(),
  /** The resource's API-facing updated_at when the change was recorded (ms). */
  updatedAt: timestamp('updated_at').notNull(),
}, (t) => [
  uniqueIndex('events_resource_unique').on(t.leadProviderId, t.type, t.resourceId),
  index('events_lp_seq_idx').on(t.leadProviderId, t.seq, t.type),
]);

/** A lead provider's webhook: where to POST its events, signed with its secret (Standard Webhooks). */
export const webhookSubscriptions = sqliteTable('webhook_subscriptions', {
  id: id(),
  leadProviderId: text('lead_provider_id').notNull(),
  url: text('url').notNull(),
  /** `whsec_<base64>`; shown once, at creation and rotation. */
  secret: text('secret').notNull(),
  /** After a rotation, deliveries are signed with the old secret too until this expires, so receivers can switch without losing one. */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at'),
  /** JSON array of event types, or null for every type. */
  eventTypes: text('event_types'),
  /** active | disabled (by us after repeated failure, or never: deleting removes the row) */
  state: text('state', { enum: webhookSubscriptionStates }).notNull().default('active'),
  /** The last event seq turned into deliveries: the subscription's own feed cursor. */
  cursor: integer('cursor').notNull(),
  /** Deliveries that failed for good since the last success. */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  disabledAt: timestamp('disabled_at'),
  ...rowTimestamps,
}, (t) => [
  index('webhook_subscriptions_lp_idx').on(t.leadProviderId, t.createdAt, t.id),
  index('webhook_subscriptions_active_idx').on(t.state, t.leadProviderId),
]);

/** One delivery per subscription and event: the webhook-id is the event id, so retries and receivers deduplicate. */
export const webhookDeliveries = sqliteTable('webhook_deliveries', {
  id: id(),
  subscriptionId: text('subscription_id').notNull().references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
  /** The event's cursor (feed seq); the webhook-id header. */
  eventSeq: integer('event_seq').notNull(),
  eventType: text('event_type').notNull(),
  resourceId: text('resource_id').notNull(),
  resourceUpdatedAt: timestamp('resource_updated_at').notNull(),
  /** pending | delivered | failed */
  state: text('state', { enum: webhookDeliveryStates }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at'),
  lastAttemptAt: timestamp('last_attempt_at'),
  /** HTTP status of the last attempt; null when it got no response. */
  lastStatus: integer('last_status'),
  /** Why the last attempt failed, in our words (no response bodies are kept). */
  lastError: text('last_error'),
  deliveredAt: timestamp('delivered_at'),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [
  uniqueIndex('webhook_deliveries_event_unique').on(t.subscriptionId, t.eventSeq),
  index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt).where(sql`state = 'pending'`),
]);

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
