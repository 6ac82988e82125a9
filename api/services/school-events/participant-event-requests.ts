import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { schools } from '../../../db/schema';
import { DomainError, ErrorCollector } from '../../errors/api-error';
import { parseInstant } from '../../http/time';
import { sandboxMessages as m } from '../sandbox/messages';
import { findEventTarget, type EventScope } from './event-scope';
import { mergeParticipants } from './merge-participants';
import { assignMentor, reportLeaving, transferParticipant } from './placement-changes';
import { validateParticipant, type EligibilityStatus } from './validate-participant';

// School and DfE events on a participant, from a request's attributes: the one implementation
// behind both doors, the sandbox control API (scoped to the caller's provider) and the operator
// API (any participant). Each returns the participant id the event left in place.

type Ctx = { db: Db; now: Date };

const date = (errors: ErrorCollector, value: unknown, field: string) => {
  const parsed = typeof value === 'string' ? parseInstant(value) : null;
  if (!parsed) errors.add(field, m.dateInvalid(field));
  return parsed;
};

const mentorMessage = (scope: EventScope) => (scope.leadProviderId === null ? m.mentorUnknown : m.mentorNotYours);

export async function validateParticipantRequest(ctx: Ctx, scope: EventScope, id: string, input: { course_identifier?: unknown; status?: unknown; reason?: unknown }) {
  const target = await findEventTarget(ctx.db, scope, id, input.course_identifier, { validatedOnly: false });
  const status = String(input.status ?? 'eligible');
  if (!['eligible', 'ineligible', 'manual_check', 'matched'].includes(status)) throw new DomainError([{ title: 'status', detail: m.eligibilityInvalid }]);
  await validateParticipant(ctx, target.profileId, status as EligibilityStatus, typeof input.reason === 'string' ? input.reason : 'none');
  return target;
}

export async function leavingRequest(ctx: Ctx, scope: EventScope, id: string, input: { course_identifier?: unknown; leaving_on?: unknown }) {
  const target = await findEventTarget(ctx.db, scope, id, input.course_identifier);
  const errors = new ErrorCollector();
  const leavingOn = date(errors, input.leaving_on, 'leaving_on');
  errors.throwIfAny();
  await reportLeaving(ctx, target.profileId, leavingOn!);
  return target;
}

export async function transferRequest(ctx: Ctx, scope: EventScope, id: string, input: { course_identifier?: unknown; school_id?: unknown; leaving_on?: unknown; joining_on?: unknown }) {
  const target = await findEventTarget(ctx.db, scope, id, input.course_identifier);
  const errors = new ErrorCollector();
  const leavingOn = date(errors, input.leaving_on, 'leaving_on');
  const joiningOn = date(errors, input.joining_on, 'joining_on');
  const [school] = typeof input.school_id === 'string' ? await ctx.db.select({ id: schools.id }).from(schools).where(eq(schools.id, input.school_id)).limit(1) : [];
  if (!school) errors.add('school_id', m.schoolUnknown);
  errors.throwIfAny();
  try {
    await transferParticipant(ctx, target.profileId, { toSchoolId: school!.id, leavingOn: leavingOn!, joiningOn: joiningOn! });
  } catch (err) {
    if (err instanceof DomainError) throw new DomainError([{ title: 'school_id', detail: m.schoolUnknown }]);
    throw err;
  }
  return target;
}

export async function assignMentorRequest(ctx: Ctx, scope: EventScope, id: string, input: { mentor_id?: unknown }) {
  const ect = await findEventTarget(ctx.db, scope, id, 'ecf-induction');
  let mentorProfileId: string;
  try {
    mentorProfileId = (await findEventTarget(ctx.db, scope, String(input.mentor_id ?? ''), 'ecf-mentor')).profileId;
  } catch {
    throw new DomainError([{ title: 'mentor_id', detail: mentorMessage(scope) }]);
  }
  await assignMentor(ctx, ect.profileId, mentorProfileId);
  return ect;
}

export async function mergeRequest(ctx: Ctx, scope: EventScope, input: { retired_participant_id?: unknown; kept_participant_id?: unknown; course_identifier?: unknown }) {
  const course = input.course_identifier ?? 'ecf-induction';
  const retired = await findEventTarget(ctx.db, scope, String(input.retired_participant_id ?? ''), course);
  const kept = await findEventTarget(ctx.db, scope, String(input.kept_participant_id ?? ''), course);
  if (retired.userId === kept.userId) throw new DomainError([{ title: 'retired_participant_id', detail: m.sameParticipant }]);
  await mergeParticipants(ctx, { retiredUserId: retired.userId, keptUserId: kept.userId });
  return kept;
}
