import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { documentSuccessorPaths } from '../v3/successor-paths';
import { documentServerDateHeader } from './server-date-header';
import { openApiServers, type ServerAddresses } from './servers';

const descriptions = {
  v1: 'API v1 for lead providers of early career teacher training in England: follow your participants (one record per training record, also as CSV), tell DfE about their training, and submit and void declarations. v3 offers more; see the guidance on API versions.',
  v2: 'API v2 for lead providers of early career teacher training in England: as v1, with declarations that no longer carry the deprecated eligible_for_payment and voided attributes. v3 offers more; see the guidance on API versions.',
  v3: 'For lead providers of early career teacher training in England: find schools and delivery partners, confirm partnerships, follow participants, submit declarations and see your statements.',
  operator: 'The operator API, for DfE’s operators and the school-facing service: create lead providers, delivery partners and their cohorts, record schools’ programme choices and induction tutors, register and validate participants, report transfers, leavers, mentors and merges, challenge partnerships on a school’s behalf, open, close and pay statements, and give providers API tokens and web accounts. Operator tokens only (`npm run operator -- token:create`); every write is audited.',
  sandbox: 'The sandbox’s control API: make schools and DfE do things on demand (register and validate participants, challenge partnerships, report transfers, pay statements) to test your integration. Not available in production.',
};

export type DocumentName = 'v1' | 'v2' | 'v3' | 'sandbox' | 'operator';

const infoVersions: Record<DocumentName, string> = { v1: '1.0.0', v2: '2.0.0', v3: '3.0.0', sandbox: '1.0.0', operator: '1.0.0' };

/**
 * The published OpenAPI document of one API, generated from its route definitions. `addresses`
 * give its absolute servers: the configured ones when the app serves it, DfE's by default (the
 * committed copies in docs/openapi/).
 */
export function buildOpenApiDocument(version: DocumentName, api: OpenAPIHono<AppEnv>, addresses?: ServerAddresses) {
  const doc = new OpenAPIHono<AppEnv>();
  doc.route(`/api/${version}`, api);
  doc.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http', scheme: 'bearer', bearerFormat: 'string',
    description: version === 'operator'
      ? 'An operator token (made by `npm run operator -- token:create`), sent as `Authorization: Bearer <token>`. Lead provider tokens are refused.'
      : 'The API token DfE issued to your organisation, sent as `Authorization: Bearer <token>`.',
  });
  const document = doc.getOpenAPIDocument({
    openapi: '3.0.1',
    info: {
      title: version === 'sandbox' ? 'Lead Provider API sandbox control' : version === 'operator' ? 'Lead Provider API operator' : 'Lead Provider API',
      version: infoVersions[version],
      description: descriptions[version],
    },
    servers: openApiServers(version, addresses),
    security: [{ bearerAuth: [] }],
  });
  documentServerDateHeader(document);
  return version === 'v3' ? documentSuccessorPaths(document) : document;
}
