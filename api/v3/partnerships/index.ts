import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas, sortSchema } from '../../openapi/parameters';
import { createPartnershipHandler, createPartnershipRoute } from './create';
import { getPartnershipHandler, getPartnershipRoute } from './get';
import { listPartnershipsHandler, listPartnershipsRoute } from './list';
import { ECFPartnershipRequestSchema, ECFPartnershipUpdateRequestSchema, PartnershipsFilterSchema } from './schemas';
import { patchPartnershipRoute, updatePartnershipHandler, updatePartnershipRoute } from './update';

export const partnershipsApi = new OpenAPIHono<AppEnv>()
  .openapi(listPartnershipsRoute, listPartnershipsHandler)
  .openapi(createPartnershipRoute, createPartnershipHandler)
  .openapi(getPartnershipRoute, getPartnershipHandler)
  .openapi(updatePartnershipRoute, updatePartnershipHandler)
  .openapi(patchPartnershipRoute, updatePartnershipHandler as never);

registerParameterSchemas(partnershipsApi.openAPIRegistry, {
  PartnershipsFilter: PartnershipsFilterSchema,
  PartnershipsSort: sortSchema(['created_at', 'updated_at']),
  ECFPartnershipRequest: ECFPartnershipRequestSchema,
  ECFPartnershipUpdateRequest: ECFPartnershipUpdateRequestSchema,
});
