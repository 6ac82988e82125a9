import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getDeliveryPartner } from '../../services/delivery-partners/get-delivery-partner';
import { requestContext } from '../request-context';
import { DeliveryPartnerResponseSchema } from './schemas';
import { serializeDeliveryPartner } from './serialize';

export const getDeliveryPartnerRoute = createRoute({
  method: 'get',
  path: '/delivery-partners/{id}',
  operationId: 'delivery_patrner_get',
  tags: ['delivery partners'],
  summary: 'Get one delivery partner',
  description: 'A delivery partner you work with in any cohort. Anyone else is not found.',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The id of the delivery partner') },
  responses: {
    200: jsonContent(DeliveryPartnerResponseSchema, 'The delivery partner'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getDeliveryPartnerHandler: RouteHandler<typeof getDeliveryPartnerRoute, AppEnv> = async (c) => {
  const partner = await getDeliveryPartner(requestContext(c), c.req.valid('param').id);
  return c.json(single(serializeDeliveryPartner(partner)), 200);
};
