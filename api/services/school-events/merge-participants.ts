import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { participantDeclarations, participantIdChanges, participantIdentities, participantProfiles, users } from '../../../db/schema';
import { NotFoundError } from '../../errors/api-error';

/**
 * DfE merges a duplicate participant into the one to keep. Identities (which keep their external
 * identifier, so the retired id still works in actions and declarations), training records and
 * declarations move to the kept participant, with the retired one's earlier id changes, and the
 * change is recorded so providers can follow it (`participant_id_changes`, `from_participant_id`).
 */
export async function mergeParticipants(ctx: { db: Db; now: Date }, input: { retiredUserId: string; keptUserId: string }) {
  const { db, now } = ctx;
  const found = await db.select({ id: users.id }).from(users).where(eq(users.id, input.retiredUserId));
  const kept = await db.select({ id: users.id }).from(users).where(eq(users.id, input.keptUserId));
  if (!found.length || !kept.length) throw new NotFoundError('participant');
  await db.batch([
    db.update(participantIdentities).set({ userId: input.keptUserId, updatedAt: now }).where(eq(participantIdentities.userId, input.retiredUserId)),
    db.update(participantProfiles).set({ userId: input.keptUserId, updatedAt: now }).where(eq(participantProfiles.userId, input.retiredUserId)),
    db.update(participantDeclarations).set({ userId: input.keptUserId, updatedAt: now }).where(eq(participantDeclarations.userId, input.retiredUserId)),
    db.update(participantIdChanges).set({ userId: input.keptUserId }).where(eq(participantIdChanges.userId, input.retiredUserId)),
    db.insert(participantIdChanges).values({ id: crypto.randomUUID(), userId: input.keptUserId, fromParticipantId: input.retiredUserId, toParticipantId: input.keptUserId, createdAt: now }),
  ]);
}
