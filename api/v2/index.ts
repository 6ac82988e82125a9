import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { declarationsApi } from '../v1/declarations';
import { declarationV2Schemas } from '../v1/declarations/schemas';
import { participantRowsApi } from '../v1/participants';
import { serializeDeclarationV2 } from './declarations/serialize';

/**
 * API v2, mounted at /api/v2: v1's participants (the same records; no /participants/{id}
 * action aliases, which the reference answered with 404) and declarations without the
 * deprecated eligible_for_payment and voided.
 */
export function createV2Api() {
  const v2 = new OpenAPIHono<AppEnv>();
  v2.route('/', participantRowsApi('v2'));
  v2.route('/', declarationsApi({ version: 'v2', ...declarationV2Schemas, serialize: serializeDeclarationV2 }));
  return v2;
}
