import { deferParticipant } from '../../services/participants/actions/training-status-actions';
import type { ActionOptions } from './action-route';
import { participantRowActionHandler } from './action-route';

export const deferOptions: ActionOptions = {
  action: 'defer',
  summary: 'Tell DfE a participant has paused their training',
  description: 'For a participant taking a break, with the reason. You can still submit declarations for a deferred participant.',
  requestSchema: 'ECFParticipantDeferRequest',
};

export const deferHandler = participantRowActionHandler(deferParticipant);
