import { getFilter, parseCohortList, parseUpdatedSince } from '../../http/filters';
import type { ParsedQuery } from '../../http/query';
import type { ParticipantRowFilters } from '../../services/participants/participant-rows';

/** v1/v2 participant filters: `cohort` and `updated_since` only (others are ignored, as they always were). */
export function participantRowFilters(query: ParsedQuery): ParticipantRowFilters {
  const filter = getFilter(query);
  return { cohortYears: parseCohortList(filter.cohort), updatedSince: parseUpdatedSince(filter.updated_since) };
}
