import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { participantDeclarations, participantProfiles } from '../../../db/schema';

/**
 * Recomputes when a mentor's funding ended, from their live `completed` declaration: its date and
 * `completed_declaration_received`, or nothing once it is voided or clawed back (a mentor already
 * marked `started_not_completed` keeps that). Runs in the same batch as the change that caused it.
 */
export function recomputeMentorCompletion(db: Db, profileId: string, now: Date) {
  const latestCompleted = sql`(
    SELECT max(declaration_date) FROM ${participantDeclarations}
    WHERE participant_profile_id = ${profileId} AND declaration_type = 'completed'
      AND state IN ('submitted', 'eligible', 'payable', 'paid')
  )`;
  return db.run(sql`
    UPDATE ${participantProfiles} SET
      mentor_completion_date = CASE
        WHEN ${latestCompleted} IS NOT NULL THEN date(${latestCompleted} / 1000, 'unixepoch')
        WHEN mentor_completion_reason = 'started_not_completed' THEN mentor_completion_date
        ELSE NULL END,
      mentor_completion_reason = CASE
        WHEN ${latestCompleted} IS NOT NULL THEN 'completed_declaration_received'
        WHEN mentor_completion_reason = 'started_not_completed' THEN 'started_not_completed'
        ELSE NULL END,
      updated_at = ${now.getTime()}
    WHERE id = ${profileId} AND type = 'mentor'
  `);
}
