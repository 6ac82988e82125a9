import { sql } from 'drizzle-orm';
import { events } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { EventType } from './event-types';

// The caller's change feed: events after a cursor, in commit order. Rows are written by triggers
// (db/derived/events.ts) with the lead provider they are for, so the scope is one index range:
// a page costs the same wherever the cursor is, and another provider's events are never read.

export interface EventRecord {
  seq: number;
  type: string;
  resourceId: string;
  updatedAt: Date;
}

export interface ListEventsInput {
  /** The cursor: only events after it (0 for the start of the feed). */
  after: number;
  limit: number;
  /** Only these types (null: every type). */
  types: EventType[] | null;
}

export async function listEvents(ctx: RequestContext, input: ListEventsInput): Promise<EventRecord[]> {
  const types = input.types === null ? sql`` : sql`AND type IN (SELECT value FROM json_each(${JSON.stringify(input.types)}))`;
  const rows = await ctx.db.all<{ seq: number; type: string; resource_id: string; updated_at: number }>(sql`
    SELECT seq, type, resource_id, updated_at FROM ${events}
    WHERE lead_provider_id = ${ctx.leadProvider.id} AND seq > ${input.after} ${types}
    ORDER BY seq LIMIT ${input.limit}`);
  return rows.map((r) => ({ seq: Number(r.seq), type: String(r.type), resourceId: String(r.resource_id), updatedAt: new Date(Number(r.updated_at)) }));
}
