import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  declarationStates, inductionProgrammes, inductionRecords, participantDeclarations, participantEligibilities, participantIdChanges,
  participantIdentities, participantProfileSchedules, participantProfileStates, participantProfiles, partnerships,
  replacedPartnershipReports, schoolCohorts, statementLineItems, statements, users,
} from '../../../db/schema';
import { rowsAffected, type Db } from '../../../db/client';
import { uuidFromName } from '../../../db/ids';
import { SEEDED_LEAD_PROVIDER_NAMES } from '../../../db/seed/sandbox/lead-provider-names';
import type { RequestContext } from '../../context';
import { ApiError, DomainError } from '../../errors/api-error';
import { sandboxMessages as m } from './messages';
import { findSeedSnapshot, restoreSeededRows, seededIds, seededRows, type SeedScale, type SeedSnapshot } from './seed-snapshot';
import { movingDataVersion } from '../paging/page-seek';
import { runBatch, type BatchStatement } from '../../../db/batch';

// POST /api/sandbox/reset: the caller's data back to what the seed gave it, in one batch.
//
// From what: the snapshot the seed kept of what it wrote (sandbox_snapshots, see
// db/seed/snapshot/layout.ts), never a new generation and never the request's `now`: the rows
// come back as seeded, with the seeded ids and dates, which fit the other providers' rows that a
// reset leaves alone. Which rows were seeded and which were added since is what the snapshot
// holds, nothing else (no id pattern). A database without one (seeded before it existed) cannot
// be reset: seed it again.
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
type Statement = BatchStatement;

const json = (values: readonly unknown[]) => JSON.stringify(values);
const ids = (values: Iterable<string>) => sql`(SELECT value FROM json_each(${json([...values])}))`;

export interface ResetResult {
  seededAt: Date;
  scale: SeedScale;
  /** Rows written back or deleted (0 when the data was already in its seeded state). */
  rowsChanged: number;
}

const seededProviderIds = new Set(SEEDED_LEAD_PROVIDER_NAMES.map((name) => uuidFromName(`lead-provider:${name}`)));

export async function sandboxReset(ctx: RequestContext): Promise<ResetResult> {
  const { db } = ctx;
  const lpId = ctx.leadProvider.id;
  const found = await findSeedSnapshot(db, lpId);
  if (!found.found) {
    // One of the seed's providers in a database whose seed kept no (whole) snapshot: say what to do.
    const seededBefore = seededProviderIds.has(lpId) && (found.why === 'incomplete' || !found.databaseHasSnapshot);
    throw new DomainError([{ title: 'lead_provider', detail: seededBefore ? m.resetNoSnapshot : m.resetNotSeeded }]);
  }
  const { snapshot } = found;
  const statementsToRun = await resetStatements(db, snapshot);
  let results: readonly unknown[];
  try {
    // Rows deleted here announce nothing in the change feed: deep pages must not seek past them.
    const versionMoves = movingDataVersion(db, lpId, ctx.now);
    results = (await runBatch(db, [...statementsToRun, ...versionMoves])).slice(0, statementsToRun.length);
  } catch (err) {
    // Another provider's rows now depend on a row the reset would remove or give back (e.g. it
    // declared for a participant the caller moved to its school): nothing was written.
    if (/constraint/i.test(String((err as { message?: unknown }).message ?? '')) || /constraint/i.test(String((err as { cause?: { message?: unknown } }).cause?.message ?? ''))) {
      throw new ApiError('conflict', [{ title: 'base', detail: m.resetConflict }]);
    }
    throw err;
  }
  return { seededAt: snapshot.seededAt, scale: snapshot.scale, rowsChanged: results.reduce<number>((sum, r) => sum + rowsAffected(r), 0) };
}

const del = (db: Db, table: SQLiteTable, where: SQL): Statement => db.run(sql`DELETE FROM ${table} WHERE ${where}`);

