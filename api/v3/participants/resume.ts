import { resumeParticipant } from '../../services/participants/actions/training-status-actions';
import { participantActionHandler, participantActionRoute } from './action-route';

export const resumeParticipantRoute = participantActionRoute({
  action: 'resume',
  operationId: 'ecf_participant_resume',
  summary: 'Tell DfE a participant has resumed training',
  description: 'For a deferred or withdrawn participant who is training with you again.',
  requestSchema: 'ECFParticipantResumeRequest',
});

export const resumeParticipantHandler = participantActionHandler(resumeParticipant);
