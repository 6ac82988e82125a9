import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../client';
import {
  inductionProgrammes, inductionRecords, participantDeclarations, participantProfiles, partnerships, sandboxSnapshots, statements, users,
} from '../../schema';
import { CHUNK_CHARS, PROVIDER_TABLES, SEEDED_IDS, SHARED, SHARED_TABLES } from './layout';
import { columnNames, quoteName, tableNamed } from './tables';
import { runBatch } from '../../batch';

// Keeps what the seed wrote, read back from the database once every row is in (triggers and
// late updates included: the snapshot is the seeded state, whatever computed it), so that a
// sandbox reset restores it without the generator. See layout.ts for what goes where.

/** Rows read per query, in rowid order (the order they were written, and are restored in). */
const PAGE = 5_000;

interface Target {
  leadProviderId: string;
  tableName: string;
  columns: string[];
}

/** JSON rows gathered per target, written a chunk at a time as they fill. */
class ChunkWriter {
  private readonly open = new Map<string, { target: Target; rows: string[]; chars: number; chunk: number }>();

  constructor(private readonly db: Db, private readonly seededAt: Date, private readonly scale: string) {}

  /** Every target gets a chunk, if empty: a reset tells a missing table from an empty one. */
  start(target: Target) {
    this.open.set(`${target.leadProviderId}\u0000${target.tableName}`, { target, rows: [], chars: 0, chunk: 0 });
  }

  /** Full chunks, written by `flush` (after each page read: a few statements, not one per row). */
  private readonly full: (typeof sandboxSnapshots.$inferInsert)[] = [];

  add(leadProviderId: string, tableName: string, row: string) {
    const entry = this.open.get(`${leadProviderId}\u0000${tableName}`);
    if (!entry) return;
    if (entry.chars + row.length + 1 > CHUNK_CHARS && entry.rows.length > 0) this.close(entry);
    entry.rows.push(row);
    entry.chars += row.length + 1;
  }

  async flush() {
    // One chunk per statement (each within D1's limits), several statements per batch.
    while (this.full.length > 0) {
      const chunks = this.full.splice(0, 10).map((values) => this.db.insert(sandboxSnapshots).values(values));
      await runBatch(this.db, chunks);
    }
  }

  async finish() {
    for (const entry of this.open.values()) if (entry.rows.length > 0 || entry.chunk === 0) this.close(entry);
    await this.flush();
  }

  private close(entry: { target: Target; rows: string[]; chars: number; chunk: number }) {
    this.full.push({
      leadProviderId: entry.target.leadProviderId, tableName: entry.target.tableName, chunk: entry.chunk++,
      columns: JSON.stringify(entry.target.columns), rows: `[${entry.rows.join(',')}]`, seededAt: this.seededAt, scale: this.scale,
    });
    entry.rows = [];
    entry.chars = 0;
  }
}

/**
 * Pages through a table in rowid order: each row as JSON (`columns`, built by SQLite) with the
 * key that says whose it is (`owner`, an SQL expression over `t`, the table, and what `join` adds).
 * The rowid bound and page size stay literals in the text, as they always were.
 */
async function eachRow(db: Db, table: SQLiteTable, columns: string[], owner: SQL, join: SQL, visit: (owner: string | null, row: string) => void, afterPage: () => Promise<void>) {
  const values = sql.raw(columns.map((c) => `t.${quoteName(c)}`).join(', '));
  let after = -Infinity;
  for (;;) {
    const bound = sql.raw(String(after === -Infinity ? -1 : after));
    const page = await db.all<{ k: number; o: string | null; r: string }>(
      sql`SELECT t.rowid AS k, ${owner} AS o, json_array(${values}) AS r FROM ${table} t ${join} WHERE t.rowid > ${bound} ORDER BY t.rowid LIMIT ${sql.raw(String(PAGE))}`,
    );
    for (const { o, r } of page) visit(o, r);
    await afterPage();
    if (page.length < PAGE) return;
    after = Number(page.at(-1)!.k);
  }
}

