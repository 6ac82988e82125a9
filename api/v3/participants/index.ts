import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { registerParameterSchemas, sortSchema } from '../../openapi/parameters';
import { getParticipantHandler, getParticipantRoute } from './get';
import { listParticipantsHandler, listParticipantsRoute } from './list';
import { changeScheduleHandler, changeScheduleRoute } from './change-schedule';
import { deferParticipantHandler, deferParticipantRoute } from './defer';
import { resumeParticipantHandler, resumeParticipantRoute } from './resume';
import {
  ECFParticipantChangeScheduleRequestSchema, ECFParticipantDeferRequestSchema, ECFParticipantFilterSchema,
  ECFParticipantResumeRequestSchema, ECFParticipantWithdrawRequestSchema,
} from './schemas';
import { withdrawParticipantHandler, withdrawParticipantRoute } from './withdraw';

// Literal paths (/participants/ecf/transfers) must be registered before /participants/ecf/{id}.
export const participantsApi = new OpenAPIHono<AppEnv>()
  .openapi(listParticipantsRoute, listParticipantsHandler)
  .openapi(getParticipantRoute, getParticipantHandler)
  .openapi(withdrawParticipantRoute, withdrawParticipantHandler)
  .openapi(deferParticipantRoute, deferParticipantHandler)
  .openapi(resumeParticipantRoute, resumeParticipantHandler)
  .openapi(changeScheduleRoute, changeScheduleHandler);

registerParameterSchemas(participantsApi.openAPIRegistry, {
  ECFParticipantFilter: ECFParticipantFilterSchema,
  ECFParticipantsSort: sortSchema(['created_at', 'updated_at']),
  ECFParticipantWithdrawRequest: ECFParticipantWithdrawRequestSchema,
  ECFParticipantDeferRequest: ECFParticipantDeferRequestSchema,
  ECFParticipantResumeRequest: ECFParticipantResumeRequestSchema,
  ECFParticipantChangeScheduleRequest: ECFParticipantChangeScheduleRequestSchema,
});
