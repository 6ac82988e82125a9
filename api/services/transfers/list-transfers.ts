import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { candidatesCte, toParticipantTransfers, type CandidateUserRow, type ParticipantTransfersRecord } from './transfer-queries';

export interface ListTransfersInput {
  updatedSince: Date | null;
  page: Page;
}

/**
 * Participants with transfers relevant to the caller, oldest participant first; with
 * `updated_since`, least recently changed first (so a poller can walk forward). Two queries.
 */
export async function listTransfers(ctx: RequestContext, input: ListTransfersInput): Promise<ParticipantTransfersRecord[]> {
  const order = input.updatedSince
    ? sql`${users.apiUpdatedAt} ASC, ${users.id} ASC`
    : sql`${users.createdAt} ASC, ${users.id} ASC`;
  const page = await ctx.db.all<CandidateUserRow>(sql`
    WITH ${candidatesCte(ctx.leadProvider.id)}
    SELECT ${users.id}, ${users.apiUpdatedAt} FROM ${users}
    WHERE ${users.id} IN (SELECT user_id FROM candidates)
      ${input.updatedSince ? sql`AND ${users.apiUpdatedAt} >= ${input.updatedSince.getTime()}` : sql``}
    ORDER BY ${order}
    LIMIT ${input.page.perPage} OFFSET ${input.page.offset}
  `);
  return toParticipantTransfers(ctx.db, ctx.leadProvider.id, ctx.now, page);
}
