import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseUpdatedSince, requireFilter } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { pageParameter, sortParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listSchools } from '../../services/schools/list-schools';
import { requestContext } from '../request-context';
import { MultipleECFSchoolsResponseSchema, schoolFilterParameter } from './schemas';
import { serializeSchool } from './serialize';

export const listSchoolsRoute = createRoute({
  method: 'get',
  path: '/schools/ecf',
  operationId: 'school_ecf_list', // the reference's school_ecf_get is the show operation's (api/openapi/renamed-operation-ids.ts)
  tags: ['ECF schools'],
  summary: 'List schools you can partner with in a cohort',
  description: 'Schools eligible for funded training in one cohort, and schools already in a confirmed partnership in it. Every provider sees the same schools. `filter[cohort]` is required.',
  security: [{ bearerAuth: [] }],
  parameters: [
    schoolFilterParameter('cohort', true, 'The cohort (one start year) to list schools for.', 'filter[cohort]=2025'),
    schoolFilterParameter('urn', false, 'Only the school with this URN.', 'filter[urn]=106286'),
    schoolFilterParameter('updated_since', false, 'Only schools changed at or after this time (RFC 3339).', 'filter[updated_since]=2025-01-13T11:21:55Z'),
    pageParameter('schools'),
    sortParameter('ECFSchoolsSort', 'schools'),
  ],
  responses: {
    200: jsonContent(MultipleECFSchoolsResponseSchema, 'A page of schools'),
    ...commonResponses,
  },
});

export const listSchoolsHandler: RouteHandler<typeof listSchoolsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const schools = await listSchools(requestContext(c), {
    cohort: requireFilter(filter, 'cohort'),
    urn: filter.urn,
    updatedSince: parseUpdatedSince(filter.updated_since),
    sort: typeof query.sort === 'string' ? query.sort : undefined,
    page: parsePagination(query),
  });
  return c.json(collection(schools.map(serializeSchool)), 200);
};
