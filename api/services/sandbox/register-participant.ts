import type { RequestContext } from '../../context';
import { providerScope } from '../school-events/event-scope';
import { registerParticipantRequest, type RegistrationRequest } from '../school-events/register-participant-request';

export type SandboxRegistration = RegistrationRequest;

/**
 * A school registers a new ECT or mentor at one of the caller's partnered schools: the operator
 * API's registration, scoped to the caller's provider.
 */
export function sandboxRegisterParticipant(ctx: RequestContext, input: SandboxRegistration) {
  return registerParticipantRequest(ctx, providerScope(ctx.leadProvider.id), input);
}
