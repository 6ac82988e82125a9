import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../../db/client';
import { emails, inductionRecords, participantProfiles, participantProfileSchedules, participantProfileStates } from '../../../../db/schema';
import type { QueuedEmail } from '../../../email/outbox';
import type { ActionTarget } from './resolve-participant';
import { runBatch, type BatchStatement } from '../../../../db/batch';

// Every provider action writes the same shape of history, in one batch:
//   the training record changes (status, schedule, ...) and takes a new revision;
//   the action is logged (a profile state, or a schedule change);
//   the latest induction record is closed ("changed") and a new one opens from now.
// Only the request that still holds the revision it read applies: the profile update is guarded
// by it, and every other write checks the new revision is there. So two actions on one
// participant at once cannot both land; the loser is told why on its retry.

export interface ActionWrites {
  profile: Partial<typeof participantProfiles.$inferInsert>;
  state?: { state: 'active' | 'deferred' | 'withdrawn'; reason: string | null };
  scheduleHistory?: { scheduleId: string };
  newRecord: { trainingStatus: string; scheduleId?: string; inductionProgrammeId?: string };
  /** An email to send if, and only if, the action lands. */
  email?: QueuedEmail;
}

export async function applyAction(db: Db, target: ActionTarget, leadProviderId: string, now: Date, writes: ActionWrites): Promise<boolean> {
  const revision = crypto.randomUUID();
  const t = now.getTime();
  const holds: SQL = sql`EXISTS (SELECT 1 FROM ${participantProfiles} WHERE id = ${target.profile.id} AND revision = ${revision})`;
  const statements: BatchStatement[] = [
    db.update(participantProfiles)
      .set({ ...writes.profile, revision, updatedAt: now })
      .where(and(eq(participantProfiles.id, target.profile.id), eq(participantProfiles.revision, target.profile.revision))),
  ];
  if (writes.state) {
    statements.push(db.run(sql`
      INSERT INTO ${participantProfileStates} (id, participant_profile_id, state, reason, lead_provider_id, created_at)
      SELECT ${crypto.randomUUID()}, ${target.profile.id}, ${writes.state.state}, ${writes.state.reason}, ${leadProviderId}, ${t}
      WHERE ${holds}`));
  }
  if (writes.scheduleHistory) {
    statements.push(db.run(sql`
      INSERT INTO ${participantProfileSchedules} (id, participant_profile_id, schedule_id, created_at)
      SELECT ${crypto.randomUUID()}, ${target.profile.id}, ${writes.scheduleHistory.scheduleId}, ${t}
      WHERE ${holds}`));
  }
  statements.push(db.run(sql`
    INSERT INTO ${inductionRecords} (id, participant_profile_id, induction_programme_id, schedule_id, mentor_profile_id,
      preferred_identity_id, induction_status, training_status, start_date, end_date, school_transfer, created_at, updated_at)
    SELECT ${crypto.randomUUID()}, participant_profile_id,
      ${writes.newRecord.inductionProgrammeId ?? sql`induction_programme_id`},
      ${writes.newRecord.scheduleId ?? sql`schedule_id`},
      mentor_profile_id, preferred_identity_id,
      CASE WHEN induction_status = 'changed' THEN 'active' ELSE induction_status END,
      ${writes.newRecord.trainingStatus}, ${t},
      -- a participant the school reported as leaving is still leaving on the same date
      CASE WHEN induction_status = 'leaving' THEN end_date ELSE NULL END,
      0, ${t}, ${t}
    FROM ${inductionRecords} WHERE id = ${target.latest.recordId} AND ${holds}`));
  statements.push(db.run(sql`
    UPDATE ${inductionRecords} SET induction_status = 'changed', end_date = ${t}, updated_at = ${t}
    WHERE id = ${target.latest.recordId} AND ${holds}`));
  if (writes.email) {
    statements.push(db.run(sql`
      INSERT INTO ${emails} (id, template, "to", personalisation, status, subject_type, subject_id, created_at)
      SELECT ${crypto.randomUUID()}, ${writes.email.template}, ${writes.email.to}, ${JSON.stringify(writes.email.personalisation)},
        'queued', ${writes.email.subject?.type ?? null}, ${writes.email.subject?.id ?? null}, ${t}
      WHERE ${holds}`));
  }
  const [profileUpdate] = await runBatch(db, statements);
  return rowsAffected(profileUpdate) === 1;
}

/** Runs an action, re-checking from scratch when a concurrent action got in first. */
export async function withRetry<T>(attempt: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 3; i++) {
    const result = await attempt();
    if (result !== null) return result;
  }
  throw new Error('participant action kept conflicting with concurrent changes');
}
