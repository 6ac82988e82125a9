import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import { createWebhookHandler, createWebhookRoute } from './create';
import { deleteWebhookHandler, deleteWebhookRoute } from './delete';
import { listWebhookDeliveriesHandler, listWebhookDeliveriesRoute } from './deliveries';
import { enableWebhookHandler, enableWebhookRoute } from './enable';
import { getWebhookHandler, getWebhookRoute } from './get';
import { listWebhooksHandler, listWebhooksRoute } from './list';
import { rotateWebhookSecretHandler, rotateWebhookSecretRoute } from './rotate-secret';
import { WebhookRequestSchema } from './schemas';

/** Extension: webhook subscriptions to the change feed (/api/v3/webhooks). */
export const webhooksApi = new OpenAPIHono<AppEnv>()
  .openapi(listWebhooksRoute, listWebhooksHandler)
  .openapi(createWebhookRoute, createWebhookHandler)
  .openapi(getWebhookRoute, getWebhookHandler)
  .openapi(deleteWebhookRoute, deleteWebhookHandler)
  .openapi(rotateWebhookSecretRoute, rotateWebhookSecretHandler)
  .openapi(enableWebhookRoute, enableWebhookHandler)
  .openapi(listWebhookDeliveriesRoute, listWebhookDeliveriesHandler);

registerParameterSchemas(webhooksApi.openAPIRegistry, { WebhookRequest: WebhookRequestSchema });
