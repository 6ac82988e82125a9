import { trainingStatuses, type TrainingStatus } from '../../domain/training-status';
import { ApiError } from '../../errors/api-error';
import { parseCohortList, parseUpdatedSince } from '../../http/filters';
import type { ParticipantFilters } from '../../services/participants/list-participants';

/** The participant filters of a request; an unknown training status is a 400. */
export function participantFilters(filter: Record<string, string>): ParticipantFilters {
  const status = filter.training_status;
  if (status !== undefined && status !== '' && !(trainingStatuses as readonly string[]).includes(status)) {
    throw ApiError.badRequest(`'filter[training_status]' must be one of ${trainingStatuses.join(', ')}.`);
  }
  return {
    cohortYears: parseCohortList(filter.cohort),
    trainingStatus: status ? (status as TrainingStatus) : null,
    updatedSince: parseUpdatedSince(filter.updated_since),
    fromParticipantId: filter.from_participant_id?.trim() || null,
  };
}
