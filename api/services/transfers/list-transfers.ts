import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { candidateUserModel, candidatesCte, toParticipantTransfers, type ParticipantTransfersRecord } from './transfer-queries';

export interface ListTransfersInput {
  updatedSince: Date | null;
  page: Page;
}

/**
 * Participants with transfers relevant to the caller, oldest participant first; with
 * `updated_since`, least recently changed first (so a poller can walk forward). Two queries.
 */
export async function listTransfers(ctx: RequestContext, input: ListTransfersInput): Promise<ParticipantTransfersRecord[]> {
  // The page is chosen in SQL order (ORDER BY ... LIMIT); `read` returns its rows in that order
  // by the same fields (a sort of the page's rows only).
  const [order, orderFields] = input.updatedSince
    ? [sql`${users.apiUpdatedAt} ASC, ${users.id} ASC`, ['apiUpdatedAt', 'id'] as const]
    : [sql`${users.createdAt} ASC, ${users.id} ASC`, ['createdAt', 'id'] as const];
  const page = await candidateUserModel.read(ctx.db, sql`
    WITH ${candidatesCte(ctx.leadProvider.id)}
    SELECT ${candidateUserModel.selectList} FROM ${users}
    WHERE ${users.id} IN (SELECT user_id FROM candidates)
      ${input.updatedSince ? sql`AND ${users.apiUpdatedAt} >= ${input.updatedSince.getTime()}` : sql``}
    ORDER BY ${order}
    LIMIT ${input.page.perPage} OFFSET ${input.page.offset}
  `, orderFields);
  return toParticipantTransfers(ctx.db, ctx.leadProvider.id, ctx.now, page);
}
