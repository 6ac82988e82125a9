import { asc, sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { mentorUserColumns, toUnfundedMentorRecords, unfundedMentorsCte, type MentorUserRow, type UnfundedMentorRecord } from './unfunded-mentor-queries';

export interface ListUnfundedMentorsInput {
  updatedSince: Date | null;
  sort: string | undefined;
  page: Page;
}

const sortable = {
  created_at: users.createdAt,
  updated_at: users.apiUpdatedAt,
  full_name: users.fullName,
  id: users.id,
};

/** Mentors of the caller's ECTs whom the caller does not train; oldest first unless sorted. Two queries. */
export async function listUnfundedMentors(ctx: RequestContext, input: ListUnfundedMentorsInput): Promise<UnfundedMentorRecord[]> {
  const order = parseSort(input.sort, sortable, [asc(users.createdAt)], users.id);
  const page = await ctx.db.all<MentorUserRow>(sql`
    WITH ${unfundedMentorsCte(ctx.leadProvider.id)}
    SELECT ${mentorUserColumns} FROM ${users}
    WHERE ${users.id} IN (SELECT user_id FROM unfunded)
      ${input.updatedSince ? sql`AND ${users.apiUpdatedAt} >= ${input.updatedSince.getTime()}` : sql``}
    ORDER BY ${sql.join(order, sql`, `)}
    LIMIT ${input.page.perPage} OFFSET ${input.page.offset}
  `);
  return toUnfundedMentorRecords(ctx.db, ctx.leadProvider.id, page);
}
