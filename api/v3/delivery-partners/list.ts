import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseCohortList } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter, sortParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listDeliveryPartners } from '../../services/delivery-partners/list-delivery-partners';
import { requestContext } from '../request-context';
import { DeliveryPartnersResponseSchema } from './schemas';
import { serializeDeliveryPartner } from './serialize';

export const listDeliveryPartnersRoute = createRoute({
  method: 'get',
  path: '/delivery-partners',
  operationId: 'delivery_patrners_get',
  tags: ['delivery partners'],
  summary: 'List the delivery partners you work with',
  description: 'Delivery partners that DfE has recorded as working with you, in all cohorts or the cohorts you filter on. Use their ids to confirm partnerships with schools.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('DeliveryPartnersFilter', 'Narrow the list to delivery partners you work with in particular cohorts.', 'filter[cohort]=2023,2024'),
    pageParameter('delivery partners'),
    sortParameter('DeliveryPartnersSort', 'delivery partners'),
  ],
  responses: {
    200: jsonContent(DeliveryPartnersResponseSchema, 'A page of delivery partners'),
    ...commonResponses,
  },
});

export const listDeliveryPartnersHandler: RouteHandler<typeof listDeliveryPartnersRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const partners = await listDeliveryPartners(requestContext(c), {
    cohortYears: parseCohortList(filter.cohort),
    sort: typeof query.sort === 'string' ? query.sort : undefined,
    page: parsePagination(query),
  });
  return c.json(collection(partners.map(serializeDeliveryPartner)), 200);
};
