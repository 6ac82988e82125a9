import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getLegacyDeclaration } from '../../services/declarations/legacy-declarations';
import { requestContext } from '../../v3/request-context';
import { legacyDeclarationFilters } from './query';
import type { DeclarationVersion } from './version';

export function getDeclarationOperation(v: DeclarationVersion) {
  const route = createRoute({
    method: 'get',
    path: '/participant-declarations/{id}',
    operationId: 'participant_declaration',
    tags: ['Participant declarations'],
    summary: 'Get one declaration',
    security: [{ bearerAuth: [] }],
    request: { params: idParam('The declaration id') },
    responses: {
      200: jsonContent(v.single, 'The declaration'),
      ...commonResponses,
      ...notFoundResponse,
    },
  });
  const handler = async (c: Context<AppEnv>) => {
    const declaration = await getLegacyDeclaration(requestContext(c), c.req.param('id')!, legacyDeclarationFilters(c.var.query));
    return c.json(single(v.serialize(declaration)), 200);
  };
  return { route, handler };
}
