import type { Db } from '../../../db/client';
import { participantEligibilities } from '../../../db/schema';

export type EligibilityStatus = 'eligible' | 'matched' | 'manual_check' | 'ineligible';

/** DfE records the result of checking a participant's details (TRN, induction, previous training). */
export async function validateParticipant(ctx: { db: Db; now: Date }, profileId: string, status: EligibilityStatus, reason = 'none') {
  await ctx.db.insert(participantEligibilities)
    .values({ id: crypto.randomUUID(), participantProfileId: profileId, status, reason, createdAt: ctx.now, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: participantEligibilities.participantProfileId, set: { status, reason, updatedAt: ctx.now } });
}
