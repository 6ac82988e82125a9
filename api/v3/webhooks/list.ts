import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { parsePagination } from '../../http/pagination';
import { pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listWebhooks } from '../../services/webhooks/subscriptions';
import { requestContext } from '../request-context';
import { webhookRouteBase } from './route-common';
import { WebhooksResponseSchema } from './schemas';
import { serializeWebhook } from './serialize';

export const listWebhooksRoute = createRoute({
  ...webhookRouteBase,
  method: 'get',
  path: '/webhooks',
  operationId: 'webhooks_get',
  summary: 'List your webhooks',
  description: 'Your webhook subscriptions, oldest first (without their secrets).',
  parameters: [pageParameter('webhooks')],
  responses: { 200: jsonContent(WebhooksResponseSchema, 'Your webhooks'), ...commonResponses },
});

export const listWebhooksHandler: RouteHandler<typeof listWebhooksRoute, AppEnv> = async (c) => {
  const rows = await listWebhooks(requestContext(c), parsePagination(c.var.query));
  return c.json(collection(rows.map(serializeWebhook)), 200);
};
