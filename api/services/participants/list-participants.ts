import { asc, sql, type SQL } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { TrainingStatus } from '../../domain/training-status';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { cohortYearCondition } from '../cohorts/cohort-condition';
import { latestRecordOf, latestRecordsCte, validatedProfile } from './latest-records';
import { toParticipantRecords, type ParticipantRecord, type UserRow } from './participant-record';

export interface ParticipantFilters {
  /** null → the default (cohorts after 2020); for one participant, null → any cohort. */
  cohortYears: number[] | null;
  trainingStatus: TrainingStatus | null;
  updatedSince: Date | null;
  fromParticipantId: string | null;
}

/** The filters on one visible profile `pp` whose latest record with the provider is `ir`. */
function profileConditions(filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  const cohortCondition = filters.cohortYears === null && !defaultCohorts ? sql`1 = 1` : cohortYearCondition(filters.cohortYears);
  return sql`${validatedProfile} AND ${cohortCondition}
    ${filters.trainingStatus ? sql`AND ir.training_status = ${filters.trainingStatus}` : sql``}`;
}

/** Filters on the user row itself. */
function userConditions(filters: ParticipantFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.updatedSince) conditions.push(sql`"users"."api_updated_at" >= ${filters.updatedSince.getTime()}`);
  if (filters.fromParticipantId) {
    conditions.push(sql`"users"."id" IN (SELECT user_id FROM participant_id_changes WHERE from_participant_id = ${filters.fromParticipantId})`);
  }
  return conditions;
}

/**
 * Users with at least one visible, validated training record matching the filters. Filters
 * choose users; each user's enrolments are then shown whole (all cohorts and statuses).
 *
 * Checked per user (a correlated EXISTS over that user's own profiles and records), so reading
 * users in an index's order stops as soon as a page is full.
 */
export function participantConditions(leadProviderId: string, filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  return sql.join([sql`EXISTS (
    SELECT 1 FROM participant_profiles pp
    JOIN induction_records ir ON ir.id = ${latestRecordOf(sql`pp`, leadProviderId)}
    JOIN schedules sch ON sch.id = ir.schedule_id
    JOIN cohorts ON cohorts.id = sch.cohort_id
    WHERE pp.user_id = "users"."id" AND ${profileConditions(filters, defaultCohorts)}
  )`, ...userConditions(filters)], sql` AND `);
}

/**
 * The same set of users, computed once for the whole provider: cheaper than a per-user check when
 * a page lies deep in the list, where most users before it would be checked. `latest` carries
 * only the columns induction_records_programme_idx holds, so no record row is read.
 */
function participantSet(leadProviderId: string, filters: ParticipantFilters): SQL {
  return sql.join([sql`"users"."id" IN (
    WITH ${latestRecordsCte(leadProviderId, ['record_id', 'profile_id', 'schedule_id', 'training_status'])}
    SELECT pp.user_id FROM latest ir
    JOIN participant_profiles pp ON pp.id = ir.profile_id
    JOIN schedules sch ON sch.id = ir.schedule_id
    JOIN cohorts ON cohorts.id = sch.cohort_id
    WHERE ${profileConditions(filters, true)}
  )`, ...userConditions(filters)], sql` AND `);
}

/**
 * Up to this many rows before the end of the page, users are read in order and checked one by one
 * (cost grows with the page's depth: about 50 µs a row for a provider with 30% of all users);
 * deeper pages compute the provider's set once (cost grows with the provider's size: about 0.6 s
 * for 60,000 participants). Both give exactly the same rows; this is where their costs cross.
 */
export const PER_USER_CHECK_DEPTH = 12_000;

const sortable = {
  created_at: users.createdAt,
  updated_at: users.apiUpdatedAt,
  full_name: users.fullName,
  id: users.id,
};

export async function listParticipants(
  ctx: RequestContext,
  input: ParticipantFilters & { sort: string | undefined; page: Page },
  perUserCheckDepth = PER_USER_CHECK_DEPTH,
): Promise<ParticipantRecord[]> {
  const order = parseSort(input.sort, sortable, [asc(users.createdAt)], users.id);
  const deep = input.page.offset + input.page.perPage > perUserCheckDepth;
  const page = await ctx.db.all<UserRow>(sql`
    SELECT "users"."id", "users"."full_name", "users"."trn", "users"."api_updated_at" FROM users
    WHERE ${deep ? participantSet(ctx.leadProvider.id, input) : participantConditions(ctx.leadProvider.id, input, true)}
    ORDER BY ${sql.join(order, sql`, `)}
    LIMIT ${input.page.perPage} OFFSET ${input.page.offset}
  `);
  return toParticipantRecords(ctx.db, ctx.leadProvider.id, page);
}
