import type { z } from '@hono/zod-openapi';
import { apiState } from '../../domain/declarations';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { DeclarationRecord } from '../../services/declarations/declaration-queries';
import type { DeclarationV1AttributesSchema } from './schemas';

type Attributes = z.infer<typeof DeclarationV1AttributesSchema>;

/** v1: the v2 attributes plus the deprecated eligible_for_payment (eligible or payable only: not paid) and voided. */
export function serializeDeclarationV1(d: DeclarationRecord) {
  const attributes: Attributes = {
    participant_id: d.userId,
    declaration_type: d.declarationType as Attributes['declaration_type'],
    course_identifier: d.courseIdentifier as Attributes['course_identifier'],
    eligible_for_payment: d.state === 'eligible' || d.state === 'payable',
    declaration_date: rfc3339(d.declarationDate),
    updated_at: rfc3339(d.updatedAt),
    voided: d.state === 'voided',
    state: apiState(d.state) as Attributes['state'],
    has_passed: null,
  };
  return resource('participant-declaration', d.id, attributes);
}