async function resetStatements(db: Db, snapshot: SeedSnapshot): Promise<Statement[]> {
  const lpId = snapshot.leadProviderId;
  // Seeded (from the snapshot) and current: the partnerships, school cohorts and programmes of
  // every provider, a few columns each, to find the schools where only the caller works.
  const seeded = {
    partnerships: await seededRows(db, snapshot, partnerships, ['id', 'school_id', 'cohort_id', 'lead_provider_id']),
    schoolCohorts: await seededRows(db, snapshot, schoolCohorts, ['id', 'school_id', 'cohort_id']),
    programmes: await seededRows(db, snapshot, inductionProgrammes, ['id', 'school_cohort_id', 'partnership_id']),
  };
  const current = {
    partnerships: await db.all<Row>(sql`SELECT id, school_id, cohort_id, lead_provider_id FROM ${partnerships}`),
    schoolCohorts: await db.all<Row>(sql`SELECT id, school_id, cohort_id FROM ${schoolCohorts}`),
    programmes: await db.all<Row>(sql`SELECT id, school_cohort_id, partnership_id FROM ${inductionProgrammes}`),
  };

  // Schools (per cohort) where only the caller has, or had at seeding, partnerships.
  const key = (r: Row) => `${String(r.school_id)}:${String(r.cohort_id)}`;
  const mine = new Set<string>();
  const others = new Set<string>();
  for (const p of [...seeded.partnerships, ...current.partnerships]) (p.lead_provider_id === lpId ? mine : others).add(key(p));
  const myPartnerships = new Set([...seeded.partnerships, ...current.partnerships].filter((p) => p.lead_provider_id === lpId).map((p) => String(p.id)));
  const inScope = (sc: Row) => mine.has(key(sc)) && !others.has(key(sc));
  const scopeSchoolCohorts = new Set([...seeded.schoolCohorts, ...current.schoolCohorts].filter(inScope).map((sc) => String(sc.id)));
  const programmeInScope = (p: Row) => scopeSchoolCohorts.has(String(p.school_cohort_id)) || myPartnerships.has(String(p.partnership_id));
  const scopeProgrammes = new Set([...seeded.programmes, ...current.programmes].filter(programmeInScope).map((p) => String(p.id)));
  const seedPartnerships = seeded.partnerships.filter((p) => p.lead_provider_id === lpId).map((p) => String(p.id));
  const seedSchoolCohorts = seeded.schoolCohorts.filter((sc) => scopeSchoolCohorts.has(String(sc.id))).map((sc) => String(sc.id));
  const seedProgrammes = seeded.programmes.filter((p) => scopeProgrammes.has(String(p.id))).map((p) => String(p.id));

  // Participants: those only the caller trained at seeding (the snapshot's), and those
  // registered since (no seeded profile has their id) whose first record is in its programmes.
  const added = (await db.all<{ id: string; userId: string; programmeId: string }>(sql`
    SELECT pp.id, pp.user_id AS userId, (SELECT ir.induction_programme_id FROM ${inductionRecords} ir WHERE ir.participant_profile_id = pp.id
      ORDER BY ir.created_at, ir.id LIMIT 1) AS programmeId
    FROM ${participantProfiles} pp WHERE pp.id NOT IN ${seededIds(snapshot, 'all participant profiles')}`))
    .filter((p) => scopeProgrammes.has(String(p.programmeId)));
  const addedProfiles = new Set(added.map((p) => p.id));
  // Users registered with them, unless seeded, or still someone else's too.
  const candidates = [...new Set(added.map((p) => p.userId))];
  const addedUsers = candidates.length === 0 ? [] : (await db.all<{ id: string }>(sql`
    SELECT value AS id FROM json_each(${json(candidates)}) WHERE value NOT IN ${seededIds(snapshot, 'all users')}
      AND value NOT IN (SELECT user_id FROM ${participantProfiles} WHERE user_id IN ${ids(candidates)} AND id NOT IN ${ids(addedProfiles)})`)).map((u) => u.id);

  const seedProfiles = seededIds(snapshot, participantProfiles);
  const allProfiles = sql`(participant_profile_id IN ${seedProfiles} OR participant_profile_id IN ${ids(addedProfiles)})`;
  const allUsers = sql`(user_id IN ${seededIds(snapshot, users)} OR user_id IN ${ids(addedUsers)})`;
  const myStatements = sql`(SELECT id FROM ${statements} WHERE lead_provider_id = ${lpId})`;
  const restore = (table: SQLiteTable, where?: Parameters<typeof restoreSeededRows>[3]) => restoreSeededRows(db, snapshot, table, where);

  return [
    // Rows added since seeding, children first.
    del(db, declarationStates, sql`participant_declaration_id IN (SELECT id FROM ${participantDeclarations} WHERE lead_provider_id = ${lpId}) AND id NOT IN ${seededIds(snapshot, declarationStates)}`),
    del(db, statementLineItems, sql`statement_id IN ${myStatements} AND id NOT IN ${seededIds(snapshot, statementLineItems)}`),
    del(db, participantDeclarations, sql`lead_provider_id = ${lpId} AND id NOT IN ${seededIds(snapshot, participantDeclarations)}`),
    del(db, participantEligibilities, sql`${allProfiles} AND id NOT IN ${seededIds(snapshot, participantEligibilities)}`),
    del(db, inductionRecords, sql`${allProfiles} AND id NOT IN ${seededIds(snapshot, inductionRecords)}`),
    del(db, participantProfileStates, sql`${allProfiles} AND id NOT IN ${seededIds(snapshot, participantProfileStates)}`),
    del(db, participantProfileSchedules, sql`${allProfiles} AND id NOT IN ${seededIds(snapshot, participantProfileSchedules)}`),
    del(db, participantProfiles, sql`id IN ${ids(addedProfiles)}`),
    del(db, participantIdChanges, sql`${allUsers} AND id NOT IN ${seededIds(snapshot, participantIdChanges)}`),
    del(db, participantIdentities, sql`${allUsers} AND id NOT IN ${seededIds(snapshot, participantIdentities)}`),
    // Seeded rows back, parents first; then what was added to schools, once nothing points to it.
    restore(users),
    del(db, users, sql`id IN ${ids(addedUsers)}`),
    restore(participantIdentities),
    restore(partnerships, (at) => sql`${at('lead_provider_id')} = ${lpId}`),
    restore(schoolCohorts, (at) => sql`${at('id')} IN ${ids(seedSchoolCohorts)}`),
    restore(inductionProgrammes, (at) => sql`${at('id')} IN ${ids(seedProgrammes)}`),
    del(db, inductionProgrammes, sql`id IN ${ids(scopeProgrammes)} AND id NOT IN ${ids(seedProgrammes)}`),
    // Seeded partnerships get their seeded report ids back: no link of theirs was replaced.
    db.run(sql`DELETE FROM ${replacedPartnershipReports} WHERE partnership_id IN (SELECT id FROM ${partnerships} WHERE lead_provider_id = ${lpId})`),
    del(db, partnerships, sql`lead_provider_id = ${lpId} AND id NOT IN ${ids(seedPartnerships)}`),
    del(db, schoolCohorts, sql`id IN ${ids(scopeSchoolCohorts)} AND id NOT IN ${ids(seedSchoolCohorts)}`),
    restore(participantProfiles),
    restore(participantEligibilities),
    restore(inductionRecords),
    restore(participantProfileStates),
    restore(participantProfileSchedules),
    restore(participantIdChanges),
    restore(statements),
    restore(participantDeclarations),
    restore(declarationStates),
    restore(statementLineItems),
    // Triggers on the rows above raise the participants' api_updated_at: put back the seeded values.
    restore(users),
  ];
}
