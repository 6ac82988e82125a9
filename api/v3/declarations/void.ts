import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse, unprocessableResponse } from '../../openapi/responses';
import { voidDeclaration } from '../../services/declarations/void-declaration';
import { requestContext } from '../request-context';
import { SingleParticipantDeclarationResponseSchema } from './schemas';
import { serializeDeclaration } from './serialize';

export const voidDeclarationRoute = createRoute({
  method: 'put',
  path: '/participant-declarations/{id}/void',
  operationId: 'participant_declaration_void',
  tags: ['Participant declarations'],
  summary: 'Void a declaration',
  description: 'Withdraw one of your declarations. One not yet paid is voided; a paid one is clawed back on your next output-fee statement.',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The declaration id') },
  responses: {
    200: jsonContent(SingleParticipantDeclarationResponseSchema, 'The declaration, voided or awaiting clawback'),
    ...commonResponses,
    ...notFoundResponse,
    ...unprocessableResponse,
  },
});

export const voidDeclarationHandler: RouteHandler<typeof voidDeclarationRoute, AppEnv> = async (c) => {
  const declaration = await voidDeclaration(requestContext(c), c.req.valid('param').id);
  return c.json(single(serializeDeclaration(declaration)), 200);
};
