import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../../services/events/event-types';

const when = (description: string) => z.string().nullable().openapi({ format: 'date-time', description, example: '2025-05-31T02:22:32Z' });

export const WebhookAttributesSchema = z.object({
  url: z.string().openapi({ description: 'Where we POST your events', example: 'https://example.com/webhooks/dfe' }),
  event_types: z.array(z.enum(EVENT_TYPES)).nullable().openapi({ description: 'The resource types sent; null for every type', example: ['participant', 'participant-declaration'] }),
  state: z.enum(['active', 'disabled']).openapi({ description: 'disabled after 3 deliveries in a row failed for good (turn it back on with enable)', example: 'active' }),
  cursor: z.string().openapi({ description: 'The last event of your feed turned into a delivery', example: '48213' }),
  consecutive_failures: z.number().int().openapi({ description: 'Deliveries failed for good since the last success', example: 0 }),
  disabled_at: when('When we disabled it; null while active'),
  created_at: z.string().openapi({ format: 'date-time', example: '2025-05-31T02:22:32Z' }),
  updated_at: z.string().openapi({ format: 'date-time', example: '2025-05-31T02:22:32Z' }),
}).openapi('WebhookAttributes');

export const WebhookSchema = z.object({
  id: z.string().openapi({ format: 'uuid', example: '9a3d4c0e-8d3b-4f0e-9a35-1c4a1d6b2f10' }),
  type: z.literal('webhook'),
  attributes: WebhookAttributesSchema,
}).openapi('Webhook');

export const WebhookWithSecretSchema = z.object({
  id: z.string().openapi({ format: 'uuid', example: '9a3d4c0e-8d3b-4f0e-9a35-1c4a1d6b2f10' }),
  type: z.literal('webhook'),
  attributes: WebhookAttributesSchema.extend({
    secret: z.string().openapi({ description: 'The signing secret (Standard Webhooks). Shown only now: store it safely.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
  }),
}).openapi('WebhookWithSecret');

export const WebhookResponseSchema = z.object({ data: WebhookSchema }).openapi('WebhookResponse');
export const WebhooksResponseSchema = z.object({ data: z.array(WebhookSchema) }).openapi('WebhooksResponse');
export const WebhookWithSecretResponseSchema = z.object({ data: WebhookWithSecretSchema }).openapi('WebhookWithSecretResponse');

export const WebhookRequestSchema = z.object({
  data: z.object({
    type: z.literal('webhook').optional(),
    attributes: z.object({
      url: z.string().openapi({ description: 'https:// (http:// is accepted outside production); never a private or internal address in production and the sandbox', example: 'https://example.com/webhooks/dfe' }),
      event_types: z.array(z.enum(EVENT_TYPES)).optional().openapi({ description: 'Only these resource types; leave out for every type' }),
      after: z.string().optional().openapi({ description: 'Start after this cursor of your feed (to pick up where a consumer left off); leave out to start from now', example: '48213' }),
    }),
  }),
}).openapi('WebhookRequest');

export const WebhookDeliverySchema = z.object({
  id: z.string().openapi({ description: 'The event id (its cursor): the webhook-id header of every attempt', example: '48213' }),
  type: z.literal('webhook-delivery'),
  attributes: z.object({
    event_type: z.enum(EVENT_TYPES),
    resource_id: z.string().openapi({ format: 'uuid' }),
    state: z.enum(['pending', 'delivered', 'failed']).openapi({ description: 'pending (waiting or retrying), delivered (your receiver answered 2xx) or failed (8 attempts failed)' }),
    attempts: z.number().int(),
    last_attempt_at: when('The last attempt; null before the first'),
    last_status: z.number().int().nullable().openapi({ description: 'HTTP status your receiver gave at the last attempt; null without an answer' }),
    last_error: z.string().nullable().openapi({ description: 'Why the last attempt failed' }),
    next_attempt_at: when('When we try again; null when delivered or failed'),
    delivered_at: when('When your receiver accepted it'),
    created_at: z.string().openapi({ format: 'date-time' }),
  }),
}).openapi('WebhookDelivery');

export const WebhookDeliveriesResponseSchema = z.object({ data: z.array(WebhookDeliverySchema) }).openapi('WebhookDeliveriesResponse');
