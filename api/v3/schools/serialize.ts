import { apiProgrammeChoice } from '../../domain/induction-programme-choice';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { SchoolRecord } from '../../services/schools/school-queries';

export function serializeSchool(s: SchoolRecord) {
  return resource('school', s.id, {
    name: s.name,
    urn: s.urn,
    cohort: String(s.cohort),
    in_partnership: s.inPartnership,
    induction_programme_choice: apiProgrammeChoice(s.choice),
    created_at: rfc3339(s.createdAt),
    updated_at: rfc3339(s.updatedAt),
  });
}