/**
 * Writes the snapshot of a freshly seeded database for the given (seeded) lead providers.
 * Rows of other providers (made before the seed, e.g. by tests) are left out of the per-provider
 * part; the shared part holds every row.
 */
export async function writeSandboxSnapshot(db: Db, options: { seededAt: Date; scale: string | number; leadProviderIds: string[] }): Promise<void> {
  const providers = new Set(options.leadProviderIds);
  // Who trained each participant profile: the one provider owning every programme it has a
  // record in (a programme belongs to its partnership's provider; one without is nobody's).
  const profileOwner = new Map<string, string>();
  for (const r of await db.all<{ id: string; lo: string | null; hi: string | null; unowned: number }>(sql`
    SELECT ir.participant_profile_id AS id, min(p.lead_provider_id) AS lo, max(p.lead_provider_id) AS hi, count(*) - count(p.lead_provider_id) AS unowned
    FROM ${inductionRecords} ir LEFT JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id LEFT JOIN ${partnerships} p ON p.id = ip.partnership_id
    GROUP BY ir.participant_profile_id`)) {
    if (r.lo !== null && r.lo === r.hi && Number(r.unowned) === 0) profileOwner.set(r.id, r.lo);
  }
  // A user is a provider's when all their profiles are.
  const userOwner = new Map<string, string | null>();
  for (const p of await db.all<{ id: string; userId: string }>(sql`SELECT id, user_id AS userId FROM ${participantProfiles} ORDER BY rowid`)) {
    const owner = profileOwner.get(p.id) ?? null;
    userOwner.set(p.userId, userOwner.has(p.userId) && userOwner.get(p.userId) !== owner ? null : owner);
  }

  const writer = new ChunkWriter(db, options.seededAt, String(options.scale));
  const ownerOf: Record<(typeof PROVIDER_TABLES)[number], { owner: string; join?: SQL; via?: Map<string, string | null> }> = {
    statements: { owner: 't.lead_provider_id' },
    participant_declarations: { owner: 't.lead_provider_id' },
    declaration_states: { owner: 'd.lead_provider_id', join: sql`JOIN ${participantDeclarations} d ON d.id = t.participant_declaration_id` },
    statement_line_items: { owner: 's.lead_provider_id', join: sql`JOIN ${statements} s ON s.id = t.statement_id` },
    users: { owner: 't.id', via: userOwner },
    participant_identities: { owner: 't.user_id', via: userOwner },
    participant_id_changes: { owner: 't.user_id', via: userOwner },
    participant_profiles: { owner: 't.id', via: profileOwner },
    participant_eligibilities: { owner: 't.participant_profile_id', via: profileOwner },
    induction_records: { owner: 't.participant_profile_id', via: profileOwner },
    participant_profile_states: { owner: 't.participant_profile_id', via: profileOwner },
    participant_profile_schedules: { owner: 't.participant_profile_id', via: profileOwner },
  };
  for (const table of PROVIDER_TABLES) {
    const columns = columnNames(table);
    for (const leadProviderId of providers) writer.start({ leadProviderId, tableName: table, columns });
    const { owner, join = sql``, via } = ownerOf[table];
    await eachRow(db, tableNamed(table), columns, sql.raw(owner), join, (key, row) => {
      const lp = key === null ? null : via ? via.get(key) ?? null : key;
      if (lp !== null && providers.has(lp)) writer.add(lp, table, row);
    }, () => writer.flush());
  }
  for (const table of SHARED_TABLES) {
    const columns = columnNames(table);
    writer.start({ leadProviderId: SHARED, tableName: table, columns });
    await eachRow(db, tableNamed(table), columns, sql.raw('NULL'), sql``, (_, row) => writer.add(SHARED, table, row), () => writer.flush());
  }
  for (const [table, name] of [[users, SEEDED_IDS.users], [participantProfiles, SEEDED_IDS.participantProfiles]] as const) {
    writer.start({ leadProviderId: SHARED, tableName: name, columns: ['id'] });
    await eachRow(db, table, ['id'], sql.raw('NULL'), sql``, (_, row) => writer.add(SHARED, name, row), () => writer.flush());
  }
  await writer.finish();
}
