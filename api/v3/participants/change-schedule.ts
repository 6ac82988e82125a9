import { changeSchedule } from '../../services/participants/actions/change-schedule';
import { participantActionHandler, participantActionRoute } from './action-route';

export const changeScheduleRoute = participantActionRoute({
  action: 'change-schedule',
  operationId: 'ecf_participant_change_schedule',
  summary: 'Move a participant to another schedule or cohort',
  description: 'For a participant whose training follows a different timetable (for example a January start, a reduced or an extended induction, or a replacement mentor). Existing declarations must still fit the new schedule.',
  requestSchema: 'ECFParticipantChangeScheduleRequest',
});

export const changeScheduleHandler = participantActionHandler(changeSchedule);
