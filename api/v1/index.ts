import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { declarationsApi } from './declarations';
import { declarationV1Schemas } from './declarations/schemas';
import { serializeDeclarationV1 } from './declarations/serialize';
import { participantRowsApi } from './participants';

/** API v1, mounted at /api/v1: participants as flat training records, and declarations. */
export function createV1Api() {
  const v1 = new OpenAPIHono<AppEnv>();
  v1.route('/', participantRowsApi('v1'));
  v1.route('/', declarationsApi({ version: 'v1', ...declarationV1Schemas, serialize: serializeDeclarationV1 }));
  return v1;
}
