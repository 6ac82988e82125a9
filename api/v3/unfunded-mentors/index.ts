import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas, sortSchema } from '../../openapi/parameters';
import { getUnfundedMentorHandler, getUnfundedMentorRoute } from './get';
import { listUnfundedMentorsHandler, listUnfundedMentorsRoute } from './list';
import { UnfundedMentorsFilterSchema } from './schemas';

export const unfundedMentorsApi = new OpenAPIHono<AppEnv>()
  .openapi(listUnfundedMentorsRoute, listUnfundedMentorsHandler)
  .openapi(getUnfundedMentorRoute, getUnfundedMentorHandler);

registerParameterSchemas(unfundedMentorsApi.openAPIRegistry, {
  UnfundedMentorsFilter: UnfundedMentorsFilterSchema,
  ECFUnfundedMentorsSort: sortSchema(['updated_at']),
});
