import { deferParticipant } from '../../services/participants/actions/training-status-actions';
import { participantActionHandler, participantActionRoute } from './action-route';

export const deferParticipantRoute = participantActionRoute({
  action: 'defer',
  operationId: 'ecf_participant_defer',
  summary: 'Tell DfE a participant has paused their training',
  description: 'For a participant taking a break, with the reason. You can still submit declarations for a deferred participant.',
  requestSchema: 'ECFParticipantDeferRequest',
});

export const deferParticipantHandler = participantActionHandler(deferParticipant);
