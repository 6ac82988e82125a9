import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { runBatch, type BatchStatement } from '../../../../db/batch';
import { rowsAffected, type Db } from '../../../../db/client';
import { emails, inductionRecords, participantProfiles, participantProfileSchedules, participantProfileStates } from '../../../../db/schema';
import type { QueuedEmail } from '../../../email/outbox';
import type { ActionTarget } from './resolve-participant';

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

/** `(a, b, ...)`: an INSERT's column list, the names bare (an INSERT takes no qualified names). */
const columnList = (...columns: SQLiteColumn[]) => sql`(${sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `)})`;

// Short names for the tables, not SQL aliases: they render as the tables' own names.
const pp = participantProfiles;
const pst = participantProfileStates;
const psc = participantProfileSchedules;
const ir = inductionRecords;

export async function applyAction(db: Db, target: ActionTarget, leadProviderId: string, now: Date, writes: ActionWrites): Promise<boolean> {
  const revision = crypto.randomUUID();
  const t = now.getTime();
  const holds: SQL = sql`EXISTS (SELECT 1 FROM ${pp} WHERE ${pp.id} = ${target.profile.id} AND ${pp.revision} = ${revision})`;
  const statements: BatchStatement[] = [
    db.update(pp)
      .set({ ...writes.profile, revision, updatedAt: now })
      .where(and(eq(pp.id, target.profile.id), eq(pp.revision, target.profile.revision))),
  ];
  if (writes.state) {
    statements.push(db.run(sql`
      INSERT INTO ${pst} ${columnList(pst.id, pst.participantProfileId, pst.state, pst.reason, pst.leadProviderId, pst.createdAt)}
      SELECT ${crypto.randomUUID()}, ${target.profile.id}, ${writes.state.state}, ${writes.state.reason}, ${leadProviderId}, ${t}
      WHERE ${holds}`));
  }
  if (writes.scheduleHistory) {
    statements.push(db.run(sql`
      INSERT INTO ${psc} ${columnList(psc.id, psc.participantProfileId, psc.scheduleId, psc.createdAt)}
      SELECT ${crypto.randomUUID()}, ${target.profile.id}, ${writes.scheduleHistory.scheduleId}, ${t}
      WHERE ${holds}`));
  }
  statements.push(db.run(sql`
    INSERT INTO ${ir} ${columnList(ir.id, ir.participantProfileId, ir.inductionProgrammeId, ir.scheduleId, ir.mentorProfileId,
      ir.preferredIdentityId, ir.inductionStatus, ir.trainingStatus, ir.startDate, ir.endDate, ir.schoolTransfer, ir.createdAt, ir.updatedAt)}
    SELECT ${crypto.randomUUID()}, ${ir.participantProfileId},
      ${writes.newRecord.inductionProgrammeId ?? ir.inductionProgrammeId},
      ${writes.newRecord.scheduleId ?? ir.scheduleId},
      ${ir.mentorProfileId}, ${ir.preferredIdentityId},
      CASE WHEN ${ir.inductionStatus} = 'changed' THEN 'active' ELSE ${ir.inductionStatus} END,
      ${writes.newRecord.trainingStatus}, ${t},
      -- a participant the school reported as leaving is still leaving on the same date
      CASE WHEN ${ir.inductionStatus} = 'leaving' THEN ${ir.endDate} ELSE NULL END,
      0, ${t}, ${t}
    FROM ${ir} WHERE ${ir.id} = ${target.latest.recordId} AND ${holds}`));
  statements.push(db.update(ir)
    .set({ inductionStatus: sql`'changed'`, endDate: now, updatedAt: now })
    .where(and(eq(ir.id, target.latest.recordId), holds)));
  if (writes.email) {
    statements.push(db.run(sql`
      INSERT INTO ${emails} ${columnList(emails.id, emails.template, emails.to, emails.personalisation, emails.status, emails.subjectType, emails.subjectId, emails.createdAt)}
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
