import { createRoute, z } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { ApiError } from '../../errors/api-error';
import { getFilter } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { EVENT_TYPES, isEventType, type EventType } from '../../services/events/event-types';
import { listEvents } from '../../services/events/list-events';
import { requestContext } from '../request-context';
import { EventsResponseSchema } from './schemas';
import { serializeEvent } from './serialize';

// An extension (not in the reference contract): the change feed. Documented under the
// "Extensions" tag with `x-extension: true`; the contract test lists it as such.

export const listEventsRoute = createRoute({
  method: 'get',
  path: '/events',
  operationId: 'events_get',
  tags: ['Extensions'],
  summary: 'Read your change feed',
  description: 'Every change to a record you can see (participants, partnerships, declarations, transfers, unfunded mentors, statements), in the order it was committed. Store the `cursor` of the last event you processed and pass it as `after` next time: you never miss a change and never need a full sync. A resource that changed several times since your cursor appears once, at its latest change; read it from `path`. Without `after` the feed starts from the beginning (everything you can see).',
  security: [{ bearerAuth: [] }],
  'x-extension': true,
  parameters: [
    { name: 'after', in: 'query' as const, required: false, schema: { type: 'string' as const }, description: 'A cursor from an earlier response: only events after it. Leave out to start at the beginning.', example: '48213' },
    filterParameter('EventsFilter', 'Only some kinds of resource.', 'filter[type]=participant,participant-declaration'),
    { name: 'page', in: 'query' as const, required: false, style: 'deepObject' as const, explode: true, schema: { $ref: '#/components/schemas/Pagination' }, description: 'Only `page[per_page]` (default 100, at most 3000): pages follow the cursor, not page numbers.', example: 'page[per_page]=1000' },
  ],
  responses: {
    200: jsonContent(EventsResponseSchema, 'The events after the cursor, oldest first'),
    ...commonResponses,
  },
} as const);

const cursorPattern = /^\d{1,15}$/;

export const listEventsHandler: RouteHandler<typeof listEventsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const rawAfter = query.after;
  if (rawAfter !== undefined && (typeof rawAfter !== 'string' || !cursorPattern.test(rawAfter.trim()))) {
    throw ApiError.badRequest("The 'after' value must be a cursor from an earlier response (the 'cursor' of an event, or 'meta.next_cursor').", 'after');
  }
  const page = parsePagination(query);
  if (page.page !== 1) throw ApiError.badRequest("The feed is paged by cursor: leave out 'page[page]' and pass 'after' with the last cursor you read.", 'page');
  const types = parseTypes(getFilter(query).type);
  const after = rawAfter === undefined ? 0 : Number(rawAfter.trim());
  // One more than asked, to say whether more are waiting without a second query.
  const rows = await listEvents(requestContext(c), { after, limit: page.perPage + 1, types });
  const events = rows.slice(0, page.perPage);
  const last = events.at(-1);
  return c.json({
    data: events.map(serializeEvent),
    meta: { next_cursor: last ? String(last.seq) : String(after), has_more: rows.length > page.perPage },
  }, 200);
};

function parseTypes(value: string | undefined): EventType[] | null {
  if (value === undefined || value.trim() === '') return null;
  const types = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const unknown = types.filter((t) => !isEventType(t));
  if (unknown.length > 0) throw ApiError.badRequest(`The filter '#/type' must be one or more of ${EVENT_TYPES.join(', ')}, separated by commas.`, 'filter[type]');
  return types as EventType[];
}

export type EventsResponse = z.infer<typeof EventsResponseSchema>;
