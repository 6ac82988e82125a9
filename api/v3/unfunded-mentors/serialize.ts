import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { UnfundedMentorRecord } from '../../services/unfunded-mentors/unfunded-mentor-queries';

export function serializeUnfundedMentor(m: UnfundedMentorRecord) {
  return resource('unfunded-mentor', m.id, {
    full_name: m.fullName,
    email: m.email,
    teacher_reference_number: m.trn,
    created_at: rfc3339(m.createdAt),
    updated_at: rfc3339(m.updatedAt),
  });
}
