import { asc, sql, type SQL } from 'drizzle-orm';
import { participantIdChanges, providerEnrolments, users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { TrainingStatus } from '../../domain/training-status';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { readPage } from '../paging/page-seek';
import { toParticipantRecords, type ParticipantRecord, type UserRow } from './participant-record';

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
function enrolmentConditions(leadProviderId: string, filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  const conditions = [sql`e.lead_provider_id = ${leadProviderId}`, sql`e.validated = 1`, sql`e.induction_record_id IS NOT NULL`];
  if (filters.cohortYears !== null) conditions.push(inList(sql`e.cohort_start_year`, filters.cohortYears));
  else if (defaultCohorts) conditions.push(sql`e.cohort_start_year > 2020`);
  if (filters.trainingStatus) conditions.push(sql`e.training_status = ${filters.trainingStatus}`);
  if (filters.updatedSince) conditions.push(sql`e.user_api_updated_at >= ${filters.updatedSince.getTime()}`);
  if (filters.fromParticipantId) {
    conditions.push(sql`e.user_id IN (SELECT user_id FROM ${participantIdChanges} WHERE from_participant_id = ${filters.fromParticipantId})`);
  }
  return sql.join(conditions, sql` AND `);
}

const inList = (column: SQL, values: readonly number[]) =>
  values.length ? sql`${column} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`0 = 1`;

/** Whether user `users` is one the provider sees, with the filters (one participant's look-up). */
export function participantConditions(leadProviderId: string, filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  return sql`EXISTS (
    -- by user, never the provider's whole range (what SQLite picks without statistics)
    SELECT 1 FROM ${providerEnrolments} e INDEXED BY provider_enrolments_user_idx
    WHERE e.user_id = ${users.id} AND ${enrolmentConditions(leadProviderId, filters, defaultCohorts)}
  )`;
}

const sortable = {
  created_at: users.createdAt,
  updated_at: users.apiUpdatedAt,
  full_name: users.fullName,
  id: users.id,
};

const userColumns = sql`${users.id}, ${users.fullName}, ${users.trn}, ${users.apiUpdatedAt}`;

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
    const page = await ctx.db.all<UserRow>(sql`
      SELECT ${userColumns} FROM ${users}
      WHERE ${users.id} IN (SELECT e.user_id FROM ${providerEnrolments} e WHERE ${enrolmentConditions(lp, input, true)})
      ORDER BY ${sql.join(order, sql`, `)}
      LIMIT ${perPage} OFFSET ${offset}`);
    return toParticipantRecords(ctx.db, lp, page);
  }
  // In the default order, deep pages seek from a remembered key (api/services/paging/page-seek.ts).
  const scope = JSON.stringify(['participants', lp, input.cohortYears, input.trainingStatus, input.updatedSince?.getTime() ?? null, input.fromParticipantId, perPage]);
  const page = await readPage(ctx.db, scope, input.page, (position, limit) => ctx.db.all<UserRow & { sort_created_at: number }>(sql`
      SELECT ${userColumns}, page.user_created_at AS sort_created_at FROM (
        SELECT e.user_id, e.user_created_at FROM ${providerEnrolments} e
        WHERE ${enrolmentConditions(lp, input, true)}${'startAt' in position ? sql` AND (e.user_created_at, e.user_id) >= (${position.startAt[0]}, ${position.startAt[1]})` : sql``}
        GROUP BY e.user_created_at, e.user_id
        ORDER BY e.user_created_at, e.user_id
        LIMIT ${limit} OFFSET ${'offset' in position ? position.offset : 0}
      ) AS page
      JOIN ${users} ON ${users.id} = page.user_id
      ORDER BY page.user_created_at, page.user_id`), (row) => [Number(row.sort_created_at), row.id]);
  return toParticipantRecords(ctx.db, lp, page);
}

/** No sort, or one that names only created_at ascending (the id always breaks ties). */
function isDefaultSort(sort: string | undefined): boolean {
  const fields = (sort ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const known = fields.filter((f) => Object.hasOwn(sortable, f.replace(/^[-+]/, '')));
  const ascending = known.map((f) => f.replace(/^\+/, ''));
  return ascending.length === 0 || (ascending[0] === 'created_at' && (ascending.length === 1 || (ascending.length === 2 && ascending[1] === 'id')));
}
