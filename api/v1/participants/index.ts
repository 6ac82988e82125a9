import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas } from '../../openapi/parameters';
import {
  ECFParticipantChangeScheduleRequestSchema, ECFParticipantDeferRequestSchema, ECFParticipantResumeRequestSchema, ECFParticipantWithdrawRequestSchema,
} from '../../v3/participants/schemas';
import { participantRowActionRoute, type ActionOptions } from './action-route';
import { changeScheduleHandler, changeScheduleOptions } from './change-schedule';
import { deferHandler, deferOptions } from './defer';
import { getParticipantRowHandler, getParticipantRowRoute } from './get';
import { listParticipantRowsHandler, listParticipantRowsRoute, type LegacyVersion } from './list';
import { listParticipantRowsCsvHandler, listParticipantRowsCsvRoute } from './list-csv';
import { resumeHandler, resumeOptions } from './resume';
import { ParticipantRowFilterV1Schema, ParticipantRowFilterV2Schema } from './schemas';
import { withdrawHandler, withdrawOptions } from './withdraw';

const actions: [ActionOptions, ReturnType<typeof import('./action-route').participantRowActionHandler>][] = [
  [withdrawOptions, withdrawHandler],
  [deferOptions, deferHandler],
  [resumeOptions, resumeHandler],
  [changeScheduleOptions, changeScheduleHandler],
];

/**
 * The participant operations of v1 or v2 (v2 serves v1's records). Literal paths (`ecf.csv`,
 * `ecf`) come before `{id}` paths. v1 also answers the actions at `/participants/{id}/...`, and
 * both answer the undocumented `/participants` and `/participants.csv` the reference served.
 */
export function participantRowsApi(version: LegacyVersion) {
  const api = new OpenAPIHono<AppEnv>();
  api.openapi(listParticipantRowsCsvRoute(version), listParticipantRowsCsvHandler);
  api.openapi(listParticipantRowsRoute(version), listParticipantRowsHandler);
  api.openapi(getParticipantRowRoute, getParticipantRowHandler);
  for (const [options, handler] of actions) api.openapi(participantRowActionRoute('/participants/ecf', options), handler);
  if (version === 'v1') {
    for (const [options, handler] of actions) api.openapi(participantRowActionRoute('/participants', options), handler);
  }
  // Undocumented aliases (the documents say /participants/ecf replaced them): plain routes, so
  // they stay out of the OpenAPI document.
  api.get('/participants.csv', listParticipantRowsCsvHandler);
  api.get('/participants', (c) => listParticipantRowsHandler(c as never, async () => undefined));

  registerParameterSchemas(api.openAPIRegistry, {
    ECFParticipantFilter: version === 'v1' ? ParticipantRowFilterV1Schema : ParticipantRowFilterV2Schema,
    ECFParticipantWithdrawRequest: ECFParticipantWithdrawRequestSchema,
    ECFParticipantDeferRequest: ECFParticipantDeferRequestSchema,
    ECFParticipantResumeRequest: ECFParticipantResumeRequestSchema,
    ECFParticipantChangeScheduleRequest: ECFParticipantChangeScheduleRequestSchema,
  });
  return api;
}
