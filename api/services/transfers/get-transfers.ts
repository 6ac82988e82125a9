import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { candidatesCte, toParticipantTransfers, type CandidateUserRow, type ParticipantTransfersRecord } from './transfer-queries';

/** The transfers of one participant (user id); not found unless they are a candidate for the caller. */
export async function getTransfers(ctx: RequestContext, id: string): Promise<ParticipantTransfersRecord> {
  const [user] = await ctx.db.all<CandidateUserRow>(sql`
    WITH ${candidatesCte(ctx.leadProvider.id, id)}
    SELECT ${users.id}, ${users.apiUpdatedAt} FROM ${users}
    WHERE ${users.id} = ${id} AND ${users.id} IN (SELECT user_id FROM candidates)
  `);
  if (!user) throw new NotFoundError('participant transfers');
  const [record] = await toParticipantTransfers(ctx.db, ctx.leadProvider.id, ctx.now, [user]);
  return record!;
}
