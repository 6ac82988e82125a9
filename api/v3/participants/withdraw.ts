import { withdrawParticipant } from '../../services/participants/actions/training-status-actions';
import { participantActionHandler, participantActionRoute } from './action-route';

export const withdrawParticipantRoute = participantActionRoute({
  action: 'withdraw',
  operationId: 'participant',
  summary: 'Tell DfE a participant has withdrawn from training',
  description: 'For a participant who has stopped training with you. Declarations dated before the withdrawal can still be made. A withdrawn participant can be resumed.',
  requestSchema: 'ECFParticipantWithdrawRequest',
});

export const withdrawParticipantHandler = participantActionHandler(withdrawParticipant);
