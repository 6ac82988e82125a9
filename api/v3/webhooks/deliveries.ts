import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { parsePagination } from '../../http/pagination';
import { pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { listWebhookDeliveries } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase, WebhookIdParam } from './route-common';
import { WebhookDeliveriesResponseSchema } from './schemas';
import { serializeDelivery } from './serialize';

export const listWebhookDeliveriesRoute = createRoute({
  ...webhookRouteBase,
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  operationId: 'webhook_deliveries_get',
  summary: 'List a webhook’s deliveries',
  description: 'One delivery per event, newest event first, each with the result of its last attempt and when the next one is due.',
  request: { params: WebhookIdParam },
  parameters: [pageParameter('deliveries')],
  responses: { 200: jsonContent(WebhookDeliveriesResponseSchema, 'Deliveries'), ...commonResponses, ...notFoundResponse },
});

export const listWebhookDeliveriesHandler: RouteHandler<typeof listWebhookDeliveriesRoute, AppEnv> = async (c) => {
  const rows = await listWebhookDeliveries(requestContext(c), c.req.valid('param').id, parsePagination(c.var.query));
  return c.json(collection(rows.map(serializeDelivery)), 200);
};
