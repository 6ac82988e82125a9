import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client';
import { sandboxSnapshots } from '../../../db/schema';
import { PROVIDER_TABLES, SEEDED_IDS, SHARED, SHARED_TABLES } from '../../../db/seed/snapshot/layout';
import { quoteName } from '../../../db/seed/snapshot/tables';
import type { BatchStatement } from '../../../db/batch';

// Reads the sandbox snapshot (sandbox_snapshots, written by the seed: db/seed/snapshot/) inside
// SQL: rows and ids are taken out of its JSON chunks by json_each where a statement needs them,
// so a reset ships no seeded rows between the database and the Worker, and no statement binds
// more than a few parameters (D1: at most 100).

type Statement = BatchStatement;

export type SeedScale = 'default' | 'national' | number;

export interface SeedSnapshot {
  leadProviderId: string;
  seededAt: Date;
  scale: SeedScale;
  /** Column names of each table held, per `lead_provider_id` ('' for the shared part). */
  columns: Map<string, string[]>;
}

const key = (leadProviderId: string, table: string) => `${leadProviderId}\u0000${table}`;

export type SnapshotLookup =
  | { found: true; snapshot: SeedSnapshot }
  /** `none`: no snapshot for the provider; `incomplete`: some of its tables (or the shared ones) are missing. */
  | { found: false; why: 'none' | 'incomplete'; databaseHasSnapshot: boolean };

export async function findSeedSnapshot(db: Db, leadProviderId: string): Promise<SnapshotLookup> {
  const rows = await db.all<{ lp: string; tableName: string; columns: string; seededAt: number; scale: string }>(sql`
    SELECT lead_provider_id AS lp, table_name AS tableName, columns, seeded_at AS seededAt, scale
    FROM ${sandboxSnapshots} WHERE lead_provider_id IN (${leadProviderId}, ${SHARED}) AND chunk = 0`);
  const own = rows.filter((r) => r.lp === leadProviderId);
  if (own.length === 0) {
    const [any] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${sandboxSnapshots} LIMIT 1)`);
    return { found: false, why: 'none', databaseHasSnapshot: Number(any?.n ?? 0) > 0 };
  }
  const columns = new Map(rows.map((r) => [key(r.lp, r.tableName), JSON.parse(r.columns) as string[]]));
  const wanted = [...PROVIDER_TABLES.map((t) => key(leadProviderId, t)), ...[...SHARED_TABLES, ...Object.values(SEEDED_IDS)].map((t) => key(SHARED, t))];
  if (wanted.some((k) => !columns.has(k))) return { found: false, why: 'incomplete', databaseHasSnapshot: true };
  const scale = own[0]!.scale;
  return {
    found: true,
    snapshot: {
      leadProviderId, columns, seededAt: new Date(Number(own[0]!.seededAt)),
      scale: scale === 'default' || scale === 'national' ? scale : Number(scale),
    },
  };
}

/** Where one table's rows of the snapshot are (`table`: its name there): each row `j.value`, a JSON array. */
function source(snapshot: SeedSnapshot, owner: string, table: string) {
  const columns = snapshot.columns.get(key(owner, table));
  if (!columns) throw new Error(`The sandbox snapshot has no ${table} for ${owner || 'every provider'}`);
  const at = (column: string): SQL => {
    const i = columns.indexOf(column);
    if (i < 0) throw new Error(`The sandbox snapshot of ${table} has no column ${column}`);
    return sql.raw(`j.value->>${i}`);
  };
  const from = sql`${sandboxSnapshots} s, json_each(s.rows) j WHERE s.lead_provider_id = ${owner} AND s.table_name = ${table}`;
  return { columns, at, from };
}

const ownerOf = (snapshot: SeedSnapshot, table: string) => (PROVIDER_TABLES as readonly string[]).includes(table) ? snapshot.leadProviderId : SHARED;

/** The ids of a table's seeded rows (the caller's, or every seeded user's or profile's), as a subquery. */
export function seededIds(snapshot: SeedSnapshot, table: SQLiteTable | 'all users' | 'all participant profiles'): SQL {
  const { at, from } = table === 'all users' ? source(snapshot, SHARED, SEEDED_IDS.users)
    : table === 'all participant profiles' ? source(snapshot, SHARED, SEEDED_IDS.participantProfiles)
    : source(snapshot, ownerOf(snapshot, getTableName(table)), getTableName(table));
  return sql`(SELECT ${at('id')} FROM ${from})`;
}

/** A few columns of a (small) table of the snapshot, as objects keyed by column name. */
export async function seededRows(db: Db, snapshot: SeedSnapshot, table: SQLiteTable, columns: string[]): Promise<Record<string, unknown>[]> {
  const name = getTableName(table);
  const { at, from } = source(snapshot, ownerOf(snapshot, name), name);
  return db.all(sql`SELECT ${sql.join(columns.map((c) => sql`${at(c)} AS ${sql.raw(quoteName(c))}`), sql`, `)} FROM ${from} ORDER BY s.chunk, j.key`);
}

/**
 * Writes a table's seeded rows back, those `where` picks (given each seeded column): missing
 * ones inserted (in the order seeded), differing ones updated in place (same rowid), equal ones
 * untouched, so no trigger fires for them. Columns the snapshot lacks (added by a later
 * migration) keep their defaults.
 */
export function restoreSeededRows(db: Db, snapshot: SeedSnapshot, table: SQLiteTable, where?: (at: (column: string) => SQL) => SQL): Statement {
  const name = getTableName(table);
  const { columns: held, at, from } = source(snapshot, ownerOf(snapshot, name), name);
  // The schema's columns in its order, those the snapshot holds.
  const columns = Object.values(getTableColumns(table)).filter((c) => held.includes(c.name));
  const names = columns.map((c) => quoteName(c.name));
  const others = columns.filter((c) => c.name !== 'id');
  const otherNames = others.map((c) => quoteName(c.name));
  // `${table}` and each column of `others` render quoted and table-qualified ("users"."email"): the current row, against `excluded`.
  return db.run(sql`INSERT INTO ${table} (${sql.raw(names.join(', '))})
    SELECT ${sql.join(columns.map((c) => at(c.name)), sql`, `)} FROM ${from}${where ? sql` AND ${where(at)}` : sql``} ORDER BY s.chunk, j.key
    ON CONFLICT ("id") DO UPDATE SET ${sql.raw(otherNames.map((c) => `${c} = excluded.${c}`).join(', '))}
    WHERE (${sql.join(others, sql`, `)}) IS NOT (${sql.raw(otherNames.map((c) => `excluded.${c}`).join(', '))})`);
}
