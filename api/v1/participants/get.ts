import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getParticipantRow } from '../../services/participants/participant-rows';
import { requestContext } from '../../v3/request-context';
import { participantRowFilters } from './query';
import { ParticipantRowResponseSchema } from './schemas';
import { serializeParticipantRow } from './serialize';

export const getParticipantRowRoute = createRoute({
  method: 'get',
  path: '/participants/ecf/{id}',
  operationId: 'ecf_participant',
  tags: ['ECF participants'],
  summary: 'Get one of your participants',
  description: 'One training record. For someone who is both an ECT and a mentor with you, the ECT record. The list filters apply here too.',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The participant id') },
  responses: {
    200: jsonContent(ParticipantRowResponseSchema, 'The training record'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getParticipantRowHandler: RouteHandler<typeof getParticipantRowRoute, AppEnv> = async (c) => {
  const row = await getParticipantRow(requestContext(c), c.req.valid('param').id, participantRowFilters(c.var.query));
  return c.json(single(serializeParticipantRow(row)), 200);
};
