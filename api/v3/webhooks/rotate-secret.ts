import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { rotateWebhookSecret } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase, WebhookIdParam } from './route-common';
import { WebhookWithSecretResponseSchema } from './schemas';
import { serializeWebhookWithSecret } from './serialize';

export const rotateWebhookSecretRoute = createRoute({
  ...webhookRouteBase,
  method: 'post',
  path: '/webhooks/{id}/rotate-secret',
  operationId: 'webhook_rotate_secret',
  summary: 'Give a webhook a new secret',
  description: 'The new secret is shown only now. For 24 hours deliveries carry two signatures, one with each secret, so your receiver can switch over without rejecting any.',
  request: { params: WebhookIdParam },
  responses: { 200: jsonContent(WebhookWithSecretResponseSchema, 'The webhook, with its new secret'), ...commonResponses, ...notFoundResponse },
});

export const rotateWebhookSecretHandler: RouteHandler<typeof rotateWebhookSecretRoute, AppEnv> = async (c) => {
  return c.json(single(serializeWebhookWithSecret(await rotateWebhookSecret(requestContext(c), c.req.valid('param').id))), 200);
};
