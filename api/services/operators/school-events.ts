import type { OperatorContext } from '../../context';
import { closeStatementNow, markStatementPaid } from '../finance/statement-lifecycle';
import { challengePartnership } from '../partnerships/challenge-partnership';
import { operatorScope } from '../school-events/event-scope';
import { assignMentorRequest, leavingRequest, mergeRequest, transferRequest, validateParticipantRequest } from '../school-events/participant-event-requests';
import { registerParticipantRequest, type RegistrationRequest } from '../school-events/register-participant-request';
import type { BatchItem, RegisteredIds } from '../school-events/register-participant';
import { operatorAudit, recordAudit } from './audit';

// The operator API's school and DfE events: the very services the sandbox control API calls,
// with the operator's scope (any participant, school or statement) and an audit row for each.

type Input = Record<string, unknown>;

const audited = async <T extends { userId: string; profileId: string }>(ctx: OperatorContext, operation: string, input: unknown, work: Promise<T>) => {
  const target = await work;
  await recordAudit(ctx.db, { actor: ctx.actor, now: ctx.now, method: ctx.via.method, path: ctx.via.path, operation, targetIds: [target.userId, target.profileId], input, requestId: ctx.requestId });
  return target;
};

/** The registration and its audit row are one batch (with a bulk row's external id, `also`). */
export const operatorRegisterParticipant = (ctx: OperatorContext, input: RegistrationRequest, also?: (ids: RegisteredIds) => BatchItem[]) =>
  registerParticipantRequest(ctx, operatorScope, input, {
    also: (ids) => [operatorAudit(ctx, 'register_participant', [ids.userId, ids.profileId], input), ...(also?.(ids) ?? [])],
  });

export const operatorValidate = (ctx: OperatorContext, id: string, input: Input) =>
  audited(ctx, 'validate_participant', input, validateParticipantRequest(ctx, operatorScope, id, input));
export const operatorLeaving = (ctx: OperatorContext, id: string, input: Input) =>
  audited(ctx, 'report_leaving', input, leavingRequest(ctx, operatorScope, id, input));
export const operatorTransfer = (ctx: OperatorContext, id: string, input: Input) =>
  audited(ctx, 'transfer_participant', input, transferRequest(ctx, operatorScope, id, input));
export const operatorAssignMentor = (ctx: OperatorContext, id: string, input: Input) =>
  audited(ctx, 'assign_mentor', input, assignMentorRequest(ctx, operatorScope, id, input));
export const operatorMerge = (ctx: OperatorContext, input: Input) =>
  audited(ctx, 'merge_participants', input, mergeRequest(ctx, operatorScope, input));

const record = (ctx: OperatorContext, operation: string, targetIds: string[], input: unknown) =>
  recordAudit(ctx.db, { actor: ctx.actor, now: ctx.now, method: ctx.via.method, path: ctx.via.path, operation, targetIds, input, requestId: ctx.requestId });

/** A school challenges a partnership, through DfE (any provider's partnership). */
export async function operatorChallenge(ctx: OperatorContext, partnershipId: string, input: { reason?: unknown }) {
  await challengePartnership(ctx, partnershipId, String(input.reason ?? ''));
  await record(ctx, 'challenge_partnership', [partnershipId], input);
}

export async function operatorCloseStatement(ctx: OperatorContext, id: string) {
  await closeStatementNow(ctx.db, id, ctx.now);
  await record(ctx, 'close_statement', [id], {});
}

export async function operatorMarkStatementPaid(ctx: OperatorContext, id: string) {
  await markStatementPaid(ctx.db, id, ctx.now);
  await record(ctx, 'mark_statement_paid', [id], {});
}
