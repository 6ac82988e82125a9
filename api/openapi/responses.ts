import { z } from '@hono/zod-openapi';

// Error bodies every route shares, spread into each route's `responses`.

export const ErrorSchema = z.object({
  title: z.string().openapi({ description: 'The field or problem the error is about', example: 'Bad request' }),
  detail: z.string().openapi({ description: 'What went wrong and what to do about it' }),
}).openapi('Error');

export const ErrorResponseSchema = z.object({ errors: z.array(ErrorSchema) }).openapi('ErrorResponse');

export const UnauthorisedResponseSchema = z.object({
  error: z.string().openapi({ example: 'HTTP Token: Access denied' }),
}).openapi('UnauthorisedResponse');

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const unauthorisedResponse = { 401: json(UnauthorisedResponseSchema, 'The API token is missing, unknown or revoked') };
export const notFoundResponse = { 404: json(ErrorResponseSchema, 'No record with that id is visible to you') };
export const badRequestResponse = { 400: json(ErrorResponseSchema, 'The request was malformed: an unreadable filter, date or page, or a body that is not JSON') };
export const unprocessableResponse = { 422: json(ErrorResponseSchema, 'The request broke a business rule; each error names the attribute at fault') };
export const rateLimitedResponse = { 429: json(ErrorResponseSchema, 'Too many requests with this token; wait for the number of seconds in Retry-After') };

/** Responses every authenticated route can give besides its own. */
export const commonResponses = { ...badRequestResponse, ...unauthorisedResponse, ...rateLimitedResponse };

export function jsonContent<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } };
}
