import type { z } from '@hono/zod-openapi';
import { apiState } from '../../domain/declarations';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { DeclarationRecord } from '../../services/declarations/declaration-queries';
import type { ParticipantDeclarationAttributesSchema } from './schemas';

type Attributes = z.infer<typeof ParticipantDeclarationAttributesSchema>;
const UPLIFT_PAID_STATES = ['paid', 'awaiting_clawback', 'clawed_back'];

export function serializeDeclaration(d: DeclarationRecord) {
  const attributes: Attributes = {
    participant_id: d.userId,
    declaration_type: d.declarationType as Attributes['declaration_type'],
    declaration_date: rfc3339(d.declarationDate),
    course_identifier: d.courseIdentifier as Attributes['course_identifier'],
    state: apiState(d.state) as Attributes['state'],
    updated_at: rfc3339(d.updatedAt),
    created_at: rfc3339(d.createdAt),
    delivery_partner_id: d.deliveryPartnerId,
    statement_id: d.statementId,
    clawback_statement_id: d.clawbackStatementId,
    ineligible_for_funding_reason: d.state === 'ineligible' && d.stateReason === 'duplicate' ? 'duplicate_declaration' : null,
    mentor_id: d.mentorUserId,
    // Uplifts are paid with an ECT's started declaration for pupil premium or sparse schools.
    uplift_paid: d.courseIdentifier === 'ecf-induction' && d.declarationType === 'started' && UPLIFT_PAID_STATES.includes(d.state)
      && (d.pupilPremiumUplift || d.sparsityUplift),
    evidence_held: d.evidenceHeld as Attributes['evidence_held'],
    has_passed: null,
    lead_provider_name: d.leadProviderName,
  };
  return resource('participant-declaration', d.id, attributes);
}
