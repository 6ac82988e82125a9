import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../../services/events/event-types';

export const EventAttributesSchema = z.object({
  cursor: z.string().openapi({ description: 'Where this event is in your feed. Store the last one you processed and pass it as `after` next time. Opaque: compare cursors only by their place in the feed.', example: '48213' }),
  resource_type: z.enum(EVENT_TYPES).openapi({ description: 'The JSON:API type of the resource that changed', example: 'participant' }),
  resource_id: z.string().openapi({ format: 'uuid', description: 'The id of the resource that changed', example: 'db3a7848-7308-4879-942a-c4a70ced400a' }),
  updated_at: z.string().openapi({ format: 'date-time', description: 'The resource’s updated_at when the change was recorded (for a participant-transfer, the participant’s)', example: '2025-05-31T02:22:32Z' }),
  path: z.string().openapi({ description: 'Where to read the resource as it is now (v3)', example: '/api/v3/participants/ecf/db3a7848-7308-4879-942a-c4a70ced400a' }),
}).openapi('EventAttributes');

export const EventSchema = z.object({
  id: z.string().openapi({ description: 'The event id: the same as its cursor, and the `webhook-id` of its webhook deliveries', example: '48213' }),
  type: z.literal('event'),
  attributes: EventAttributesSchema,
}).openapi('Event');

export const EventsResponseSchema = z.object({
  data: z.array(EventSchema),
  meta: z.object({
    next_cursor: z.string().openapi({ description: 'Pass as `after` to read on: the last event’s cursor, or the one you sent when there was nothing new', example: '48213' }),
    has_more: z.boolean().openapi({ description: 'Whether more events were waiting when this page was read (read again at once)', example: false }),
  }),
}).openapi('EventsResponse');

export const EventsFilterSchema = z.object({
  type: z.string().openapi({ description: `Only these resource types, separated by commas: ${EVENT_TYPES.join(', ')}`, example: 'participant,participant-declaration' }),
}).partial().openapi('EventsFilter');
