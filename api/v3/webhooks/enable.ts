import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { enableWebhook } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase, WebhookIdParam } from './route-common';
import { WebhookResponseSchema } from './schemas';
import { serializeWebhook } from './serialize';

export const enableWebhookRoute = createRoute({
  ...webhookRouteBase,
  method: 'post',
  path: '/webhooks/{id}/enable',
  operationId: 'webhook_enable',
  summary: 'Turn a disabled webhook back on',
  description: 'After your receiver is fixed: deliveries resume from where they stopped (events that failed for good stay failed; read them from the change feed).',
  request: { params: WebhookIdParam },
  responses: { 200: jsonContent(WebhookResponseSchema, 'The webhook'), ...commonResponses, ...notFoundResponse },
});

export const enableWebhookHandler: RouteHandler<typeof enableWebhookRoute, AppEnv> = async (c) => {
  return c.json(single(serializeWebhook(await enableWebhook(requestContext(c), c.req.valid('param').id))), 200);
};
