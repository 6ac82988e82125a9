import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, unprocessableResponse } from '../../openapi/responses';
import { createWebhook } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase } from './route-common';
import { WebhookWithSecretResponseSchema } from './schemas';
import { serializeWebhookWithSecret } from './serialize';

export const createWebhookRoute = createRoute({
  ...webhookRouteBase,
  method: 'post',
  path: '/webhooks',
  operationId: 'webhooks_post',
  summary: 'Subscribe to your change feed by webhook',
  description: 'We POST each event of your change feed to the address, signed per Standard Webhooks with the secret in the response (shown only now). Failed deliveries are tried again with growing delays. Starts with the changes after now, or after `after`.',
  request: { body: { required: true, description: 'The webhook to create', content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookRequest' } } } } },
  responses: {
    200: jsonContent(WebhookWithSecretResponseSchema, 'The webhook, with its secret'),
    ...commonResponses,
    ...unprocessableResponse,
  },
});

export const createWebhookHandler: RouteHandler<typeof createWebhookRoute, AppEnv> = async (c) => {
  const webhook = await createWebhook(requestContext(c), await readDataAttributes(c));
  return c.json(single(serializeWebhookWithSecret(webhook)), 200);
};
