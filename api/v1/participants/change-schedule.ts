import type { RequestContext } from '../../context';
import { changeSchedule } from '../../services/participants/actions/change-schedule';
import { checkReplacementMentorAlignment } from '../../services/participants/replacement-mentor-alignment';
import type { ActionOptions } from './action-route';
import { participantRowActionHandler } from './action-route';

export const changeScheduleOptions: ActionOptions = {
  action: 'change-schedule',
  summary: 'Move a participant to another schedule or cohort',
  description: 'For a participant whose training follows a different timetable. Existing declarations must still fit the new schedule; in this version, a mentor moved to a replacement schedule must also have declarations that fit the schedule of the ECT they mentor.',
  requestSchema: 'ECFParticipantChangeScheduleRequest',
};

/** v1/v2 keep the replacement-mentor alignment rule v3 dropped; everything else is the shared service. */
async function changeScheduleV1(ctx: RequestContext, id: string, attributes: Record<string, unknown>) {
  await checkReplacementMentorAlignment(ctx, id, attributes);
  return changeSchedule(ctx, id, attributes);
}

export const changeScheduleHandler = participantRowActionHandler(changeScheduleV1);
