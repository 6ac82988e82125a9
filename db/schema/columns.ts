import { integer, text } from 'drizzle-orm/sqlite-core';

// Shared column builders. Timestamps are integer milliseconds since the epoch (UTC): compact,
// totally ordered, and cheap to index and compare in keyset pagination. Dates without a time
// (milestone dates, statement deadlines) are ISO `YYYY-MM-DD` text, which also sorts correctly.

export const id = () => text('id').primaryKey();
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });
export const date = (name: string) => text(name);
export const bool = (name: string) => integer(name, { mode: 'boolean' });

/** `created_at` / `updated_at` of the row itself. */
export const rowTimestamps = {
  createdAt: timestamp('created_at').notNull(),
  updatedAt: timestamp('updated_at').notNull(),
};
