import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import { createDeclarationHandler, createDeclarationRoute } from './create';
import { getDeclarationHandler, getDeclarationRoute } from './get';
import { listDeclarationsHandler, listDeclarationsRoute } from './list';
import { ParticipantDeclarationRequestSchema, ParticipantDeclarationsFilterSchema } from './schemas';
import { voidDeclarationHandler, voidDeclarationRoute } from './void';

export const declarationsApi = new OpenAPIHono<AppEnv>()
  .openapi(listDeclarationsRoute, listDeclarationsHandler)
  .openapi(createDeclarationRoute, createDeclarationHandler)
  .openapi(getDeclarationRoute, getDeclarationHandler)
  .openapi(voidDeclarationRoute, voidDeclarationHandler);

registerParameterSchemas(declarationsApi.openAPIRegistry, {
  ParticipantDeclarationsFilter: ParticipantDeclarationsFilterSchema,
  ParticipantDeclarationRequest: ParticipantDeclarationRequestSchema,
});
