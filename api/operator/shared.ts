import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, OperatorContext } from '../context';
import { readDataAttributes } from '../http/body';
import { commonResponses, jsonContent, notFoundResponse, unprocessableResponse } from '../openapi/responses';

// What every operator route shares: its definition, how its body is read and the context its
// services get (no lead provider scope; the operator, for the audit).

type ZodRequestBody = NonNullable<NonNullable<Parameters<typeof createRoute>[0]['request']>['body']>;

export const tag = (name: string) => [`operator: ${name}`];

type Property = { type: 'string' | 'integer' | 'boolean' | 'array'; description: string; example?: unknown; enum?: readonly string[]; items?: { type: 'string' | 'integer' | 'object' } };

/**
 * A JSON:API-style body `{"data":{"attributes":{...}}}`, documented but not validated by zod:
 * the services check attributes and answer with the contract's errors (one per attribute).
 */
export function attributesBody(properties: Record<string, Property>, required: string[] = []): ZodRequestBody {
  return {
    required: true,
    content: {
      'application/json': {
        // A plain OpenAPI schema object (zod would validate it; the services do that instead).
        schema: {
          type: 'object', required: ['data'],
          properties: { data: { type: 'object', required: ['attributes'], properties: { attributes: { type: 'object', required, properties } } } },
        } as never,
      },
    },
  };
}

export const resource = <T extends z.ZodRawShape>(type: string, attributes: T) =>
  z.object({ data: z.object({ id: z.string(), type: z.literal(type), attributes: z.object(attributes) }) });

export const pathId = (description: string) =>
  z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path', required: true }, description, example: '00acafd3-e6f6-41e7-a770-3207be94f755' }) });

export function operatorRoute<R extends z.ZodType>(opts: {
  method: 'post' | 'patch' | 'put'; path: string; operationId: string; tags: string[]; summary: string; description: string;
  body?: ReturnType<typeof attributesBody>; response: R; withId?: string; responseDescription?: string;
}) {
  return createRoute({
    method: opts.method, path: opts.path, tags: opts.tags, operationId: `operator_${opts.operationId}`,
    summary: opts.summary, description: opts.description, security: [{ bearerAuth: [] }],
    request: { ...(opts.withId ? { params: pathId(opts.withId) } : {}), ...(opts.body ? { body: opts.body } : {}) },
    responses: {
      200: jsonContent(opts.response, opts.responseDescription ?? 'What was written'),
      ...commonResponses, ...notFoundResponse, ...unprocessableResponse,
    },
  });
}

/** The attributes of a JSON:API-style body; an empty body is no attributes. */
export async function attributes(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  return (await c.req.text()).trim() ? readDataAttributes(c) : {};
}

export function operatorContext(c: Context<AppEnv>): OperatorContext {
  return {
    db: c.var.deps.db, now: c.var.now, config: c.var.deps.config, actor: c.var.operator,
    requestId: c.var.requestId ?? null, via: { method: c.req.method, path: c.req.path },
  };
}

export const single = <T extends string, A>(id: string, type: T, attributes: A) => ({ data: { id, type, attributes } });
