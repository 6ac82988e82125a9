import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { mentorUserModel, toUnfundedMentorRecords, unfundedMentorsCte, type UnfundedMentorRecord } from './unfunded-mentor-queries';

/** One unfunded mentor of the caller, by user id; anyone else is not found. */
export async function getUnfundedMentor(ctx: RequestContext, id: string): Promise<UnfundedMentorRecord> {
  const [user] = await mentorUserModel.read(ctx.db, sql`
    WITH ${unfundedMentorsCte(ctx.leadProvider.id, [id])}
    SELECT ${mentorUserModel.selectList} FROM ${users}
    WHERE ${users.id} = ${id} AND ${users.id} IN (SELECT user_id FROM unfunded)
  `, ['id']);
  if (!user) throw new NotFoundError('unfunded mentor');
  const [mentor] = await toUnfundedMentorRecords(ctx.db, ctx.leadProvider.id, [user]);
  return mentor!;
}
