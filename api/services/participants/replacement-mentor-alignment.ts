import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { literalList } from '../../../db/literal-list';
import { expression, nullable, readModel } from '../../../db/read-model';
import { milestones, participantDeclarations, participantProfiles } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { SLOT_HOLDING_STATES } from '../../domain/declarations';
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

const pp = alias(participantProfiles, 'pp');
/** The `mentee` CTE: it selects `pp`'s column under its own name, so an alias of the table reads it. */
const mentee = alias(participantProfiles, 'mentee');
const d = alias(participantDeclarations, 'd');
const m = alias(milestones, 'm');

/** A live declaration of the mentor, with the ECT schedule's milestone of its type (LEFT JOINed: nullable). */
const alignmentModel = readModel({
  declarationType: d.declarationType,
  declarationDate: d.declarationDate,
  startDate: nullable(m.startDate),
  milestoneDate: m.milestoneDate,
  hasMilestone: expression.boolean(sql`(${m.id} IS NOT NULL)`),
});

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
  const rows = await alignmentModel.read(ctx.db, sql`
    WITH ${mentee} AS (
      SELECT ${pp.scheduleId} FROM ${participantProfiles} AS ${pp}
      WHERE ${pp.mentorProfileId} = ${target.profile.id} AND ${pp.type} = 'ect' AND ${pp.status} = 'active'
      ORDER BY ${pp.createdAt}, ${pp.id} LIMIT 1
    )
    SELECT ${alignmentModel.selectList}
    FROM ${mentee}
    JOIN ${participantDeclarations} AS ${d} ON ${d.participantProfileId} = ${target.profile.id}
      AND ${d.state} IN ${literalList(SLOT_HOLDING_STATES)}
    LEFT JOIN ${milestones} AS ${m} ON ${m.scheduleId} = ${mentee.scheduleId} AND ${m.declarationType} = ${d.declarationType}
  `, []);
  const misaligned = rows.some((r) => {
    if (!r.hasMilestone || !r.startDate) return true;
    const date = r.declarationDate;
    const startsAt = new Date(`${r.startDate}T00:00:00Z`);
    const endsAt = r.milestoneDate ? new Date(`${r.milestoneDate}T23:59:59.999Z`) : null;
    // the same bounds the change-schedule service applies to the new schedule
    return date <= startsAt || (endsAt !== null && date > endsAt);
  });
  if (misaligned) throw new DomainError([{ title: 'schedule_identifier', detail: replacementMentorMisaligned }]);
}
