import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { participantConditions, type ParticipantFilters } from './list-participants';
import { participantUserFields, toParticipantRecords, type ParticipantRecord } from './participant-record';

const noFilters: ParticipantFilters = { cohortYears: null, trainingStatus: null, updatedSince: null, fromParticipantId: null };

/** One participant by user id (a retired, merged id is not found here). */
export async function getParticipant(ctx: Pick<RequestContext, 'db' | 'leadProvider'>, id: string, filters: ParticipantFilters = noFilters): Promise<ParticipantRecord> {
  const [user] = await ctx.db.select(participantUserFields).from(users)
    .where(sql`${users.id} = ${id} AND ${participantConditions(ctx.leadProvider.id, filters, false)}`);
  if (!user) throw new NotFoundError('participant');
  const [participant] = await toParticipantRecords(ctx.db, ctx.leadProvider.id, [user]);
  return participant!;
}
