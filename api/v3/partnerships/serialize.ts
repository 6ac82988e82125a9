import { resource } from '../../http/envelope';
import { rfc3339, rfc3339Millis } from '../../http/time';
import type { ChallengeReason } from '../../services/partnerships/messages';
import type { PartnershipRecord } from '../../services/partnerships/partnership-queries';

export function serializePartnership(p: PartnershipRecord) {
  return resource('partnership', p.id, {
    cohort: String(p.cohort),
    urn: p.urn,
    school_id: p.schoolId,
    delivery_partner_id: p.deliveryPartnerId ?? '',
    delivery_partner_name: p.deliveryPartnerName ?? '',
    status: p.challengeReason ? ('challenged' as const) : ('active' as const),
    challenged_reason: (p.challengeReason as ChallengeReason | null) ?? null,
    // The contract renders this one timestamp with milliseconds.
    challenged_at: rfc3339Millis(p.challengedAt),
    induction_tutor_name: p.inductionTutorName,
    induction_tutor_email: p.inductionTutorEmail ?? '',
    updated_at: rfc3339(p.updatedAt),
    created_at: rfc3339(p.createdAt),
  });
}
