import { asc, sql, type SQL } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { TrainingStatus } from '../../domain/training-status';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { cohortYearCondition } from '../cohorts/cohort-condition';
import { latestRecordsCte, validatedProfile } from './latest-records';
import { toParticipantRecords, type ParticipantRecord, type UserRow } from './participant-record';

export interface ParticipantFilters {
  /** null → the default (cohorts after 2020); for one participant, null → any cohort. */
  cohortYears: number[] | null;
  trainingStatus: TrainingStatus | null;
  updatedSince: Date | null;
  fromParticipantId: string | null;
}

/**
 * Users with at least one visible, validated training record matching the filters. Filters
 * choose users; each user's enrolments are then shown whole (all cohorts and statuses).
 */
export function participantConditions(leadProviderId: string, filters: ParticipantFilters, defaultCohorts: boolean): SQL {
  const cohortCondition = filters.cohortYears === null && !defaultCohorts ? sql`1 = 1` : cohortYearCondition(filters.cohortYears);
  const conditions: SQL[] = [sql`EXISTS (
    SELECT 1 FROM latest
    JOIN participant_profiles pp ON pp.id = latest.profile_id
    JOIN schedules sch ON sch.id = latest.schedule_id
    JOIN cohorts ON cohorts.id = sch.cohort_id
    WHERE pp.user_id = "users"."id" AND ${validatedProfile} AND ${cohortCondition}
      ${filters.trainingStatus ? sql`AND latest.training_status = ${filters.trainingStatus}` : sql``}
  )`];
  if (filters.updatedSince) conditions.push(sql`"users"."api_updated_at" >= ${filters.updatedSince.getTime()}`);
  if (filters.fromParticipantId) {
    conditions.push(sql`"users"."id" IN (SELECT user_id FROM participant_id_changes WHERE from_participant_id = ${filters.fromParticipantId})`);
  }
  return sql.join(conditions, sql` AND `);
}

const sortable = {
  created_at: users.createdAt,
  updated_at: users.apiUpdatedAt,
  full_name: users.fullName,
  id: users.id,
};

export async function listParticipants(
  ctx: RequestContext,
  input: ParticipantFilters & { sort: string | undefined; page: Page },
): Promise<ParticipantRecord[]> {
  const order = parseSort(input.sort, sortable, [asc(users.createdAt)], users.id);
  const page = await ctx.db.all<UserRow>(sql`
    WITH ${latestRecordsCte(ctx.leadProvider.id)}
    SELECT "users"."id", "users"."full_name", "users"."trn", "users"."api_updated_at" FROM users
    WHERE ${participantConditions(ctx.leadProvider.id, input, true)}
    ORDER BY ${sql.join(order, sql`, `)}
    LIMIT ${input.page.perPage} OFFSET ${input.page.offset}
  `);
  return toParticipantRecords(ctx.db, ctx.leadProvider.id, page);
}
