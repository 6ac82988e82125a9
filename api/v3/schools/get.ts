import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { getFilter, requireFilter } from '../../http/filters';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getSchool } from '../../services/schools/get-school';
import { requestContext } from '../request-context';
import { ECFSchoolResponseSchema, schoolFilterParameter } from './schemas';
import { serializeSchool } from './serialize';

export const getSchoolRoute = createRoute({
  method: 'get',
  path: '/schools/ecf/{id}',
  operationId: 'school_ecf_get',
  tags: ['ECF schools'],
  summary: 'Get one school in a cohort',
  description: 'A school you can see in the cohort given by `filter[cohort]` (required).',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The id of the school') },
  parameters: [schoolFilterParameter('cohort', true, 'The cohort (one start year) to show the school for.', 'filter[cohort]=2025')],
  responses: {
    200: jsonContent(ECFSchoolResponseSchema, 'The school'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getSchoolHandler: RouteHandler<typeof getSchoolRoute, AppEnv> = async (c) => {
  const cohort = requireFilter(getFilter(c.var.query), 'cohort');
  const school = await getSchool(requestContext(c), c.req.valid('param').id, cohort);
  return c.json(single(serializeSchool(school)), 200);
};
