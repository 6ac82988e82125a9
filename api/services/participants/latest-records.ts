import { getTableName, sql, type SQL } from 'drizzle-orm';
import { alias, type BuildAliasTable, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { latestOrder } from '../../../db/derived/provider-enrolments';
import { inductionProgrammes, inductionRecords, participantEligibilities, participantProfiles, partnerships, providerEnrolments } from '../../../db/schema';

/** A table, or any alias of it (`alias(inductionRecords, 'cur')`). */
export type TableOrAlias<T extends SQLiteTable> = T | BuildAliasTable<T, string>;

/**
 * The latest-record order for an induction_records alias (`alias(inductionRecords, 'cur')`): the
 * triggers' own text (db/derived/provider-enrolments.ts), so the two cannot drift.
 */
export const latestRecordOrderOf = (records: TableOrAlias<typeof inductionRecords>) => sql.raw(latestOrder(getTableName(records)));

const e = alias(providerEnrolments, 'e');
const ir = alias(inductionRecords, 'ir');
const ip = alias(inductionProgrammes, 'ip');
const p = alias(partnerships, 'p');

/** What `latest` can carry, per column: the column it is read from. */
const latestSources = {
  recordId: ir.id,
  profileId: ir.participantProfileId,
  scheduleId: ir.scheduleId,
  mentorProfileId: ir.mentorProfileId,
  preferredIdentityId: ir.preferredIdentityId,
  inductionStatus: ir.inductionStatus,
  trainingStatus: ir.trainingStatus,
  startDate: ir.startDate,
  endDate: ir.endDate,
  schoolCohortId: ip.schoolCohortId,
  deliveryPartnerId: p.deliveryPartnerId,
};
type LatestColumn = keyof typeof latestSources;

/**
 * The columns of the `latest` CTE, for the query it is part of (`${latest.recordId}`). They are
 * named after the fields (`latest."recordId"`), so the CTE and its readers share one list.
 */
export const latest = Object.fromEntries(
  Object.keys(latestSources).map((name) => [name, sql`latest.${sql.identifier(name)}`]),
) as { [K in LatestColumn]: SQL };

/**
 * Which participants a provider sees, and where: for each training record (profile), the latest
 * induction record placed under one of the provider's unchallenged partnerships — open records
 * first, then the latest start, then the latest created (`latestRecordOrderOf`). A participant who
 * moved to another provider stays visible through their last record here (typically leaving or
 * left).
 *
 * That choice is kept per provider and profile in provider_enrolments by triggers
 * (db/derived/provider-enrolments.ts). Used as a CTE named `latest` with one row per visible
 * profile (its columns: `latest`); plain joins, so SQLite folds it into the query and applies the
 * query's own filters before reading anything. It is always narrowed to `users` (an SQL list or
 * subquery of user ids), read by user: without table statistics SQLite would otherwise walk the
 * provider's whole range to find one participant.
 */
export function latestRecordsCte(leadProviderId: string, users: SQL): SQL {
  const selected = sql.join(Object.entries(latestSources).map(([name, column]) => sql`${column} AS ${sql.identifier(name)}`), sql`, `);
  return sql`latest AS (
    SELECT ${selected}
    FROM ${providerEnrolments} AS ${e} INDEXED BY provider_enrolments_user_idx
    JOIN ${inductionRecords} AS ${ir} ON ${ir.id} = ${e.inductionRecordId}
    JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
    JOIN ${partnerships} AS ${p} ON ${p.id} = ${ip.partnershipId}
    WHERE ${e.leadProviderId} = ${leadProviderId}
      AND ${e.userId} IN ${users}
  )`;
}

const pe = alias(participantEligibilities, 'pe');

/**
 * DfE shows providers only participants whose details it has validated (an eligibility result
 * exists); `profiles` is the query's participant_profiles alias.
 */
export const validatedProfileOf = (profiles: TableOrAlias<typeof participantProfiles>): SQL =>
  sql`EXISTS (SELECT 1 FROM ${participantEligibilities} AS ${pe} WHERE ${pe.participantProfileId} = ${profiles.id})`;
