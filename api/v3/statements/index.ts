import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import { getStatementHandler, getStatementRoute } from './get';
import { listStatementsHandler, listStatementsRoute } from './list';
import { StatementsFilterSchema } from './schemas';

export const statementsApi = new OpenAPIHono<AppEnv>()
  .openapi(listStatementsRoute, listStatementsHandler)
  .openapi(getStatementRoute, getStatementHandler);

registerParameterSchemas(statementsApi.openAPIRegistry, { StatementsFilter: StatementsFilterSchema });
