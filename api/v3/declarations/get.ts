import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getDeclaration } from '../../services/declarations/get-declaration';
import { requestContext } from '../request-context';
import { SingleParticipantDeclarationResponseSchema } from './schemas';
import { serializeDeclaration } from './serialize';

export const getDeclarationRoute = createRoute({
  method: 'get',
  path: '/participant-declarations/{id}',
  operationId: 'participant_declaration',
  tags: ['Participant declarations'],
  summary: 'Get one declaration',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The declaration id') },
  responses: {
    200: jsonContent(SingleParticipantDeclarationResponseSchema, 'The declaration'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getDeclarationHandler: RouteHandler<typeof getDeclarationRoute, AppEnv> = async (c) => {
  const declaration = await getDeclaration(requestContext(c), c.req.valid('param').id);
  return c.json(single(serializeDeclaration(declaration)), 200);
};
