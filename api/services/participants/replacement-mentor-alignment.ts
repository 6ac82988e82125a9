import { sql } from 'drizzle-orm';
import { milestones, participantDeclarations, participantProfiles } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { DomainError } from '../../errors/api-error';
import { resolveParticipant, type ActionTarget } from './actions/resolve-participant';
import type { ChangeScheduleInput } from './actions/change-schedule';

// API v1 and v2 keep a rule that v3 dropped: a mentor moved onto a replacement schedule
// (ecf-replacement-*) must keep their declarations aligned with the early career teacher they
// mentor, i.e. every live declaration of the mentor must fall inside the ECT's schedule
// milestone of the same type. The reference's guidance says that from v3 onwards a replacement
// mentor's schedule and declarations need not align with the ECT; v1/v2 clients integrated
// against the older rule. Checked before the shared change-schedule service runs, so the
// service (and v3) stay as they are.

export const replacementMentorMisaligned =
  'In API v1 and v2 a replacement mentor’s declarations must fall within the milestone dates of the schedule of the early career teacher they mentor. Void the declarations that do not, or make this change through API v3, which does not require it.';

type Row = { declaration_type: string; declaration_date: number; start_date: string | null; milestone_date: string | null; has_milestone: number };

/** Throws the v1/v2 alignment error when the change breaks the rule; does nothing otherwise. */
export async function checkReplacementMentorAlignment(ctx: RequestContext, id: string, input: ChangeScheduleInput): Promise<void> {
  const identifier = typeof input.schedule_identifier === 'string' ? input.schedule_identifier.trim() : '';
  if (input.course_identifier !== 'ecf-mentor' || !identifier.startsWith('ecf-replacement-')) return;
  let target: ActionTarget;
  try {
    target = await resolveParticipant(ctx.db, ctx.leadProvider.id, id, input.course_identifier);
  } catch {
    return; // an unknown participant or course: the service reports it in its own words
  }
  // The ECT this mentor mentors (the first one registered takes precedence, as DfE's guidance
  // says), and for each live declaration of the mentor, the ECT schedule's milestone of its type.
  const rows = await ctx.db.all<Row>(sql`
    WITH mentee AS (
      SELECT pp.schedule_id FROM ${participantProfiles} pp
      WHERE pp.mentor_profile_id = ${target.profile.id} AND pp.type = 'ect' AND pp.status = 'active'
      ORDER BY pp.created_at, pp.id LIMIT 1
    )
    SELECT d.declaration_type, d.declaration_date, m.start_date, m.milestone_date, (m.id IS NOT NULL) AS has_milestone
    FROM mentee
    JOIN ${participantDeclarations} d ON d.participant_profile_id = ${target.profile.id}
      AND d.state IN ('submitted', 'eligible', 'payable', 'paid')
    LEFT JOIN ${milestones} m ON m.schedule_id = mentee.schedule_id AND m.declaration_type = d.declaration_type
  `);
  const misaligned = rows.some((r) => {
    if (!r.has_milestone || !r.start_date) return true;
    const date = new Date(Number(r.declaration_date));
    const startsAt = new Date(`${r.start_date}T00:00:00Z`);
    const endsAt = r.milestone_date ? new Date(`${r.milestone_date}T23:59:59.999Z`) : null;
    // the same bounds the change-schedule service applies to the new schedule
    return date <= startsAt || (endsAt !== null && date > endsAt);
  });
  if (misaligned) throw new DomainError([{ title: 'schedule_identifier', detail: replacementMentorMisaligned }]);
}
