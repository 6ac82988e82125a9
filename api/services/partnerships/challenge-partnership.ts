import { and, eq, isNull, sql } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../db/client';
import { partnerships, schoolCohorts } from '../../../db/schema';
import { DomainError, NotFoundError } from '../../errors/api-error';
import { challengeReasons, type ChallengeReason } from './messages';
import { runBatch } from '../../../db/batch';

export const challengeMessages = {
  reasonInvalid: 'Choose why this partnership is wrong.',
  alreadyChallenged: 'This partnership has already been challenged.',
  tooLate: 'The time to challenge this partnership has passed. Contact DfE if it is wrong.',
} as const;

/**
 * A school tells DfE a partnership reported by a provider is wrong (from the link in its email).
 * "We have no early career teachers" also records that choice for the cohort. Schools can
 * challenge until the partnership's challenge deadline.
 */
export async function challengePartnership(ctx: { db: Db; now: Date }, partnershipId: string, reason: string): Promise<void> {
  if (!(challengeReasons as readonly string[]).includes(reason)) throw new DomainError([{ title: 'reason', detail: challengeMessages.reasonInvalid }]);
  const [partnership] = await ctx.db.select().from(partnerships)
    .where(and(eq(partnerships.id, partnershipId), eq(partnerships.relationship, false))).limit(1);
  if (!partnership) throw new NotFoundError('partnership');
  if (partnership.challengeReason || partnership.challengedAt) throw new DomainError([{ title: 'partnership', detail: challengeMessages.alreadyChallenged }]);
  if (partnership.challengeDeadline && partnership.challengeDeadline < ctx.now) throw new DomainError([{ title: 'partnership', detail: challengeMessages.tooLate }]);

  const statements = [
    ctx.db.update(partnerships)
      .set({ challengeReason: reason as ChallengeReason, challengedAt: ctx.now, updatedAt: ctx.now, apiUpdatedAt: ctx.now })
      .where(and(eq(partnerships.id, partnershipId), isNull(partnerships.challengeReason), isNull(partnerships.challengedAt))),
  ];
  if (reason === 'no_ects') {
    statements.push(ctx.db.update(schoolCohorts)
      .set({ inductionProgrammeChoice: 'no_early_career_teachers', updatedAt: ctx.now })
      .where(and(
        eq(schoolCohorts.schoolId, partnership.schoolId),
        eq(schoolCohorts.cohortId, partnership.cohortId),
        // only if this challenge is the one that landed
        sql`EXISTS (SELECT 1 FROM ${partnerships} WHERE id = ${partnershipId} AND challenge_reason = 'no_ects' AND challenged_at = ${ctx.now.getTime()})`,
      )) as never);
  }
  const [result] = await runBatch(ctx.db, statements);
  if (rowsAffected(result) !== 1) throw new DomainError([{ title: 'partnership', detail: challengeMessages.alreadyChallenged }]);
}
