import type { z } from '@hono/zod-openapi';
import { apiState } from '../../domain/declarations';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { DeclarationRecord } from '../../services/declarations/declaration-queries';
import type { DeclarationV2AttributesSchema } from '../../v1/declarations/schemas';

type Attributes = z.infer<typeof DeclarationV2AttributesSchema>;

/** v2: v1 without the deprecated eligible_for_payment and voided. */
export function serializeDeclarationV2(d: DeclarationRecord) {
  const attributes: Attributes = {
    participant_id: d.userId,
    declaration_type: d.declarationType as Attributes['declaration_type'],
    course_identifier: d.courseIdentifier as Attributes['course_identifier'],
    declaration_date: rfc3339(d.declarationDate),
    updated_at: rfc3339(d.updatedAt),
    state: apiState(d.state) as Attributes['state'],
    has_passed: null,
  };
  return resource('participant-declaration', d.id, attributes);
}
