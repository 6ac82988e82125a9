import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listLegacyDeclarations } from '../../services/declarations/legacy-declarations';
import { requestContext } from '../../v3/request-context';
import { legacyDeclarationFilters } from './query';
import type { DeclarationVersion } from './version';

export function listDeclarationsOperation(v: DeclarationVersion) {
  const route = createRoute({
    method: 'get',
    path: '/participant-declarations',
    operationId: 'participant_declarations',
    tags: ['Participant declarations'],
    summary: 'List declarations',
    description: 'Your declarations in every state, and other providers’ live declarations for participants you train now (active or completed), in every cohort, oldest first.',
    security: [{ bearerAuth: [] }],
    parameters: [
      filterParameter('ParticipantDeclarationsFilter', 'Narrow the declarations to one participant, or to those changed after a time.', 'filter[participant_id]=db3a7848-7308-4879-942a-c4a70ced400a'),
      pageParameter('declarations'),
    ],
    responses: {
      200: jsonContent(v.multiple, 'A page of declarations'),
      ...commonResponses,
    },
  });
  const handler = async (c: Context<AppEnv>) => {
    const query = c.var.query;
    const declarations = await listLegacyDeclarations(requestContext(c), legacyDeclarationFilters(query), parsePagination(query));
    return c.json(collection(declarations.map(v.serialize)), 200);
  };
  return { route, handler };
}
