import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { getFilter } from '../../http/filters';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getParticipant } from '../../services/participants/get-participant';
import { requestContext } from '../request-context';
import { participantFilters } from './query';
import { ECFParticipantResponseSchema } from './schemas';
import { serializeParticipant } from './serialize';

export const getParticipantRoute = createRoute({
  method: 'get',
  path: '/participants/ecf/{id}',
  operationId: 'ecf_participant',
  tags: ['ECF participants'],
  summary: 'Get one of your participants',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The participant id') },
  responses: {
    200: jsonContent(ECFParticipantResponseSchema, 'The participant'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getParticipantHandler: RouteHandler<typeof getParticipantRoute, AppEnv> = async (c) => {
  const participant = await getParticipant(requestContext(c), c.req.valid('param').id, participantFilters(getFilter(c.var.query)));
  return c.json(single(serializeParticipant(participant, c.var.now)), 200);
};
