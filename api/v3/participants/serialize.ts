import type { z } from '@hono/zod-openapi';
import { participantStatus } from '../../domain/participant-status';
import { displayWithdrawalReason } from '../../domain/training-status';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { EnrolmentRecord, ParticipantRecord } from '../../services/participants/participant-record';
import type { ECFEnrolmentSchema } from './schemas';

type Enrolment = z.infer<typeof ECFEnrolmentSchema>;

function serializeEnrolment(e: EnrolmentRecord, now: Date): Enrolment {
  const trn = e.trn;
  return {
    training_record_id: e.profileId,
    email: e.email,
    mentor_id: e.mentorUserId,
    school_urn: e.schoolUrn,
    participant_type: e.type,
    cohort: String(e.cohort),
    training_status: e.trainingStatus as Enrolment['training_status'],
    participant_status: participantStatus(e, now),
    teacher_reference_number_validated: trn ? e.eligibilityStatus !== null && e.eligibilityReason !== 'different_trn' : null,
    eligible_for_funding: e.eligibilityStatus === 'eligible' ? true : e.eligibilityStatus === 'ineligible' ? false : null,
    pupil_premium_uplift: e.pupilPremiumUplift,
    sparsity_uplift: e.sparsityUplift,
    schedule_identifier: e.scheduleIdentifier as Enrolment['schedule_identifier'],
    delivery_partner_id: e.deliveryPartnerId,
    withdrawal: e.withdrawal ? { reason: displayWithdrawalReason(e.withdrawal.reason) as NonNullable<Enrolment['withdrawal']>['reason'], date: rfc3339(e.withdrawal.date) } : null,
    deferral: e.deferral ? { reason: e.deferral.reason as NonNullable<Enrolment['deferral']>['reason'], date: rfc3339(e.deferral.date) } : null,
    created_at: rfc3339(e.createdAt),
    induction_end_date: e.inductionCompletionDate,
    mentor_funding_end_date: e.mentorCompletionDate,
    cohort_changed_after_payments_frozen: e.cohortChangedAfterPaymentsFrozen,
    mentor_ineligible_for_funding_reason: e.type === 'mentor' ? (e.mentorCompletionReason as Enrolment['mentor_ineligible_for_funding_reason']) : null,
  };
}

/** `now` decides participant_status (joining / leaving / left), so the sandbox's date applies. */
export function serializeParticipant(p: ParticipantRecord, now: Date) {
  return resource('participant', p.id, {
    full_name: p.fullName,
    teacher_reference_number: p.trn,
    updated_at: rfc3339(p.updatedAt),
    ecf_enrolments: p.enrolments.map((e) => serializeEnrolment(e, now)),
    participant_id_changes: p.idChanges.map((c) => ({
      from_participant_id: c.fromParticipantId,
      to_participant_id: c.toParticipantId,
      changed_at: rfc3339(c.createdAt),
    })),
  });
}
