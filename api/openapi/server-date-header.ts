import { SERVER_DATE_HEADER, SERVER_DATE_YEARS } from '../middleware/server-date';

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** The sandbox's clock header, as the middleware (api/middleware/server-date.ts) reads it. */
export const serverDateParameter = {
  name: SERVER_DATE_HEADER,
  in: 'header',
  required: false,
  description: `Sandbox only (production ignores it): the date and time this request runs at, in RFC 3339 with an offset, between ${SERVER_DATE_YEARS.from} and ${SERVER_DATE_YEARS.to}. Use it to test declarations and other date rules ahead of time. Anything else is a 400.`,
  schema: { type: 'string', format: 'date-time', example: '2025-01-10T10:42:00Z' },
} as const;

type Operation = { parameters?: unknown[] };

/**
 * Lists the header on every operation: the middleware moves the clock for the whole request
 * (writes check dates against it, reads compute states from it), so any call can use it.
 */
export function documentServerDateHeader<D extends { paths?: object }>(document: D): D {
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      operation.parameters = [...(operation.parameters ?? []), serverDateParameter];
    }
  }
  return document;
}
