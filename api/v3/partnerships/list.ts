import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseCohortList, parseIdList, parseUpdatedSince } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter, sortParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listPartnerships } from '../../services/partnerships/list-partnerships';
import { requestContext } from '../request-context';
import { MultipleECFPartnershipsResponseSchema } from './schemas';
import { serializePartnership } from './serialize';

export const listPartnershipsRoute = createRoute({
  method: 'get',
  path: '/partnerships/ecf',
  operationId: 'partnerships_ecf_list', // renamed: see api/openapi/renamed-operation-ids.ts
  tags: ['ECF partnerships'],
  summary: 'List your partnerships',
  description: 'Your partnerships with schools, including ones the school has challenged. `updated_at` moves when the partnership, its school, its delivery partner or the school’s induction tutor changes.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('PartnershipsFilter', 'Narrow the partnerships by cohort, delivery partner or last change.', 'filter[cohort]=2025&filter[updated_since]=2025-01-13T11:21:55Z'),
    pageParameter('partnerships'),
    sortParameter('PartnershipsSort', 'partnerships'),
  ],
  responses: {
    200: jsonContent(MultipleECFPartnershipsResponseSchema, 'A page of partnerships'),
    ...commonResponses,
  },
});

export const listPartnershipsHandler: RouteHandler<typeof listPartnershipsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const partnerships = await listPartnerships(requestContext(c), {
    cohortYears: parseCohortList(filter.cohort),
    deliveryPartnerIds: parseIdList(filter.delivery_partner_id),
    updatedSince: parseUpdatedSince(filter.updated_since),
    sort: typeof query.sort === 'string' ? query.sort : undefined,
    page: parsePagination(query),
  });
  return c.json(collection(partnerships.map(serializePartnership)), 200);
};
