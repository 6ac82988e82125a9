import { withdrawParticipant } from '../../services/participants/actions/training-status-actions';
import type { ActionOptions } from './action-route';
import { participantRowActionHandler } from './action-route';

export const withdrawOptions: ActionOptions = {
  action: 'withdraw',
  summary: 'Tell DfE a participant has withdrawn from training',
  description: 'For a participant who has stopped training with you, on the course given. Their training_status becomes withdrawn; status (the school’s view) does not change. A withdrawn participant can be resumed.',
  requestSchema: 'ECFParticipantWithdrawRequest',
};

export const withdrawHandler = participantRowActionHandler(withdrawParticipant);
