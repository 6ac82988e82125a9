import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getTransfers } from '../../services/transfers/get-transfers';
import { requestContext } from '../request-context';
import { ECFParticipantTransferResponseSchema } from './schemas';
import { serializeParticipantTransfers } from './serialize';

export const getTransfersRoute = createRoute({
  method: 'get',
  path: '/participants/ecf/{id}/transfers',
  operationId: 'participant_transfers',
  tags: ['participant transfers'],
  summary: 'Get the transfers of one participant',
  description: 'The moves between schools of one participant, if any of them concerns you. Anyone else is not found.',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The participant id') },
  responses: {
    200: jsonContent(ECFParticipantTransferResponseSchema, 'The participant’s transfers'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getTransfersHandler: RouteHandler<typeof getTransfersRoute, AppEnv> = async (c) => {
  const transfers = await getTransfers(requestContext(c), c.req.valid('param').id);
  return c.json(single(serializeParticipantTransfers(transfers)), 200);
};
