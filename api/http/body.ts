import type { Context } from 'hono';
import { ApiError } from '../errors/api-error';

const structureHelp = 'The body must be JSON of the form {"data":{"type":"...","attributes":{...}}}. See the API documentation for this endpoint.';

/**
 * Reads a JSON:API request body and returns `data.attributes`. Unreadable JSON, a missing or
 * empty `data`, or attributes that are not an object are 400s; unknown attributes are dropped
 * later by each operation's own schema.
 */
export async function readDataAttributes(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw ApiError.badRequest(`The request body is not valid JSON. ${structureHelp}`);
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
    throw ApiError.badRequest(structureHelp);
  }
  const attributes = (data as { attributes?: unknown }).attributes ?? {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw ApiError.badRequest(structureHelp);
  }
  return attributes as Record<string, unknown>;
}
