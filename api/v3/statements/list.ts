import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseCohortList, parseUpdatedSince } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listStatements } from '../../services/statements/list-statements';
import { requestContext } from '../request-context';
import { StatementsResponseSchema } from './schemas';
import { serializeStatement } from './serialize';

export const listStatementsRoute = createRoute({
  method: 'get',
  path: '/statements',
  operationId: 'statements_get',
  tags: ['statements'],
  summary: 'List your financial statements',
  description: 'Your output-fee statements, earliest payment date first: when each closes to new declarations, when DfE expects to pay it, and whether it has been paid.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('StatementsFilter', 'Narrow the statements by cohort, type or last change.', 'filter[cohort]=2023,2024&filter[type]=ecf&filter[updated_since]=2025-01-13T11:21:55Z'),
    pageParameter('statements'),
  ],
  responses: {
    200: jsonContent(StatementsResponseSchema, 'A page of statements'),
    ...commonResponses,
  },
});

export const listStatementsHandler: RouteHandler<typeof listStatementsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const statements = await listStatements(requestContext(c), {
    cohortYears: parseCohortList(filter.cohort),
    type: filter.type,
    updatedSince: parseUpdatedSince(filter.updated_since),
    page: parsePagination(query),
  });
  return c.json(collection(statements.map(serializeStatement)), 200);
};
