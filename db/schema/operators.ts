import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';

// DfE's operators (and the school-facing service that feeds this one) reach the operator API
// with their own tokens. They live in their own table, not in api_tokens, so that a provider
// token can never be looked up as an operator token nor the other way round: the scope is the
// table a hash is found in.

/** Operator API tokens (scope `operator`): only a SHA-256 hash is stored, the token is shown once. */
export const operatorTokens = sqliteTable('operator_tokens', {
  id: id(),
  /** Who or what holds it ("school-facing service", "Jo at DfE"): named in every audit row. */
  name: text('name').notNull(),
  hashedToken: text('hashed_token').notNull(),
  /** Always `operator` for now; a column so that narrower operator scopes need no new table. */
  scope: text('scope').notNull().default('operator'),
  createdAt: timestamp('created_at').notNull(),
  lastUsedAt: timestamp('last_used_at'),
  revokedAt: timestamp('revoked_at'),
}, (t) => [uniqueIndex('operator_tokens_hashed_token_unique').on(t.hashedToken)]);

/**
 * Every write made through the operator API or the operator command: who (token id and name, or
 * `cli:<os user>`), when, what (method, path, operation, the ids it touched, a summary of the
 * input) and the request id. Rows are only ever inserted.
 */
export const operatorAuditEvents = sqliteTable('operator_audit_events', {
  id: id(),
  /** The operator token's id; null for the command line. */
  actorTokenId: text('actor_token_id'),
  actorName: text('actor_name').notNull(),
  occurredAt: timestamp('occurred_at').notNull(),
  /** HTTP method, or CLI for the command line. */
  method: text('method').notNull(),
  /** Request path, or the command's verb. */
  path: text('path').notNull(),
  operation: text('operation').notNull(),
  /** JSON array of the ids of the records written. */
  targetIds: text('target_ids').notNull(),
  /** JSON, secrets left out and long values cut short. */
  inputSummary: text('input_summary').notNull(),
  requestId: text('request_id'),
}, (t) => [
  index('operator_audit_events_occurred_idx').on(t.occurredAt, t.id),
  index('operator_audit_events_actor_idx').on(t.actorTokenId, t.occurredAt),
]);

/**
 * Idempotency of bulk rows: the first result of each (operation, external id). A row re-sent
 * with the same external id gets this result back and writes nothing. Inserted in the same
 * batch as the row's own writes, so a row either wrote both or neither.
 */
export const operatorExternalIds = sqliteTable('operator_external_ids', {
  operation: text('operation').notNull(),
  externalId: text('external_id').notNull(),
  /** JSON of the row's result as first answered. */
  result: text('result').notNull(),
  createdAt: timestamp('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.operation, t.externalId] })]);
