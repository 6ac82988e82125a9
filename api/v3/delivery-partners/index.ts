import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas, sortSchema } from '../../openapi/parameters';
import { getDeliveryPartnerHandler, getDeliveryPartnerRoute } from './get';
import { listDeliveryPartnersHandler, listDeliveryPartnersRoute } from './list';
import { DeliveryPartnersFilterSchema } from './schemas';

export const deliveryPartnersApi = new OpenAPIHono<AppEnv>()
  .openapi(listDeliveryPartnersRoute, listDeliveryPartnersHandler)
  .openapi(getDeliveryPartnerRoute, getDeliveryPartnerHandler);

registerParameterSchemas(deliveryPartnersApi.openAPIRegistry, {
  DeliveryPartnersFilter: DeliveryPartnersFilterSchema,
  DeliveryPartnersSort: sortSchema(['created_at', 'updated_at']),
});
