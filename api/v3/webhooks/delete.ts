import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { deleteWebhook } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase, WebhookIdParam } from './route-common';
import { WebhookResponseSchema } from './schemas';
import { serializeWebhook } from './serialize';

export const deleteWebhookRoute = createRoute({
  ...webhookRouteBase,
  method: 'delete',
  path: '/webhooks/{id}',
  operationId: 'webhook_delete',
  summary: 'Delete a webhook',
  description: 'Stops deliveries at once and forgets their history. Your change feed is not affected.',
  request: { params: WebhookIdParam },
  responses: { 200: jsonContent(WebhookResponseSchema, 'The webhook as it was'), ...commonResponses, ...notFoundResponse },
});

export const deleteWebhookHandler: RouteHandler<typeof deleteWebhookRoute, AppEnv> = async (c) => {
  return c.json(single(serializeWebhook(await deleteWebhook(requestContext(c), c.req.valid('param').id))), 200);
};
