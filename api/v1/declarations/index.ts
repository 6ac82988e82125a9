import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import { ParticipantDeclarationRequestSchema } from '../../v3/declarations/schemas';
import { createDeclarationOperation } from './create';
import { getDeclarationOperation } from './get';
import { listDeclarationsOperation } from './list';
import { listDeclarationsCsvOperation } from './list-csv';
import { LegacyDeclarationsFilterSchema } from './schemas';
import type { DeclarationVersion } from './version';
import { voidDeclarationOperation } from './void';

type Operation = { route: Parameters<OpenAPIHono<AppEnv>['openapi']>[0]; handler: unknown };

/** The declaration operations of one version; `.csv` before `{id}`. */
export function declarationsApi(v: DeclarationVersion) {
  const api = new OpenAPIHono<AppEnv>();
  const operations: Operation[] = [
    listDeclarationsCsvOperation(v), listDeclarationsOperation(v), createDeclarationOperation(v), getDeclarationOperation(v), voidDeclarationOperation(v),
  ];
  // The handlers read the path and query themselves; the routes give the documents and validation.
  for (const op of operations) api.openapi(op.route, op.handler as never);
  registerParameterSchemas(api.openAPIRegistry, {
    ParticipantDeclarationsFilter: LegacyDeclarationsFilterSchema,
    ParticipantDeclarationRequest: ParticipantDeclarationRequestSchema,
  });
  return api;
}
