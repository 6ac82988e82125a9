import type { z } from '@hono/zod-openapi';
import type { ResourceObject } from '../../http/envelope';
import type { DeclarationRecord } from '../../services/declarations/declaration-queries';

/** What one version's declaration operations differ by: their schemas and serializer. */
export interface DeclarationVersion {
  version: 'v1' | 'v2';
  single: z.ZodTypeAny;
  multiple: z.ZodTypeAny;
  serialize: (d: DeclarationRecord) => ResourceObject<'participant-declaration', Record<string, unknown>>;
}
