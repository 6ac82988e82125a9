import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getWebhook } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase, WebhookIdParam } from './route-common';
import { WebhookResponseSchema } from './schemas';
import { serializeWebhook } from './serialize';

export const getWebhookRoute = createRoute({
  ...webhookRouteBase,
  method: 'get',
  path: '/webhooks/{id}',
  operationId: 'webhook_get',
  summary: 'Get a webhook',
  description: 'One of your webhooks: where it sends, whether it is active, and how far it has got.',
  request: { params: WebhookIdParam },
  responses: { 200: jsonContent(WebhookResponseSchema, 'The webhook'), ...commonResponses, ...notFoundResponse },
});

export const getWebhookHandler: RouteHandler<typeof getWebhookRoute, AppEnv> = async (c) => {
  return c.json(single(serializeWebhook(await getWebhook(requestContext(c), c.req.valid('param').id))), 200);
};
