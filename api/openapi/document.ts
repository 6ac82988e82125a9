import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';

/** The published OpenAPI document of one API version, generated from its route definitions. */
export function buildOpenApiDocument(version: 'v3', api: OpenAPIHono<AppEnv>) {
  const doc = new OpenAPIHono<AppEnv>();
  doc.route(`/api/${version}`, api);
  doc.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http', scheme: 'bearer', bearerFormat: 'string',
    description: 'The API token DfE issued to your organisation, sent as `Authorization: Bearer <token>`.',
  });
  return doc.getOpenAPIDocument({
    openapi: '3.0.1',
    info: {
      title: 'Lead Provider API',
      version: '3.0.0',
      description: 'For lead providers of early career teacher training in England: find schools and delivery partners, confirm partnerships, follow participants, submit declarations and see your statements.',
    },
    servers: [{ url: '/', description: 'This environment' }],
    security: [{ bearerAuth: [] }],
  });
}
