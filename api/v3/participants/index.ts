import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas, sortSchema } from '../../openapi/parameters';
import { getParticipantHandler, getParticipantRoute } from './get';
import { listParticipantsHandler, listParticipantsRoute } from './list';
import { ECFParticipantFilterSchema } from './schemas';

// Literal paths (/participants/ecf/transfers) must be registered before /participants/ecf/{id}.
export const participantsApi = new OpenAPIHono<AppEnv>()
  .openapi(listParticipantsRoute, listParticipantsHandler)
  .openapi(getParticipantRoute, getParticipantHandler);

registerParameterSchemas(participantsApi.openAPIRegistry, {
  ECFParticipantFilter: ECFParticipantFilterSchema,
  ECFParticipantsSort: sortSchema(['created_at', 'updated_at']),
});
