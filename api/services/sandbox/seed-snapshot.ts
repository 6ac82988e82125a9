import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { PROVIDER_TABLES, SEEDED_IDS, SHARED, SHARED_TABLES } from '../../../db/seed/snapshot/layout';
import { columnNames, quoteName } from '../../../db/seed/snapshot/tables';
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
    FROM sandbox_snapshots WHERE lead_provider_id IN (${leadProviderId}, ${SHARED}) AND chunk = 0`);
  const own = rows.filter((r) => r.lp === leadProviderId);
  if (own.length === 0) {
    const [any] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM sandbox_snapshots LIMIT 1)`);
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

/** Where one table's rows of the snapshot are: each row `j.value`, a JSON array. */
function source(snapshot: SeedSnapshot, owner: string, table: string) {
  const columns = snapshot.columns.get(key(owner, table));
  if (!columns) throw new Error(`The sandbox snapshot has no ${table} for ${owner || 'every provider'}`);
  const at = (column: string): SQL => {
    const i = columns.indexOf(column);
    if (i < 0) throw new Error(`The sandbox snapshot of ${table} has no column ${column}`);
    return sql.raw(`j.value->>${i}`);
  };
  const from = sql`sandbox_snapshots s, json_each(s.rows) j WHERE s.lead_provider_id = ${owner} AND s.table_name = ${table}`;
  return { columns, at, from };
}

const ownerOf = (snapshot: SeedSnapshot, table: string) => (PROVIDER_TABLES as readonly string[]).includes(table) ? snapshot.leadProviderId : SHARED;

/** The ids of a table's seeded rows (the caller's, or every seeded user's or profile's), as a subquery. */
export function seededIds(snapshot: SeedSnapshot, table: (typeof PROVIDER_TABLES)[number] | (typeof SHARED_TABLES)[number] | 'all users' | 'all participant profiles'): SQL {
  const name = table === 'all users' ? SEEDED_IDS.users : table === 'all participant profiles' ? SEEDED_IDS.participantProfiles : table;
  const { at, from } = source(snapshot, name === table ? ownerOf(snapshot, table) : SHARED, name);
  return sql`(SELECT ${at('id')} FROM ${from})`;
}

/** A few columns of a (small) table of the snapshot, as objects keyed by column name. */
export async function seededRows(db: Db, snapshot: SeedSnapshot, table: string, columns: string[]): Promise<Record<string, unknown>[]> {
  const { at, from } = source(snapshot, ownerOf(snapshot, table), table);
  return db.all(sql`SELECT ${sql.join(columns.map((c) => sql`${at(c)} AS ${sql.raw(quoteName(c))}`), sql`, `)} FROM ${from} ORDER BY s.chunk, j.key`);
}

/**
 * Writes a table's seeded rows back, those `where` picks (given each seeded column): missing
 * ones inserted (in the order seeded), differing ones updated in place (same rowid), equal ones
 * untouched, so no trigger fires for them. Columns the snapshot lacks (added by a later
 * migration) keep their defaults.
 */
export function restoreSeededRows(db: Db, snapshot: SeedSnapshot, table: string, where?: (at: (column: string) => SQL) => SQL): Statement {
  const { columns: held, at, from } = source(snapshot, ownerOf(snapshot, table), table);
  const columns = columnNames(table).filter((c) => held.includes(c));
  const target = quoteName(table);
  const names = columns.map(quoteName);
  const others = names.filter((c) => c !== '"id"');
  return db.run(sql`INSERT INTO ${sql.raw(target)} (${sql.raw(names.join(', '))})
    SELECT ${sql.join(columns.map(at), sql`, `)} FROM ${from}${where ? sql` AND ${where(at)}` : sql``} ORDER BY s.chunk, j.key
    ON CONFLICT ("id") DO UPDATE SET ${sql.raw(others.map((c) => `${c} = excluded.${c}`).join(', '))}
    WHERE (${sql.raw(others.map((c) => `${target}.${c}`).join(', '))}) IS NOT (${sql.raw(others.map((c) => `excluded.${c}`).join(', '))})`);
}
