import { getTableColumns, getTableName, sql, type Column, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { rowsAffected, type Db } from '../../../db/client';
import {
  declarationStates, inductionProgrammes, inductionRecords, participantDeclarations, participantEligibilities, participantIdChanges,
  participantIdentities, participantProfiles, participantProfileSchedules, participantProfileStates, partnerships, schoolCohorts,
  statementLineItems, statements, users,
} from '../../../db/schema';
import { NAMED_SCALES, regenerateSandbox, scaleProbe, seededLeadProviderIds, type CapturedRows, type SeedScale } from '../../../db/seed/sandbox';
import type { RequestContext } from '../../context';
import { ApiError, DomainError } from '../../errors/api-error';
import { sandboxMessages as m } from './messages';

// POST /api/sandbox/reset: the caller's data back to what the seed gave it, in one batch.
//
// Which `now`: the original seed's, never the request's. The data set is one deterministic
// generation over every provider (shared schools, participants who moved between providers,
// relationship partnerships, one random stream): only the `now` it was made with gives back the
// same ids, names and dates, and so rows that fit the other providers' rows, which a reset must
// leave alone. It is read back from the provider's statements (written with created_at = now);
// the scale is found by checking which seeded training-record ids exist (see findScale). No seed
// parameters need storing.
//
// What is the caller's (restored: seeded rows written back where they differ, rows added since
// deleted): its statements, partnerships (relationships too), declarations with their states and
// statement lines; the school cohorts and programmes of schools where only it has (or had)
// partnerships; and the participants only it trains (every training record in its programmes),
// or that were registered at its schools after seeding, with their users, identities,
// eligibility, training records, status history, schedule changes and id changes. Left alone:
// other providers' rows, rows it shares with them (a participant who moved between it and another
// provider, a school another provider also works with in that cohort), schools and delivery
// partners, API tokens, web-service users and sessions, and the email outbox.
//
// A row whose seeded values equal its current ones is not written at all: no trigger fires, so a
// reset moves nothing another provider sees, and a second reset writes nothing.

type Row = Record<string, unknown>;
type Statement = Parameters<Db['batch']>[0][number];
type AnyTable = SQLiteTable;

const json = (values: readonly unknown[]) => JSON.stringify(values);
const ids = (values: Iterable<string>) => sql`(SELECT value FROM json_each(${json([...values])}))`;
/** Rows per upsert statement (one JSON parameter each: D1 takes at most 100 per statement). */
const ROWS_PER_STATEMENT = 500;

export interface ResetResult {
  seededAt: Date;
  scale: SeedScale;
  /** Rows written back or deleted (0 when the data was already in its seeded state). */
  rowsChanged: number;
}

export async function sandboxReset(ctx: RequestContext): Promise<ResetResult> {
  const { db } = ctx;
  const lpId = ctx.leadProvider.id;
  if (!seededLeadProviderIds().some((lp) => lp.id === lpId)) throw new DomainError([{ title: 'lead_provider', detail: m.resetNotSeeded }]);
  const [first] = await db.all<{ at: number | null }>(sql`SELECT min(created_at) AS at FROM statements WHERE lead_provider_id = ${lpId}`);
  if (first?.at == null) throw new DomainError([{ title: 'lead_provider', detail: m.resetNotSeeded }]);
  const now = new Date(Number(first.at));
  const scale = await findScale(db, now, lpId);
  if (scale === null) throw new DomainError([{ title: 'lead_provider', detail: m.resetNotSeeded }]);

  const seed = await regenerateSandbox(db, { now, scale, leadProviderId: lpId });
  const statementsToRun = await resetStatements(db, lpId, seed);
  let results: readonly unknown[];
  try {
    results = await db.batch(statementsToRun as unknown as Parameters<Db['batch']>[0]);
  } catch (err) {
    // Another provider's rows now depend on a row the reset would remove or give back (e.g. it
    // declared for a participant the caller moved to its school): nothing was written.
    if (/constraint/i.test(String((err as { message?: unknown }).message ?? '')) || /constraint/i.test(String((err as { cause?: { message?: unknown } }).cause?.message ?? ''))) {
      throw new ApiError('conflict', [{ title: 'base', detail: m.resetConflict }]);
    }
    throw err;
  }
  return { seededAt: now, scale, rowsChanged: results.reduce<number>((sum, r) => sum + rowsAffected(r), 0) };
}

/**
 * The scale the database was seeded with. Training records are never deleted, and a regular
 * participant's record id names its school and its number there: at the right scale all the
 * provider's expected ids exist and none of the next ones does. Named scales first, then
 * numbers near an estimate from the number of seeded records.
 */
async function findScale(db: Db, now: Date, lpId: string): Promise<SeedScale | null> {
  const [count] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM participant_profiles WHERE substr(id, 15, 1) = '5'`);
  const estimate = Math.max(1, Math.round((Number(count?.n ?? 0) / 7 - 90) / 5));
  const numbers = Array.from({ length: 400 }, (_, i) => i + 1).sort((a, b) => Math.abs(a - estimate) - Math.abs(b - estimate) || a - b);
  for (const scale of [...NAMED_SCALES, ...numbers]) {
    const probe = await scaleProbe(db, { now, scale, leadProviderId: lpId });
    if (probe.present.length === 0) continue;
    const [found] = await db.all<{ present: number; absent: number }>(sql`
      SELECT (SELECT count(*) FROM participant_profiles WHERE id IN ${ids(probe.present)}) AS present,
             (SELECT count(*) FROM participant_profiles WHERE id IN ${ids(probe.absent)}) AS absent`);
    if (Number(found?.present) === probe.present.length && Number(found?.absent) === 0) return scale;
  }
  return null;
}

/** Seeded rows of one table as objects keyed by property name, with driver values. */
function rowsOf(seed: CapturedRows, table: AnyTable): Row[] {
  const { rows, index } = seed.get(table as never);
  const keys = Object.keys(index);
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[index[k]!]])));
}

/**
 * Writes seeded rows back: missing ones inserted, differing ones updated in place (same rowid),
 * equal ones untouched. One JSON parameter per statement.
 */
function upsert(db: Db, table: AnyTable, rows: Row[]): Statement[] {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const name = getTableName(table);
  const cols = columns.map(([, c]) => `"${c.name}"`);
  const select = columns.map((_, i) => `value->>${i}`).join(', ');
  const others = columns.filter(([, c]) => c.name !== 'id').map(([, c]) => `"${c.name}"`);
  const text = `INSERT INTO "${name}" (${cols.join(', ')}) SELECT ${select} FROM json_each(?) WHERE true
    ON CONFLICT ("id") DO UPDATE SET ${others.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE (${others.map((c) => `"${name}".${c}`).join(', ')}) IS NOT (${others.map((c) => `excluded.${c}`).join(', ')})`;
  const [before, after] = text.split('json_each(?)') as [string, string];
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => columns.map(([key]) => r[key] ?? null));
    out.push(db.run(sql.join([sql.raw(`${before}json_each(`), sql`${json(chunk)}`, sql.raw(`)${after}`)])) as unknown as Statement);
  }
  return out;
}

const del = (db: Db, table: AnyTable, where: SQL): Statement => db.run(sql`DELETE FROM ${table} WHERE ${where}`) as unknown as Statement;

async function resetStatements(db: Db, lpId: string, seed: CapturedRows): Promise<Statement[]> {
  const seeded = {
    partnerships: rowsOf(seed, partnerships), schoolCohorts: rowsOf(seed, schoolCohorts), programmes: rowsOf(seed, inductionProgrammes),
    users: rowsOf(seed, users), identities: rowsOf(seed, participantIdentities), profiles: rowsOf(seed, participantProfiles),
    eligibilities: rowsOf(seed, participantEligibilities), records: rowsOf(seed, inductionRecords), states: rowsOf(seed, participantProfileStates),
    schedules: rowsOf(seed, participantProfileSchedules), idChanges: rowsOf(seed, participantIdChanges),
    statements: rowsOf(seed, statements).filter((s) => s.leadProviderId === lpId),
    declarations: rowsOf(seed, participantDeclarations), declarationStates: rowsOf(seed, declarationStates), lineItems: rowsOf(seed, statementLineItems),
  };

  // Schools (per cohort) where only the caller has, or had at seeding, partnerships.
  const current = {
    partnerships: await db.all<Row>(sql`SELECT id, school_id AS schoolId, cohort_id AS cohortId, lead_provider_id AS leadProviderId FROM partnerships`),
    schoolCohorts: await db.all<Row>(sql`SELECT id, school_id AS schoolId, cohort_id AS cohortId FROM school_cohorts`),
    programmes: await db.all<Row>(sql`SELECT id, school_cohort_id AS schoolCohortId, partnership_id AS partnershipId FROM induction_programmes`),
  };
  const key = (r: Row) => `${String(r.schoolId)}:${String(r.cohortId)}`;
  const mine = new Set<string>();
  const others = new Set<string>();
  for (const p of [...seeded.partnerships, ...current.partnerships]) (p.leadProviderId === lpId ? mine : others).add(key(p));
  const myPartnerships = new Set([...seeded.partnerships, ...current.partnerships].filter((p) => p.leadProviderId === lpId).map((p) => String(p.id)));
  const inScope = (sc: Row) => mine.has(key(sc)) && !others.has(key(sc));
  const scopeSchoolCohorts = new Set([...seeded.schoolCohorts, ...current.schoolCohorts].filter(inScope).map((sc) => String(sc.id)));
  const programmeInScope = (p: Row) => scopeSchoolCohorts.has(String(p.schoolCohortId)) || myPartnerships.has(String(p.partnershipId));
  const scopeProgrammes = new Set([...seeded.programmes, ...current.programmes].filter(programmeInScope).map((p) => String(p.id)));

  // Participants only the caller trained at seeding: every record in one of its programmes.
  const programmeOwner = new Map<string, unknown>();
  const partnershipOwner = new Map(seeded.partnerships.map((p) => [String(p.id), p.leadProviderId]));
  for (const p of seeded.programmes) programmeOwner.set(String(p.id), p.partnershipId ? partnershipOwner.get(String(p.partnershipId)) : null);
  const owners = new Map<string, Set<unknown>>();
  for (const r of seeded.records) {
    const id = String(r.participantProfileId);
    if (!owners.has(id)) owners.set(id, new Set());
    owners.get(id)!.add(programmeOwner.get(String(r.inductionProgrammeId)));
  }
  const seededProfileIds = new Set(seeded.profiles.map((p) => String(p.id)));
  const scopeProfiles = new Set([...owners].filter(([, o]) => o.size === 1 && o.has(lpId)).map(([id]) => id));
  // Registered since seeding at one of its schools (their first record is in its programme).
  const added = (await db.all<{ id: string; userId: string; programmeId: string }>(sql`
    SELECT pp.id, pp.user_id AS userId, (SELECT ir.induction_programme_id FROM induction_records ir WHERE ir.participant_profile_id = pp.id
      ORDER BY ir.created_at, ir.id LIMIT 1) AS programmeId
    FROM participant_profiles pp WHERE substr(pp.id, 15, 1) <> '5'`))
    .filter((p) => !seededProfileIds.has(p.id) && scopeProgrammes.has(String(p.programmeId)));
  const addedProfiles = new Set(added.map((p) => p.id));
  for (const id of addedProfiles) scopeProfiles.add(id);

  // Users: those whose every seeded profile is in scope; and those registered with one.
  const profilesByUser = new Map<string, string[]>();
  for (const p of seeded.profiles) {
    const list = profilesByUser.get(String(p.userId)) ?? [];
    list.push(String(p.id));
    profilesByUser.set(String(p.userId), list);
  }
  const scopeUsers = new Set([...profilesByUser].filter(([, list]) => list.every((id) => scopeProfiles.has(id))).map(([id]) => id));
  const seededUserIds = new Set(seeded.users.map((u) => String(u.id)));
  const addedUserIds = [...new Set(added.map((p) => p.userId))].filter((id) => !seededUserIds.has(id));
  const stillUsed = addedUserIds.length === 0 ? [] : await db.all<{ userId: string }>(sql`
    SELECT DISTINCT user_id AS userId FROM participant_profiles WHERE user_id IN ${ids(addedUserIds)} AND id NOT IN ${ids(addedProfiles)}`);
  const addedUsers = addedUserIds.filter((id) => !stillUsed.some((u) => u.userId === id));
  const allUsers = [...scopeUsers, ...addedUsers];
  const allProfiles = [...scopeProfiles];

  const pick = <T extends Row>(rows: T[], test: (r: T) => boolean) => rows.filter(test);
  const byProfile = (r: Row) => scopeProfiles.has(String(r.participantProfileId));
  const seedUsers = pick(seeded.users, (u) => scopeUsers.has(String(u.id)));
  const seedIdentities = pick(seeded.identities, (i) => scopeUsers.has(String(i.userId)));
  const seedIdChanges = pick(seeded.idChanges, (i) => scopeUsers.has(String(i.userId)));
  const seedProfiles = pick(seeded.profiles, (p) => scopeProfiles.has(String(p.id)));
  const seedEligibilities = pick(seeded.eligibilities, byProfile);
  const seedRecords = pick(seeded.records, byProfile);
  const seedStates = pick(seeded.states, byProfile);
  const seedSchedules = pick(seeded.schedules, byProfile);
  const seedPartnerships = pick(seeded.partnerships, (p) => p.leadProviderId === lpId);
  const seedSchoolCohorts = pick(seeded.schoolCohorts, (sc) => scopeSchoolCohorts.has(String(sc.id)));
  const seedProgrammes = pick(seeded.programmes, (p) => scopeProgrammes.has(String(p.id)));
  const idsOf = (rows: Row[]) => ids(rows.map((r) => String(r.id)));
  const myStatements = sql`(SELECT id FROM statements WHERE lead_provider_id = ${lpId})`;

  return [
    // Rows added since seeding, children first.
    del(db, declarationStates, sql`participant_declaration_id IN (SELECT id FROM participant_declarations WHERE lead_provider_id = ${lpId}) AND id NOT IN ${idsOf(seeded.declarationStates)}`),
    del(db, statementLineItems, sql`statement_id IN ${myStatements} AND id NOT IN ${idsOf(seeded.lineItems)}`),
    del(db, participantDeclarations, sql`lead_provider_id = ${lpId} AND id NOT IN ${idsOf(seeded.declarations)}`),
    del(db, participantEligibilities, sql`participant_profile_id IN ${ids(allProfiles)} AND id NOT IN ${idsOf(seedEligibilities)}`),
    del(db, inductionRecords, sql`participant_profile_id IN ${ids(allProfiles)} AND id NOT IN ${idsOf(seedRecords)}`),
    del(db, participantProfileStates, sql`participant_profile_id IN ${ids(allProfiles)} AND id NOT IN ${idsOf(seedStates)}`),
    del(db, participantProfileSchedules, sql`participant_profile_id IN ${ids(allProfiles)} AND id NOT IN ${idsOf(seedSchedules)}`),
    del(db, participantProfiles, sql`id IN ${ids(addedProfiles)}`),
    del(db, participantIdChanges, sql`user_id IN ${ids(allUsers)} AND id NOT IN ${idsOf(seedIdChanges)}`),
    del(db, participantIdentities, sql`user_id IN ${ids(allUsers)} AND id NOT IN ${idsOf(seedIdentities)}`),
    // Seeded rows back, parents first; then what was added to schools, once nothing points to it.
    ...upsert(db, users, seedUsers),
    del(db, users, sql`id IN ${ids(addedUsers)}`),
    ...upsert(db, participantIdentities, seedIdentities),
    ...upsert(db, partnerships, seedPartnerships),
    ...upsert(db, schoolCohorts, seedSchoolCohorts),
    ...upsert(db, inductionProgrammes, seedProgrammes),
    del(db, inductionProgrammes, sql`id IN ${ids(scopeProgrammes)} AND id NOT IN ${idsOf(seedProgrammes)}`),
    // Seeded partnerships get their seeded report ids back: no link of theirs was replaced.
    db.run(sql`DELETE FROM replaced_partnership_reports WHERE partnership_id IN (SELECT id FROM partnerships WHERE lead_provider_id = ${lpId})`) as unknown as Statement,
    del(db, partnerships, sql`lead_provider_id = ${lpId} AND id NOT IN ${idsOf(seedPartnerships)}`),
    del(db, schoolCohorts, sql`id IN ${ids(scopeSchoolCohorts)} AND id NOT IN ${idsOf(seedSchoolCohorts)}`),
    ...upsert(db, participantProfiles, seedProfiles),
    ...upsert(db, participantEligibilities, seedEligibilities),
    ...upsert(db, inductionRecords, seedRecords),
    ...upsert(db, participantProfileStates, seedStates),
    ...upsert(db, participantProfileSchedules, seedSchedules),
    ...upsert(db, participantIdChanges, seedIdChanges),
    ...upsert(db, statements, seeded.statements),
    ...upsert(db, participantDeclarations, seeded.declarations),
    ...upsert(db, declarationStates, seeded.declarationStates),
    ...upsert(db, statementLineItems, seeded.lineItems),
    // Triggers on the rows above raise the participants' api_updated_at: put back the seeded values.
    ...upsert(db, users, seedUsers),
  ];
}
