import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import { getTransfersHandler, getTransfersRoute } from './get';
import { listTransfersHandler, listTransfersRoute } from './list';
import { ECFParticipantTransfersFilterSchema } from './schemas';

// Mounted before the participants sub-app: /participants/ecf/transfers is a literal path that
// /participants/ecf/{id} would otherwise match.
export const transfersApi = new OpenAPIHono<AppEnv>()
  .openapi(listTransfersRoute, listTransfersHandler)
  .openapi(getTransfersRoute, getTransfersHandler);

registerParameterSchemas(transfersApi.openAPIRegistry, {
  ECFParticipantTransfersFilter: ECFParticipantTransfersFilterSchema,
});
