import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';

const descriptions = {
  v3: 'For lead providers of early career teacher training in England: find schools and delivery partners, confirm partnerships, follow participants, submit declarations and see your statements.',
  sandbox: 'The sandbox’s control API: make schools and DfE do things on demand (register and validate participants, challenge partnerships, report transfers, pay statements) to test your integration. Not available in production.',
};

/** The published OpenAPI document of one API, generated from its route definitions. */
export function buildOpenApiDocument(version: 'v3' | 'sandbox', api: OpenAPIHono<AppEnv>) {
  const doc = new OpenAPIHono<AppEnv>();
  doc.route(`/api/${version}`, api);
  doc.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http', scheme: 'bearer', bearerFormat: 'string',
    description: 'The API token DfE issued to your organisation, sent as `Authorization: Bearer <token>`.',
  });
  return doc.getOpenAPIDocument({
    openapi: '3.0.1',
    info: {
      title: version === 'v3' ? 'Lead Provider API' : 'Lead Provider API sandbox control',
      version: version === 'v3' ? '3.0.0' : '1.0.0',
      description: descriptions[version],
    },
    servers: [{ url: '/', description: 'This environment' }],
    security: [{ bearerAuth: [] }],
  });
}
