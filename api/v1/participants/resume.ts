import { resumeParticipant } from '../../services/participants/actions/training-status-actions';
import type { ActionOptions } from './action-route';
import { participantRowActionHandler } from './action-route';

export const resumeOptions: ActionOptions = {
  action: 'resume',
  summary: 'Tell DfE a participant has resumed training',
  description: 'For a deferred or withdrawn participant who is training with you again.',
  requestSchema: 'ECFParticipantResumeRequest',
};

export const resumeHandler = participantRowActionHandler(resumeParticipant);
