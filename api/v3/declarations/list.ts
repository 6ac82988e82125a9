import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseCohortList, parseIdList, parseUpdatedSince } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listDeclarations } from '../../services/declarations/list-declarations';
import { requestContext } from '../request-context';
import { MultipleParticipantDeclarationsResponseSchema } from './schemas';
import { serializeDeclaration } from './serialize';

export const listDeclarationsRoute = createRoute({
  method: 'get',
  path: '/participant-declarations',
  operationId: 'participant_declarations',
  tags: ['Participant declarations'],
  summary: 'List declarations',
  description: 'Your declarations in every state, and other providers’ live declarations for participants you train, oldest first.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('ParticipantDeclarationsFilter', 'Narrow the declarations by cohort, participant, delivery partner or last change.', 'filter[cohort]=2025&filter[updated_since]=2025-01-13T11:21:55Z'),
    pageParameter('declarations'),
  ],
  responses: {
    200: jsonContent(MultipleParticipantDeclarationsResponseSchema, 'A page of declarations'),
    ...commonResponses,
  },
});

export const listDeclarationsHandler: RouteHandler<typeof listDeclarationsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const declarations = await listDeclarations(requestContext(c), {
    cohortYears: parseCohortList(filter.cohort),
    participantIds: parseIdList(filter.participant_id),
    deliveryPartnerIds: parseIdList(filter.delivery_partner_id),
    updatedSince: parseUpdatedSince(filter.updated_since),
    page: parsePagination(query),
  });
  return c.json(collection(declarations.map(serializeDeclaration)), 200);
};
