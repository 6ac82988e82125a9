import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

/**
 * What the sandbox seed wrote, kept so that POST /api/sandbox/reset can put a provider's data
 * back without running the generator (db/seed/snapshot/). Per lead provider, the rows its reset
 * restores, one table at a time; under `lead_provider_id` '' the rows every provider's reset
 * reads (school cohorts, programmes, partnerships) and the ids of every seeded user and
 * participant, which tell seeded rows from rows added since.
 *
 * `rows` is a JSON array of rows, each an array of values in the order `columns` names them
 * (values as SQLite holds them: timestamps in ms, booleans 0/1), split into chunks of about a
 * megabyte (D1 holds at most 2 MB in one value). Written once by the seed, never changed.
 */
export const sandboxSnapshots = sqliteTable('sandbox_snapshots', {
  leadProviderId: text('lead_provider_id').notNull(),
  tableName: text('table_name').notNull(),
  chunk: integer('chunk').notNull(),
  /** JSON array of the column names the rows hold, in their order. */
  columns: text('columns').notNull(),
  rows: text('rows').notNull(),
  /** The seed's `now` and scale (the same on every row). */
  seededAt: timestamp('seeded_at').notNull(),
  scale: text('scale').notNull(),
}, (t) => [primaryKey({ columns: [t.leadProviderId, t.tableName, t.chunk] })]);
