import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import { listEventsHandler, listEventsRoute } from './list';
import { EventsFilterSchema } from './schemas';

/** Extension: the change feed (GET /api/v3/events). */
export const eventsApi = new OpenAPIHono<AppEnv>()
  .openapi(listEventsRoute, listEventsHandler);

registerParameterSchemas(eventsApi.openAPIRegistry, { EventsFilter: EventsFilterSchema });
