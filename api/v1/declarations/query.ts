import { getFilter, parseUpdatedSince } from '../../http/filters';
import type { ParsedQuery } from '../../http/query';
import type { LegacyDeclarationFilters } from '../../services/declarations/legacy-declarations';

/** v1/v2 declaration filters: one exact `participant_id` and a strict `updated_since`; others are ignored. */
export function legacyDeclarationFilters(query: ParsedQuery): LegacyDeclarationFilters {
  const filter = getFilter(query);
  const participantId = filter.participant_id?.trim();
  return { participantId: participantId ? participantId : null, updatedSince: parseUpdatedSince(filter.updated_since) };
}
