import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas, sortSchema } from '../../openapi/parameters';
import { getSchoolHandler, getSchoolRoute } from './get';
import { listSchoolsHandler, listSchoolsRoute } from './list';
import { ECFSchoolsFilterSchema } from './schemas';

export const schoolsApi = new OpenAPIHono<AppEnv>()
  .openapi(listSchoolsRoute, listSchoolsHandler)
  .openapi(getSchoolRoute, getSchoolHandler);

registerParameterSchemas(schoolsApi.openAPIRegistry, {
  ECFSchoolsFilter: ECFSchoolsFilterSchema,
  ECFSchoolsSort: sortSchema(['updated_at']),
});
