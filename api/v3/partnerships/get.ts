import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getPartnership } from '../../services/partnerships/get-partnership';
import { requestContext } from '../request-context';
import { ECFPartnershipResponseSchema } from './schemas';
import { serializePartnership } from './serialize';

export const getPartnershipRoute = createRoute({
  method: 'get',
  path: '/partnerships/ecf/{id}',
  operationId: 'partnerships_ecf_get',
  tags: ['ECF partnerships'],
  summary: 'Get one of your partnerships',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The id of the partnership') },
  responses: {
    200: jsonContent(ECFPartnershipResponseSchema, 'The partnership'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getPartnershipHandler: RouteHandler<typeof getPartnershipRoute, AppEnv> = async (c) => {
  const partnership = await getPartnership(requestContext(c), c.req.valid('param').id);
  return c.json(single(serializePartnership(partnership)), 200);
};
