import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context';
import { JSON_API } from '../http/envelope';
import { ApiError, DomainError, NotFoundError, type ErrorItem } from './api-error';
import { logUnexpectedError } from './log';

export function errorBody(errors: ErrorItem[]) {
  return { errors };
}

function send(c: Context, status: number, body: unknown, headers: Record<string, string> = {}) {
  return c.body(JSON.stringify(body), status as 400, { 'Content-Type': JSON_API, ...headers });
}

/**
 * The one error handler. Known errors keep their status and messages; anything else is logged
 * with the request id and answered with a bare 500 — never exception text, SQL or a stack.
 */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return send(c, err.status, errorBody(err.errors), err.headers);
  if (err instanceof DomainError) return send(c, 422, errorBody(err.errors));
  if (err instanceof NotFoundError) return send(c, 404, errorBody(ApiError.notFound().errors));
  if (err instanceof HTTPException) {
    if (err.status === 413) {
      return send(c, 413, errorBody([{ title: 'Request too large', detail: 'The request body is larger than this API accepts.' }]));
    }
    if (err.status < 500) {
      return send(c, err.status, errorBody([{ title: 'Bad request', detail: 'The request could not be understood. Check it against the API documentation.' }]));
    }
  }
  logUnexpectedError(c, err);
  return send(c, 500, { error: 'Internal server error' });
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  send(c, 404, errorBody([{ title: 'Resource not found', detail: `There is nothing at ${c.req.method} ${c.req.path}. Check the path against the API documentation.` }]));

/**
 * zod-openapi's validation hook: a request that does not fit a route's schema is a 400 in the
 * contract's shape, naming the field and what was wrong with it.
 */
export function validationHook(
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] }; target?: string },
  c: Context,
) {
  if (result.success) return;
  const issues = result.error?.issues ?? [];
  return send(c, 400, errorBody(issues.slice(0, 20).map((i) => ({
    title: 'Bad request',
    detail: `${i.path.map(String).join('.') || result.target || 'request'}: ${i.message}`,
  }))));
}
