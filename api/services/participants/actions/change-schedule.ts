import { and, count, eq, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../../db/client';
import { literalList } from '../../../../db/literal-list';
import { cohorts, inductionProgrammes, milestones, participantDeclarations, participantProfiles, partnerships, schedules, schoolCohorts } from '../../../../db/schema';
import type { RequestContext } from '../../../context';
import { BILLABLE_STATES, milestoneFor, SLOT_HOLDING_STATES, type DeclarationState } from '../../../domain/declarations';
import { ErrorCollector } from '../../../errors/api-error';
import { findCohortByYear, type CohortRow } from '../../cohorts/find-cohort';
import { getParticipant } from '../get-participant';
import type { ParticipantRecord } from '../participant-record';
import { applyAction, withRetry } from './apply-action';
import { actionMessages as m } from './messages';
import { resolveParticipant, type ActionTarget } from './resolve-participant';

export interface ChangeScheduleInput {
  course_identifier?: unknown;
  schedule_identifier?: unknown;
  cohort?: unknown;
}

/** Cohort that ECTs of a payments-frozen cohort are moved to, to finish their training. */
export const COHORT_FOR_FROZEN_COHORT_MOVES = 2024;

const BILLABLE: readonly DeclarationState[] = BILLABLE_STATES;
/** The declarations that count against a move: the live ones (they hold a slot). */
const COUNTING: readonly DeclarationState[] = SLOT_HOLDING_STATES;

const ip = alias(inductionProgrammes, 'ip');

type DeclarationRow = { declarationType: string; declarationDate: Date; state: DeclarationState; cohortId: string };

async function findSchedule(db: Db, identifier: string, cohortId: string) {
  const [row] = await db.select().from(schedules)
    .where(and(eq(schedules.cohortId, cohortId), or(eq(schedules.scheduleIdentifier, identifier), eq(schedules.identifierAlias, identifier))))
    .orderBy(sql`${schedules.scheduleIdentifier} = ${identifier} DESC`)
    .limit(1);
  return row ?? null;
}

const isFrozen = (cohort: CohortRow, now: Date) => cohort.paymentsFrozenAt !== null && now >= cohort.paymentsFrozenAt;

/**
 * Whether this move is one of the frozen-cohort moves: an ECT of a closed cohort who has been
 * paid for some of their training moving to 2024 to finish it, or moving back to their old
 * cohort to declare there. Such moves skip the checks that keep declarations in one cohort.
 */
function frozenCohortMove(target: ActionTarget, from: CohortRow, to: CohortRow, declarations: DeclarationRow[], now: Date): boolean {
  if (target.profile.type !== 'ect') return false;
  const billable = declarations.filter((d) => BILLABLE.includes(d.state));
  const outward = to.startYear === COHORT_FOR_FROZEN_COHORT_MOVES && from.paymentsFrozenAt !== null
    && billable.some((d) => d.declarationType !== 'completed')
    && !billable.some((d) => d.declarationType === 'completed')
    && target.profile.inductionCompletionDate === null;
  const back = target.profile.cohortChangedAfterPaymentsFrozen && isFrozen(to, now)
    && !declarations.some((d) => COUNTING.includes(d.state) && d.cohortId === from.id)
    && billable.some((d) => d.cohortId === to.id);
  return outward || back;
}

/**
 * A participant moves to another schedule (and possibly another cohort). Declarations already
 * made must still fit the new schedule's milestones, replacement schedules are for mentors, and
 * a move to another cohort needs a partnership with the participant's school in that cohort.
 */
export function changeSchedule(ctx: RequestContext, id: string, input: ChangeScheduleInput): Promise<ParticipantRecord> {
  return withRetry(async () => {
    const { db, now } = ctx;
    const target = await resolveParticipant(db, ctx.leadProvider.id, id, input.course_identifier);
    const errors = new ErrorCollector();

    const [currentScheduleCohort] = await db.select().from(cohorts).where(eq(cohorts.id, target.profile.scheduleCohortId));
    const [latestSchoolCohort] = await db.select({ cohort: cohorts }).from(schoolCohorts)
      .innerJoin(cohorts, eq(cohorts.id, schoolCohorts.cohortId)).where(eq(schoolCohorts.id, target.latest.schoolCohortId));
    let targetCohort: CohortRow | null = latestSchoolCohort?.cohort ?? currentScheduleCohort ?? null;
    if (input.cohort !== undefined && input.cohort !== null && input.cohort !== '') {
      targetCohort = await findCohortByYear(db, input.cohort);
      if (!targetCohort) errors.add('cohort', m.cohortInvalid);
    }

    const identifier = typeof input.schedule_identifier === 'string' ? input.schedule_identifier.trim() : '';
    const schedule = identifier && targetCohort ? await findSchedule(db, identifier, targetCohort.id) : null;
    if (!schedule && !errors.has('cohort')) errors.add('schedule_identifier', m.scheduleInvalid);
    if (target.latest.trainingStatus === 'withdrawn') errors.add('participant_id', m.withdrawnCannotChange);
    if (errors.any || !schedule || !targetCohort || !currentScheduleCohort) {
      errors.throwIfAny();
      return null;
    }

    const declarations: DeclarationRow[] = await db.select({
      declarationType: participantDeclarations.declarationType,
      declarationDate: participantDeclarations.declarationDate,
      state: participantDeclarations.state,
      cohortId: participantDeclarations.cohortId,
    }).from(participantDeclarations).where(and(
      eq(participantDeclarations.participantProfileId, target.profile.id),
      sql`${participantDeclarations.state} IN ${literalList(COUNTING)}`,
    ));
    const frozenMove = frozenCohortMove(target, currentScheduleCohort, targetCohort, declarations, now);

    if (!frozenMove) {
      const frozenIds = new Set((await db.select({ id: cohorts.id, frozen: cohorts.paymentsFrozenAt }).from(cohorts)).filter((c) => c.frozen).map((c) => c.id));
      const relevant = target.profile.cohortChangedAfterPaymentsFrozen ? declarations.filter((d) => !frozenIds.has(d.cohortId)) : declarations;
      const newMilestones = await db.select().from(milestones).where(eq(milestones.scheduleId, schedule.id));
      for (const d of relevant) {
        const milestone = milestoneFor(newMilestones, d.declarationType, target.profile.type);
        if (!milestone) {
          errors.add('schedule_identifier', m.scheduleMissingDeclarationType(d.declarationType));
          continue;
        }
        const startsAt = new Date(`${milestone.startDate}T00:00:00Z`);
        const endsAt = milestone.milestoneDate ? new Date(`${milestone.milestoneDate}T23:59:59.999Z`) : null;
        if (d.declarationDate <= startsAt || (endsAt && d.declarationDate > endsAt)) errors.add('schedule_identifier', m.scheduleInvalidatesDeclarations);
      }
    }
    if (schedule.id === target.profile.scheduleId && schedule.id === target.latest.scheduleId) errors.add('schedule_identifier', m.scheduleSame);
    if (schedule.type === 'ecf_replacement' && target.profile.type !== 'mentor') errors.add('schedule_identifier', m.scheduleNotForCourse);
    if (schedule.type === 'ecf_replacement' && target.profile.type === 'mentor' && (await menteeCount(db, target.profile.id)) > 1) {
      errors.add('schedule_identifier', m.replacementMentorTaken);
    }
    const changingCohort = target.latest.scheduleCohortId !== targetCohort.id;
    if (!frozenMove && changingCohort && declarations.length > 0) errors.add('cohort', m.cohortLocked);

    // Where the participant will train: the school's record for the target cohort, under a
    // partnership of the provider there.
    const [place] = await db.select({
      schoolCohortId: schoolCohorts.id,
      relationship: partnerships.relationship,
      // the school's programme run under this partnership, so the participant stays with the provider
      programmeId: sql<string | null>`(SELECT ${ip.id} FROM ${inductionProgrammes} AS ${ip} WHERE ${ip.schoolCohortId} = ${schoolCohorts.id} AND ${ip.partnershipId} = ${partnerships.id} ORDER BY ${ip.createdAt}, ${ip.id} LIMIT 1)`,
    })
      .from(partnerships)
      .innerJoin(schoolCohorts, and(eq(schoolCohorts.schoolId, partnerships.schoolId), eq(schoolCohorts.cohortId, partnerships.cohortId)))
      .where(and(
        eq(partnerships.schoolId, target.latest.schoolId),
        eq(partnerships.cohortId, targetCohort.id),
        eq(partnerships.leadProviderId, ctx.leadProvider.id),
        isNull(partnerships.challengeReason), isNull(partnerships.challengedAt), eq(partnerships.pending, false),
        // Moving cohort needs the school's own partnership; a schedule change within the cohort
        // may stay under a relationship partnership.
        changingCohort ? eq(partnerships.relationship, false) : undefined,
      ))
      .orderBy(partnerships.relationship)
      .limit(1);
    if (!place || (changingCohort && !place.programmeId)) errors.add('cohort', m.noPartnershipInCohort);
    errors.throwIfAny();

    const programmeId = changingCohort ? place!.programmeId! : target.latest.inductionProgrammeId;
    const applied = await applyAction(db, target, ctx.leadProvider.id, now, {
      profile: {
        scheduleId: schedule.id,
        schoolCohortId: changingCohort ? place!.schoolCohortId : target.profile.schoolCohortId,
        ...(frozenMove && changingCohort ? { cohortChangedAfterPaymentsFrozen: !target.profile.cohortChangedAfterPaymentsFrozen } : {}),
      },
      scheduleHistory: { scheduleId: schedule.id },
      newRecord: { trainingStatus: target.latest.trainingStatus, scheduleId: schedule.id, inductionProgrammeId: programmeId },
    });
    return applied ? getParticipant(ctx, target.userId) : null;
  });
}

/** ECTs whose training record names this mentor. */
async function menteeCount(db: Db, mentorProfileId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(participantProfiles)
    .where(and(eq(participantProfiles.mentorProfileId, mentorProfileId), sql`${participantProfiles.status} = 'active'`));
  return row?.n ?? 0;
}
