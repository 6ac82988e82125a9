import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { getFilter } from '../../http/filters';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getStatement } from '../../services/statements/get-statement';
import { requestContext } from '../request-context';
import { StatementResponseSchema } from './schemas';
import { serializeStatement } from './serialize';

export const getStatementRoute = createRoute({
  method: 'get',
  path: '/statements/{id}',
  operationId: 'statement_get',
  tags: ['statements'],
  summary: 'Get one financial statement',
  description: 'One of your statements, by id (for example the statement_id of a declaration).',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The id of the statement') },
  responses: {
    200: jsonContent(StatementResponseSchema, 'The statement'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getStatementHandler: RouteHandler<typeof getStatementRoute, AppEnv> = async (c) => {
  const statement = await getStatement(requestContext(c), c.req.valid('param').id, getFilter(c.var.query).type);
  return c.json(single(serializeStatement(statement)), 200);
};
