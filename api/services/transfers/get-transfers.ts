import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { candidateUserModel, candidatesCte, toParticipantTransfers, type ParticipantTransfersRecord } from './transfer-queries';

/** The transfers of one participant (user id); not found unless they are a candidate for the caller. */
export async function getTransfers(ctx: RequestContext, id: string): Promise<ParticipantTransfersRecord> {
  const [user] = await candidateUserModel.read(ctx.db, sql`
    WITH ${candidatesCte(ctx.leadProvider.id, id)}
    SELECT ${candidateUserModel.selectList} FROM ${users}
    WHERE ${users.id} = ${id} AND ${users.id} IN (SELECT user_id FROM candidates)
  `, ['id']);
  if (!user) throw new NotFoundError('participant transfers');
  const [record] = await toParticipantTransfers(ctx.db, ctx.leadProvider.id, ctx.now, [user]);
  return record!;
}
