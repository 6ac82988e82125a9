import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse, unprocessableResponse } from '../../openapi/responses';
import { changeDeliveryPartner } from '../../services/partnerships/change-delivery-partner';
import { requestContext } from '../request-context';
import { ECFPartnershipResponseSchema, jsonBodyRef } from './schemas';
import { serializePartnership } from './serialize';

const definition = {
  path: '/partnerships/ecf/{id}',
  operationId: 'partnerships_ecf_put',
  tags: ['ECF partnerships'],
  summary: 'Change the delivery partner of a partnership',
  description: 'Only active partnerships can change. Sending the current delivery partner changes nothing.',
  security: [{ bearerAuth: [] }],
  request: {
    params: idParam('The id of the partnership'),
    body: jsonBodyRef('ECFPartnershipUpdateRequest', 'The new delivery partner'),
  },
  responses: {
    200: jsonContent(ECFPartnershipResponseSchema, 'The partnership'),
    ...commonResponses,
    ...notFoundResponse,
    ...unprocessableResponse,
  },
};

export const updatePartnershipRoute = createRoute({ method: 'put', ...definition });
// PATCH does the same, as it always has; it is not part of the published contract.
export const patchPartnershipRoute = createRoute({ method: 'patch', ...definition, operationId: 'partnerships_ecf_patch', hide: true });

export const updatePartnershipHandler: RouteHandler<typeof updatePartnershipRoute, AppEnv> = async (c) => {
  const attributes = await readDataAttributes(c);
  const partnership = await changeDeliveryPartner(requestContext(c), c.req.valid('param').id, attributes);
  return c.json(single(serializePartnership(partnership)), 200);
};
