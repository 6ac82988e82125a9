import { z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';

// Query parameters of list endpoints are documented as the contract has them (deepObject
// `filter` and `page`, comma-separated `sort`) but parsed by our own modules in api/http/,
// because bracketed keys and their error messages are part of the contract.

export const PaginationSchema = z.object({
  page: z.number().int().openapi({ description: 'Page number, from 1 (the default).', example: 2 }),
  per_page: z.number().int().openapi({ description: 'Records per page: 100 by default, at most 3000 (larger values are reduced to 3000).', example: 500 }),
}).partial().openapi('Pagination');

type Registry = OpenAPIHono['openAPIRegistry'];

/** Registers the schemas the parameters below point at. */
export function registerParameterSchemas(registry: Registry, schemas: Record<string, z.ZodType>): void {
  registry.register('Pagination', PaginationSchema);
  for (const [name, schema] of Object.entries(schemas)) registry.register(name, schema);
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const filterParameter = (schemaName: string, description: string, example: string) => ({
  name: 'filter', in: 'query' as const, required: false, style: 'deepObject' as const, explode: true,
  schema: ref(schemaName), description, example,
});

export const pageParameter = (what: string) => ({
  name: 'page', in: 'query' as const, required: false, style: 'deepObject' as const, explode: true,
  schema: ref('Pagination'), description: `Which page of ${what} to return, and its size.`, example: 'page[page]=1&page[per_page]=100',
});

export const sortParameter = (schemaName: string, what: string) => ({
  name: 'sort', in: 'query' as const, required: false, style: 'form' as const, explode: false,
  schema: ref(schemaName), description: `Order of the ${what}: field names separated by commas, '-' before a name for descending.`, example: 'sort=-updated_at',
});

export const sortSchema = (fields: string[]) =>
  z.array(z.enum(fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]]));

/** A path id: any string, so a malformed id is a 404 like any unknown one, not a 400. */
export const idParam = (description: string) =>
  z.object({
    id: z.string().openapi({ param: { name: 'id', in: 'path', required: true }, format: 'uuid', description, example: '00acafd3-e6f6-41e7-a770-3207be94f755' }),
  });
