import type { z } from '@hono/zod-openapi';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { ParticipantRow } from '../../services/participants/participant-rows';
import type { ParticipantRowAttributesSchema } from './schemas';

type Attributes = z.infer<typeof ParticipantRowAttributesSchema>;

/** v1/v2 `status`: the school's view from the record's induction status (a leaving or completed participant is still active). */
export function legacyStatus(inductionStatus: string): Attributes['status'] {
  return inductionStatus === 'withdrawn' || inductionStatus === 'changed' ? 'withdrawn' : 'active';
}

/** One training record, flat. The attribute order is the CSV column order (V1-V2.md §3). */
export function serializeParticipantRow(row: ParticipantRow) {
  const e = row.enrolment;
  const attributes: Attributes = {
    email: e.email,
    full_name: row.fullName,
    mentor_id: e.mentorUserId,
    school_urn: e.schoolUrn,
    participant_type: e.type,
    cohort: String(e.cohort),
    status: legacyStatus(e.inductionStatus),
    teacher_reference_number: row.trn,
    teacher_reference_number_validated: row.trn ? e.eligibilityStatus !== null && e.eligibilityReason !== 'different_trn' : null,
    eligible_for_funding: e.eligibilityStatus === 'eligible' ? true : e.eligibilityStatus === 'ineligible' ? false : null,
    pupil_premium_uplift: e.pupilPremiumUplift,
    sparsity_uplift: e.sparsityUplift,
    training_status: e.trainingStatus as Attributes['training_status'],
    training_record_id: e.profileId,
    schedule_identifier: e.scheduleIdentifier as Attributes['schedule_identifier'],
    updated_at: rfc3339(row.updatedAt),
  };
  return resource('participant', row.userId, attributes);
}
