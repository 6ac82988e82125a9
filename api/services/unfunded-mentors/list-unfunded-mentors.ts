import { asc, sql } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { expression, readModel } from '../../../db/read-model';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { mentorUserFields, toUnfundedMentorRecords, unfundedMentorsCte, type UnfundedMentorRecord } from './unfunded-mentor-queries';

export interface ListUnfundedMentorsInput {
  updatedSince: Date | null;
  sort: string | undefined;
  page: Page;
}

const sortable = (u: Record<'createdAt' | 'apiUpdatedAt' | 'fullName' | 'id', SQLiteColumn>) => ({
  created_at: u.createdAt,
  updated_at: u.apiUpdatedAt,
  full_name: u.fullName,
  id: u.id,
});

/**
 * A read model returns its rows ordered by fields, ascending, and a client may sort descending.
 * So the page is chosen by the list's own query (the same ORDER BY ... LIMIT as ever), read as a
 * table `page` with users' column names, and its rows are numbered in the requested order over
 * the page alone (`position`). A row_number() in the page's own SELECT would sort every unfunded
 * mentor before the LIMIT instead of keeping only the page's rows.
 */
const page = alias(users, 'page');
const pageColumns = sql.join(Object.values(mentorUserFields(users)).map((c) => sql`${c} AS ${sql.identifier(c.name)}`), sql`, `);

/** Mentors of the caller's ECTs whom the caller does not train; oldest first unless sorted. Two queries. */
export async function listUnfundedMentors(ctx: RequestContext, input: ListUnfundedMentorsInput): Promise<UnfundedMentorRecord[]> {
  const order = parseSort(input.sort, sortable(users), [asc(users.createdAt)], users.id);
  const pageOrder = parseSort(input.sort, sortable(page), [asc(page.createdAt)], page.id);
  const model = readModel({
    ...mentorUserFields(page),
    position: expression.number(sql`row_number() OVER (ORDER BY ${sql.join(pageOrder, sql`, `)})`),
  });
  const rows = await model.read(ctx.db, sql`
    SELECT ${model.selectList} FROM (
      WITH ${unfundedMentorsCte(ctx.leadProvider.id)}
      SELECT ${pageColumns} FROM ${users}
      WHERE ${users.id} IN (SELECT user_id FROM unfunded)
        ${input.updatedSince ? sql`AND ${users.apiUpdatedAt} >= ${input.updatedSince.getTime()}` : sql``}
      ORDER BY ${sql.join(order, sql`, `)}
      LIMIT ${input.page.perPage} OFFSET ${input.page.offset}
    ) AS ${page}
  `, ['position']);
  return toUnfundedMentorRecords(ctx.db, ctx.leadProvider.id, rows);
}
