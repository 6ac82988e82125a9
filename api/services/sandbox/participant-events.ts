import type { RequestContext } from '../../context';
import { providerScope } from '../school-events/event-scope';
import { assignMentorRequest, leavingRequest, mergeRequest, transferRequest, validateParticipantRequest } from '../school-events/participant-event-requests';

// School and DfE events on the caller's own participants, on demand: the same requests the
// operator API takes, scoped to the caller's provider (so another provider's participant is not
// found, exactly as in the provider's own actions).

type Input = Record<string, unknown>;

export const sandboxValidate = async (ctx: RequestContext, id: string, input: Input) =>
  (await validateParticipantRequest(ctx, providerScope(ctx.leadProvider.id), id, input)).userId;
export const sandboxLeaving = async (ctx: RequestContext, id: string, input: Input) =>
  (await leavingRequest(ctx, providerScope(ctx.leadProvider.id), id, input)).userId;
export const sandboxTransfer = async (ctx: RequestContext, id: string, input: Input) =>
  (await transferRequest(ctx, providerScope(ctx.leadProvider.id), id, input)).userId;
export const sandboxAssignMentor = async (ctx: RequestContext, id: string, input: Input) =>
  (await assignMentorRequest(ctx, providerScope(ctx.leadProvider.id), id, input)).userId;
export const sandboxMerge = async (ctx: RequestContext, input: Input) =>
  (await mergeRequest(ctx, providerScope(ctx.leadProvider.id), input)).userId;
