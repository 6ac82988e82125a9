import { asc, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { expression, readModel } from '../../../db/read-model';
import { participantIdChanges, providerEnrolments, users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { TrainingStatus } from '../../domain/training-status';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { readPage } from '../paging/page-seek';
import { participantUserFields, toParticipantRecords, type ParticipantRecord } from './participant-record';

export interface ParticipantFilters {
  /** null → the default (cohorts after 2020); for one participant, null → any cohort. */
  cohortYears: number[] | null;
  trainingStatus: TrainingStatus | null;
  updatedSince: Date | null;
  fromParticipantId: string | null;
}

/**
 * The training records `e` (provider_enrolments rows of the provider) that choose users: visible
 * (placed under an unchallenged partnership, validated by DfE) and matching the filters. Filters
 * choose users; each user's enrolments are then shown whole (all cohorts and statuses).
 * Every column read here is in provider_enrolments_list_idx.
 */
const e = alias(providerEnrolments, 'e');
/** The page's users' keys, as the subquery in listParticipants names them. */
const page = alias(providerEnrolments, 'page');

function enrolmentConditions(leadProviderId: string, filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  const conditions = [sql`${e.leadProviderId} = ${leadProviderId}`, sql`${e.validated} = 1`, sql`${e.inductionRecordId} IS NOT NULL`];
  if (filters.cohortYears !== null) conditions.push(inList(sql`${e.cohortStartYear}`, filters.cohortYears));
  else if (defaultCohorts) conditions.push(sql`${e.cohortStartYear} > 2020`);
  if (filters.trainingStatus) conditions.push(sql`${e.trainingStatus} = ${filters.trainingStatus}`);
  if (filters.updatedSince) conditions.push(sql`${e.userApiUpdatedAt} >= ${filters.updatedSince.getTime()}`);
  if (filters.fromParticipantId) {
    conditions.push(sql`${e.userId} IN (SELECT ${participantIdChanges.userId} FROM ${participantIdChanges} WHERE ${participantIdChanges.fromParticipantId} = ${filters.fromParticipantId})`);
  }
  return sql.join(conditions, sql` AND `);
}

const inList = (column: SQL, values: readonly number[]) =>
  values.length ? sql`${column} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`0 = 1`;

/** Whether user `users` is one the provider sees, with the filters (one participant's look-up). */
export function participantConditions(leadProviderId: string, filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  return sql`EXISTS (
    -- by user, never the provider's whole range (what SQLite picks without statistics)
    SELECT 1 FROM ${providerEnrolments} AS ${e} INDEXED BY provider_enrolments_user_idx
    WHERE ${e.userId} = ${users.id} AND ${enrolmentConditions(leadProviderId, filters, defaultCohorts)}
  )`;
}

const sortable = {
  created_at: users.createdAt,
  updated_at: users.apiUpdatedAt,
  full_name: users.fullName,
  id: users.id,
};

/** A page's users in the default order, with the key the page ends at (for the next page's seek). */
const pageUserModel = readModel({
  ...participantUserFields,
  sortCreatedAt: expression.number(sql`${page.userCreatedAt}`),
  sortUserId: expression.text(sql`${page.userId}`),
});

/**
 * A page of the provider's participants. In the default order (oldest first) the page is read
 * from provider_enrolments_list_idx alone, which is in that order: no sort, no row read, and the
 * rows skipped to reach a deep page are index entries (about 0.2 µs each, so 13 ms past 55,000
 * participants). Other orders sort the provider's matching users.
 */
export async function listParticipants(
  ctx: RequestContext,
  input: ParticipantFilters & { sort: string | undefined; page: Page },
): Promise<ParticipantRecord[]> {
  const lp = ctx.leadProvider.id;
  const order = parseSort(input.sort, sortable, [asc(users.createdAt)], users.id);
  const { perPage, offset } = input.page;
  if (!isDefaultSort(input.sort)) {
    // (a rare order, so drizzle's own typed select; the default order below is the hot path)
    const rows = await ctx.db.select(participantUserFields).from(users)
      .where(sql`${users.id} IN (SELECT ${e.userId} FROM ${providerEnrolments} AS ${e} WHERE ${enrolmentConditions(lp, input, true)})`)
      .orderBy(...order).limit(perPage).offset(offset);
    return toParticipantRecords(ctx.db, lp, rows);
  }
  // In the default order, deep pages seek from a remembered key (api/services/paging/page-seek.ts).
  const scope = JSON.stringify(['participants', lp, input.cohortYears, input.trainingStatus, input.updatedSince?.getTime() ?? null, input.fromParticipantId, perPage]);
  const rows = await readPage(ctx.db, scope, input.page, (position, limit) => pageUserModel.read(ctx.db, sql`
      SELECT ${pageUserModel.selectList} FROM (
        SELECT ${e.userId}, ${e.userCreatedAt} FROM ${providerEnrolments} AS ${e}
        WHERE ${enrolmentConditions(lp, input, true)}${'startAt' in position ? sql` AND (${e.userCreatedAt}, ${e.userId}) >= (${position.startAt[0]}, ${position.startAt[1]})` : sql``}
        GROUP BY ${e.userCreatedAt}, ${e.userId}
        ORDER BY ${e.userCreatedAt}, ${e.userId}
        LIMIT ${limit} OFFSET ${'offset' in position ? position.offset : 0}
      ) AS ${page}
      JOIN ${users} ON ${users.id} = ${page.userId}`, ['sortCreatedAt', 'sortUserId']), (row) => [row.sortCreatedAt, row.id]);
  return toParticipantRecords(ctx.db, lp, rows);
}

/** No sort, or one that names only created_at ascending (the id always breaks ties). */
function isDefaultSort(sort: string | undefined): boolean {
  const fields = (sort ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const known = fields.filter((f) => Object.hasOwn(sortable, f.replace(/^[-+]/, '')));
  const ascending = known.map((f) => f.replace(/^\+/, ''));
  return ascending.length === 0 || (ascending[0] === 'created_at' && (ascending.length === 1 || (ascending.length === 2 && ascending[1] === 'id')));
}
