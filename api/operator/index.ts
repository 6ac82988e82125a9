import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { validationHook } from '../errors/handlers';
import { bulkRoutes } from './bulk';
import { deliveryPartnerRoutes } from './delivery-partners';
import { financeRoutes } from './finance';
import { leadProviderRoutes } from './lead-providers';
import { participantRoutes } from './participants';
import { schoolRoutes } from './schools';

/**
 * The operator API (`/api/operator`): how DfE's operators and the school-facing service put
 * providers, schools, participants and payments into a real deployment. Its school and DfE
 * events are the sandbox control API's own services, called for any provider; every write is
 * audited. Only operator tokens open it (api/middleware/operator-auth.ts).
 */
export function operatorApi() {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Bulk first: `/participants/bulk` must not be read as a participant id.
  api.route('/', bulkRoutes());
  api.route('/', leadProviderRoutes());
  api.route('/', deliveryPartnerRoutes());
  api.route('/', schoolRoutes());
  api.route('/', participantRoutes());
  api.route('/', financeRoutes());
  return api;
}
