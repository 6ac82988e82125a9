import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse, unprocessableResponse } from '../../openapi/responses';
import { voidDeclaration } from '../../services/declarations/void-declaration';
import { requestContext } from '../../v3/request-context';
import type { DeclarationVersion } from './version';

export function voidDeclarationOperation(v: DeclarationVersion) {
  const route = createRoute({
    method: 'put',
    path: '/participant-declarations/{id}/void',
    operationId: 'participant_declaration_void',
    tags: ['Participant declarations'],
    summary: 'Void a declaration',
    description: 'Withdraw one of your declarations. One not yet paid is voided; a paid one is clawed back on your next output-fee statement.',
    security: [{ bearerAuth: [] }],
    request: { params: idParam('The declaration id') },
    responses: {
      200: jsonContent(v.single, 'The declaration, voided or awaiting clawback'),
      ...commonResponses,
      ...notFoundResponse,
      ...unprocessableResponse,
    },
  });
  const handler = async (c: Context<AppEnv>) => {
    const declaration = await voidDeclaration(requestContext(c), c.req.param('id')!);
    return c.json(single(v.serialize(declaration)), 200);
  };
  return { route, handler };
}
