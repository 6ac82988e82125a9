import { eq } from 'drizzle-orm';
import { schools } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { DomainError, ErrorCollector } from '../../errors/api-error';
import { parseInstant } from '../../http/time';
import { resolveParticipant } from '../participants/actions/resolve-participant';
import { mergeParticipants } from '../school-events/merge-participants';
import { assignMentor, reportLeaving, transferParticipant } from '../school-events/placement-changes';
import { validateParticipant, type EligibilityStatus } from '../school-events/validate-participant';
import { sandboxMessages as m } from './messages';

// School and DfE events on the caller's own participants, on demand. Each finds the participant
// exactly as the provider's own actions do (so another provider's participant is not found).

const date = (errors: ErrorCollector, value: unknown, field: string) => {
  const parsed = typeof value === 'string' ? parseInstant(value) : null;
  if (!parsed) errors.add(field, m.dateInvalid(field));
  return parsed;
};

export async function sandboxValidate(ctx: RequestContext, id: string, input: { course_identifier?: unknown; status?: unknown; reason?: unknown }) {
  const target = await resolveParticipant(ctx.db, ctx.leadProvider.id, id, input.course_identifier, { validatedOnly: false });
  const status = String(input.status ?? 'eligible');
  if (!['eligible', 'ineligible', 'manual_check', 'matched'].includes(status)) throw new DomainError([{ title: 'status', detail: m.eligibilityInvalid }]);
  await validateParticipant(ctx, target.profile.id, status as EligibilityStatus, typeof input.reason === 'string' ? input.reason : 'none');
  return target.userId;
}

export async function sandboxLeaving(ctx: RequestContext, id: string, input: { course_identifier?: unknown; leaving_on?: unknown }) {
  const target = await resolveParticipant(ctx.db, ctx.leadProvider.id, id, input.course_identifier);
  const errors = new ErrorCollector();
  const leavingOn = date(errors, input.leaving_on, 'leaving_on');
  errors.throwIfAny();
  await reportLeaving(ctx, target.profile.id, leavingOn!);
  return target.userId;
}

export async function sandboxTransfer(ctx: RequestContext, id: string, input: { course_identifier?: unknown; school_id?: unknown; leaving_on?: unknown; joining_on?: unknown }) {
  const target = await resolveParticipant(ctx.db, ctx.leadProvider.id, id, input.course_identifier);
  const errors = new ErrorCollector();
  const leavingOn = date(errors, input.leaving_on, 'leaving_on');
  const joiningOn = date(errors, input.joining_on, 'joining_on');
  const [school] = typeof input.school_id === 'string' ? await ctx.db.select({ id: schools.id }).from(schools).where(eq(schools.id, input.school_id)).limit(1) : [];
  if (!school) errors.add('school_id', m.schoolUnknown);
  errors.throwIfAny();
  try {
    await transferParticipant(ctx, target.profile.id, { toSchoolId: school!.id, leavingOn: leavingOn!, joiningOn: joiningOn! });
  } catch (err) {
    if (err instanceof DomainError) throw new DomainError([{ title: 'school_id', detail: m.schoolUnknown }]);
    throw err;
  }
  return target.userId;
}

export async function sandboxAssignMentor(ctx: RequestContext, id: string, input: { mentor_id?: unknown }) {
  const ect = await resolveParticipant(ctx.db, ctx.leadProvider.id, id, 'ecf-induction');
  let mentorProfileId: string;
  try {
    mentorProfileId = (await resolveParticipant(ctx.db, ctx.leadProvider.id, String(input.mentor_id ?? ''), 'ecf-mentor')).profile.id;
  } catch {
    throw new DomainError([{ title: 'mentor_id', detail: m.mentorNotYours }]);
  }
  await assignMentor(ctx, ect.profile.id, mentorProfileId);
  return ect.userId;
}

export async function sandboxMerge(ctx: RequestContext, input: { retired_participant_id?: unknown; kept_participant_id?: unknown; course_identifier?: unknown }) {
  const retired = await resolveParticipant(ctx.db, ctx.leadProvider.id, String(input.retired_participant_id ?? ''), input.course_identifier ?? 'ecf-induction');
  const kept = await resolveParticipant(ctx.db, ctx.leadProvider.id, String(input.kept_participant_id ?? ''), input.course_identifier ?? 'ecf-induction');
  if (retired.userId === kept.userId) throw new DomainError([{ title: 'retired_participant_id', detail: m.sameParticipant }]);
  await mergeParticipants(ctx, { retiredUserId: retired.userId, keptUserId: kept.userId });
  return kept.userId;
}
