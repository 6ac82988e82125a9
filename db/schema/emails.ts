import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamp } from './columns';

/**
 * Outbox of emails. Every email is recorded here first; a sender (GOV.UK Notify when configured)
 * delivers it and marks it sent, so a crash between deciding and sending loses nothing.
 */
export const emails = sqliteTable('emails', {
  id: id(),
  template: text('template').notNull(),
  to: text('to').notNull(),
  /** JSON object of the template's personalisation fields. */
  personalisation: text('personalisation').notNull(),
  /** queued | sent | failed */
  status: text('status').notNull().default('queued'),
  /** What the email is about, e.g. a partnership id, so it can be found again. */
  subjectType: text('subject_type'),
  subjectId: text('subject_id'),
  notifyId: text('notify_id'),
  createdAt: timestamp('created_at').notNull(),
  sentAt: timestamp('sent_at'),
}, (t) => [
  index('emails_status_idx').on(t.status, t.createdAt),
  index('emails_subject_idx').on(t.subjectType, t.subjectId),
  // Per-recipient limits (sign-in emails per address per hour) and the outbox's "emails to".
  index('emails_to_idx').on(t.to, t.createdAt),
]);
