import type { Db } from '../../../db/client';
import { participantEligibilities } from '../../../db/schema';
import { makeDeclarationsEligible } from '../finance/make-declarations-eligible';

export type EligibilityStatus = 'eligible' | 'matched' | 'manual_check' | 'ineligible';

/**
 * DfE records the result of checking a participant's details (TRN, induction, previous training).
 * Once eligible, declarations providers already submitted become eligible for payment.
 */
export async function validateParticipant(ctx: { db: Db; now: Date }, profileId: string, status: EligibilityStatus, reason = 'none') {
  await ctx.db.insert(participantEligibilities)
    .values({ id: crypto.randomUUID(), participantProfileId: profileId, status, reason, createdAt: ctx.now, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: participantEligibilities.participantProfileId, set: { status, reason, updatedAt: ctx.now } });
  if (status === 'eligible') await makeDeclarationsEligible(ctx.db, profileId, ctx.now);
}
