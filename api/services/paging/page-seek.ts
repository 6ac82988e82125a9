import { getTableName, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { events } from '../../../db/schema';
import type { Page } from '../../http/pagination';

// Deep pages without walking an offset, same contract, same answers.
//
// The contract pages by number (page[page]), so reaching page 500 means SQLite steps over the
// 49,900 index entries before it: a full sync's last pages cost several times its first. Clients
// cannot be given a cursor without changing the contract, so the server remembers one: for each
// page of a query it has read, the sort key of the page's first row (and, reading one row more,
// of the next page's first row), with the data version at that moment. A page asked for again,
// or the next page of a sync, then starts at its key instead of at an offset.
//
// Exactly the offset's answer: a remembered key is used only while the data version is the one
// it was read at. The version is the change feed's sequence (every change a provider could see
// in a list writes an event in its own transaction: db/derived/events.ts; sandbox resets, which
// delete rows without events, move it on purpose), read before and after the page's query: if it
// moved in between, the page is read again by offset. So a client gets, row for row, what the
// offset would have given it at that instant.
//
// Only where a round trip costs microseconds (the embedded file): elsewhere (D1, a remote
// libSQL) the two version reads would cost more than the offsets they save. The memory is per
// database handle, so per process or Worker isolate, and bounded.

/** The values a list is ordered by, ending with a unique one (an id), for a row-value comparison. */
export type SortKey = readonly (number | string)[];
export type PagePosition = { startAt: SortKey } | { offset: number };

interface Remembered { version: number; key: SortKey }

const MAX_REMEMBERED = 20_000;
const memories = new WeakMap<Db, Map<string, Remembered>>();
const enabled = new WeakSet<Db>();

/** Turns seeking on for a handle on an embedded database file (db/client.ts). */
export function enablePageSeeking(db: Db): void {
  enabled.add(db);
}

async function dataVersion(db: Db): Promise<number | null> {
  try {
    const [row] = await db.all<{ seq: number }>(sql`SELECT seq FROM sqlite_sequence WHERE name = ${getTableName(events)}`);
    return row ? Number(row.seq) : 0;
  } catch {
    return null; // no change feed table (yet): offsets only
  }
}

function remember(db: Db, key: string, value: Remembered) {
  let memory = memories.get(db);
  if (!memory) memories.set(db, (memory = new Map()));
  memory.delete(key);
  if (memory.size >= MAX_REMEMBERED) memory.delete(memory.keys().next().value!);
  memory.set(key, value);
}

/**
 * Reads `page` of a list through `read`, which must return rows in sort order, starting at the
 * position given (a sort key: rows at or after it; or an offset), at most `limit` rows.
 * `scope` names the list and everything that chooses or orders its rows (provider, filters,
 * sort, page size).
 */
export async function readPage<Row>(
  db: Db,
  scope: string,
  page: Page,
  read: (position: PagePosition, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => SortKey,
): Promise<Row[]> {
  if (!enabled.has(db)) return read({ offset: page.offset }, page.perPage);
  const before = await dataVersion(db);
  if (before === null) return read({ offset: page.offset }, page.perPage);
  const known = memories.get(db)?.get(`${scope}#${page.page}`);
  const seeking = page.page > 1 && known?.version === before;
  const rows = await read(seeking ? { startAt: known!.key } : { offset: page.offset }, page.perPage + 1);
  const after = await dataVersion(db);
  if (after !== before) {
    // Something changed while the page was read: an offset read is right by itself, a seek is not.
    return seeking ? read({ offset: page.offset }, page.perPage) : rows.slice(0, page.perPage);
  }
  if (rows.length > 0) remember(db, `${scope}#${page.page}`, { version: before, key: keyOf(rows[0]!) });
  if (rows.length > page.perPage) remember(db, `${scope}#${page.page + 1}`, { version: before, key: keyOf(rows[page.perPage]!) });
  return rows.slice(0, page.perPage);
}

/**
 * For a write that removes rows without an event (the sandbox reset): two statements for its
 * batch that move the data version on, so no remembered key outlives it. An event row written
 * and deleted in the same transaction: AUTOINCREMENT never hands its number out again, and no
 * reader of the feed ever sees it.
 */
export function movingDataVersion(db: Db, leadProviderId: string, now: Date) {
  const marker = `data-version-${crypto.randomUUID()}`;
  return [
    db.run(sql`INSERT INTO ${events} (lead_provider_id, type, resource_id, updated_at) VALUES (${leadProviderId}, 'data-version', ${marker}, ${now.getTime()})`),
    db.run(sql`DELETE FROM ${events} WHERE lead_provider_id = ${leadProviderId} AND type = 'data-version' AND resource_id = ${marker}`),
  ] as const;
}
