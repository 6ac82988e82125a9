import type { RequestContext } from '../../../context';
import { deferralReasons, withdrawalReasons } from '../../../domain/training-status';
import { ErrorCollector } from '../../../errors/api-error';
import { schoolContactEmailById } from '../../schools/school-contact';
import { getParticipant } from '../get-participant';
import type { ParticipantRecord } from '../participant-record';
import { applyAction, withRetry } from './apply-action';
import { actionMessages as m } from './messages';
import { resolveParticipant, type ActionTarget } from './resolve-participant';

// Withdraw, defer and resume: the provider's training status of a participant. Each checks the
// participant's latest record with the provider, records the change with reason and date, and
// returns the participant as it now is.

export interface TrainingStatusInput {
  course_identifier?: unknown;
  reason?: unknown;
}

function checkReason(errors: ErrorCollector, reason: unknown, allowed: readonly string[]): string | null {
  if (reason === undefined || reason === null || reason === '') {
    errors.add('reason', m.reasonMissing);
    errors.add('reason', m.reasonInvalid(allowed));
    return null;
  }
  if (typeof reason !== 'string' || !allowed.includes(reason)) {
    errors.add('reason', m.reasonInvalid(allowed));
    return null;
  }
  return reason;
}

async function act(
  ctx: RequestContext,
  id: string,
  input: TrainingStatusInput,
  validate: (target: ActionTarget, errors: ErrorCollector) => { status: 'active' | 'deferred' | 'withdrawn'; reason: string | null },
  notifySchool = false,
): Promise<ParticipantRecord> {
  return withRetry(async () => {
    const target = await resolveParticipant(ctx.db, ctx.leadProvider.id, id, input.course_identifier);
    const errors = new ErrorCollector();
    const change = validate(target, errors);
    errors.throwIfAny();
    const school = notifySchool ? await schoolContactEmailById(ctx.db, target.latest.schoolId) : null;
    const applied = await applyAction(ctx.db, target, ctx.leadProvider.id, ctx.now, {
      profile: { trainingStatus: change.status },
      state: { state: change.status, reason: change.reason },
      newRecord: { trainingStatus: change.status },
      // The school's induction tutor hears when a provider stops training someone.
      email: school?.email ? {
        template: 'participant_withdrawn',
        to: school.email,
        personalisation: { school_name: school.name, lead_provider_name: ctx.leadProvider.name, reason: change.reason ?? '' },
        subject: { type: 'participant_profile', id: target.profile.id },
      } : undefined,
    });
    return applied ? getParticipant(ctx, target.userId) : null;
  });
}

/** The participant has stopped training with the provider for good (they can still be resumed). */
export function withdrawParticipant(ctx: RequestContext, id: string, input: TrainingStatusInput) {
  return act(ctx, id, input, (target, errors) => {
    const reason = checkReason(errors, input.reason, withdrawalReasons);
    if (target.latest.trainingStatus === 'withdrawn') errors.add('participant_profile', m.alreadyWithdrawn);
    return { status: 'withdrawn', reason };
  }, true);
}

/** The participant is taking a break from training. */
export function deferParticipant(ctx: RequestContext, id: string, input: TrainingStatusInput) {
  return act(ctx, id, input, (target, errors) => {
    const reason = checkReason(errors, input.reason, deferralReasons);
    if (target.latest.trainingStatus === 'deferred') errors.add('participant_profile', m.alreadyDeferred);
    if (target.latest.trainingStatus === 'withdrawn') errors.add('participant_profile', m.alreadyWithdrawn);
    return { status: 'deferred', reason };
  });
}

/** The participant is training again, after a deferral or a withdrawal. */
export function resumeParticipant(ctx: RequestContext, id: string, input: TrainingStatusInput) {
  return act(ctx, id, input, (target, errors) => {
    if (target.latest.trainingStatus === 'active') errors.add('participant_profile', m.alreadyActive);
    return { status: 'active', reason: null };
  });
}
