import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RequestContext } from '../context';
import { readDataAttributes } from '../http/body';
import { single } from '../http/envelope';
import { idParam } from '../openapi/parameters';
import { commonResponses, ErrorResponseSchema, jsonContent, notFoundResponse, unprocessableResponse } from '../openapi/responses';
import { getParticipant } from '../services/participants/get-participant';
import { getPartnership } from '../services/partnerships/get-partnership';
import { challengePartnership } from '../services/partnerships/challenge-partnership';
import { sandboxAssignMentor, sandboxLeaving, sandboxMerge, sandboxTransfer, sandboxValidate } from '../services/sandbox/participant-events';
import { sandboxRegisterParticipant } from '../services/sandbox/register-participant';
import { sandboxReset } from '../services/sandbox/reset';
import { sandboxScenarios } from '../services/sandbox/scenarios';
import { sandboxMakePayable, sandboxMarkPaid } from '../services/sandbox/statement-events';
import { ECFParticipantResponseSchema } from '../v3/participants/schemas';
import { serializeParticipant } from '../v3/participants/serialize';
import { ECFPartnershipResponseSchema } from '../v3/partnerships/schemas';
import { serializePartnership } from '../v3/partnerships/serialize';
import { requestContext } from '../v3/request-context';
import { StatementResponseSchema } from '../v3/statements/schemas';
import { serializeStatement } from '../v3/statements/serialize';

// The sandbox's control API: what schools and DfE do, on demand, for the caller's own schools,
// participants and statements, so providers can create the situations they want to test. Each
// operation answers with the affected resource exactly as the v3 API shows it.

const tag = 'sandbox control';
const anyBody = { required: false, content: { 'application/json': { schema: { type: 'object' as const, description: 'JSON:API body: {"data":{"attributes":{...}}}' } } } };

function controlRoute(path: string, summary: string, description: string, response: z.ZodType, withId = true) {
  return createRoute({
    method: 'post', path, tags: [tag], summary, description, security: [{ bearerAuth: [] }],
    operationId: `sandbox_${path.replace(/\{id\}/g, 'id').replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '')}`,
    request: withId ? { params: idParam('The id'), body: anyBody } : { body: anyBody },
    responses: { 200: jsonContent(response, 'The affected resource, as the v3 API shows it'), ...commonResponses, ...notFoundResponse, ...unprocessableResponse },
  });
}

async function attributes(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  return (await c.req.text()).trim() ? readDataAttributes(c) : {};
}

const ResetResponseSchema = z.object({
  data: z.object({
    id: z.string().openapi({ description: 'Your lead provider id' }),
    type: z.literal('sandbox-reset'),
    attributes: z.object({
      seeded_at: z.string().openapi({ description: 'The moment the data set was seeded (its `now`): the data is as it was then', example: '2025-11-15T10:00:00.000Z' }),
      scale: z.string().openapi({ description: 'The seed’s scale: default, national or a number of participants per cohort', example: 'default' }),
      rows_changed: z.number().int().openapi({ description: 'Rows written back or deleted; 0 when your data was already as seeded' }),
    }),
  }),
});

const participantJson = async (c: Context<AppEnv>, ctx: RequestContext, userId: string) =>
  c.json(single(serializeParticipant(await getParticipant(ctx, userId), c.var.now)), 200);

export function sandboxControlApi() {
  const api = new OpenAPIHono<AppEnv>();

  api.openapi(controlRoute('/participants', 'A school registers an ECT or mentor',
    'At one of your partnered schools. Attributes: school_id, cohort, participant_type (ect or mentor), full_name, email, teacher_reference_number, mentor_id (an ECT’s mentor), start_date, eligibility (eligible by default; none leaves them waiting for DfE, and invisible until validated).',
    z.object({ data: z.object({ id: z.string(), type: z.string(), attributes: z.record(z.string(), z.unknown()) }) }), false), async (c) => {
    const ctx = requestContext(c);
    const registered = await sandboxRegisterParticipant(ctx, await attributes(c));
    if (registered.validated) return participantJson(c, ctx, registered.userId);
    return c.json(single({ id: registered.userId, type: 'participant-registration', attributes: { training_record_id: registered.profileId, validated: false } }), 200);
  });

  api.openapi(controlRoute('/participants/{id}/validate', 'DfE validates a participant’s details',
    'Attributes: course_identifier, status (eligible, ineligible, manual_check or matched), reason. Submitted declarations become eligible when status is eligible.', ECFParticipantResponseSchema), async (c) => {
    const ctx = requestContext(c);
    return participantJson(c, ctx, await sandboxValidate(ctx, c.req.param('id')!, await attributes(c)));
  });

  api.openapi(controlRoute('/participants/{id}/leaving', 'A school reports a participant is leaving',
    'Attributes: course_identifier, leaving_on (date).', ECFParticipantResponseSchema), async (c) => {
    const ctx = requestContext(c);
    return participantJson(c, ctx, await sandboxLeaving(ctx, c.req.param('id')!, await attributes(c)));
  });

  api.openapi(controlRoute('/participants/{id}/transfer', 'A participant moves to another school',
    'Attributes: course_identifier, school_id (the new school, which needs a programme for the cohort), leaving_on, joining_on.', ECFParticipantResponseSchema), async (c) => {
    const ctx = requestContext(c);
    return participantJson(c, ctx, await sandboxTransfer(ctx, c.req.param('id')!, await attributes(c)));
  });

  api.openapi(controlRoute('/participants/{id}/mentor', 'A school assigns or replaces an ECT’s mentor',
    'Attributes: mentor_id (a mentor you train).', ECFParticipantResponseSchema), async (c) => {
    const ctx = requestContext(c);
    return participantJson(c, ctx, await sandboxAssignMentor(ctx, c.req.param('id')!, await attributes(c)));
  });

  api.openapi(controlRoute('/participants/merge', 'DfE merges two records of the same person',
    'Attributes: retired_participant_id, kept_participant_id, course_identifier. The retired id keeps working in actions and declarations.', ECFParticipantResponseSchema, false), async (c) => {
    const ctx = requestContext(c);
    return participantJson(c, ctx, await sandboxMerge(ctx, await attributes(c)));
  });

  api.openapi(controlRoute('/partnerships/{id}/challenge', 'A school challenges a partnership',
    'Attributes: reason (another_provider, not_confirmed, do_not_recognise, no_ects or mistake).', ECFPartnershipResponseSchema), async (c) => {
    const ctx = requestContext(c);
    const id = c.req.param('id')!;
    await getPartnership(ctx, id);
    await challengePartnership(ctx, id, String((await attributes(c)).reason ?? ''));
    return c.json(single(serializePartnership(await getPartnership(ctx, id))), 200);
  });

  api.openapi(controlRoute('/statements/{id}/payable', 'DfE closes a statement now',
    'Its eligible declarations become payable, whatever its cut-off date.', StatementResponseSchema), async (c) => {
    return c.json(single(serializeStatement(await sandboxMakePayable(requestContext(c), c.req.param('id')!))), 200);
  });

  api.openapi(controlRoute('/statements/{id}/paid', 'DfE pays a statement',
    'Payable declarations become paid, and pending clawbacks clawed back.', StatementResponseSchema), async (c) => {
    return c.json(single(serializeStatement(await sandboxMarkPaid(requestContext(c), c.req.param('id')!))), 200);
  });

  api.openapi(createRoute({
    method: 'post', path: '/reset', tags: [tag], operationId: 'sandbox_reset', security: [{ bearerAuth: [] }],
    summary: 'Put your data back as it was seeded',
    description: 'Your statements, partnerships, declarations, the participants only you train (and those registered at your schools since) and '
      + 'the school cohorts only you work with go back to the seeded data set, with its ids and its dates (the seed’s, not today’s): rows added '
      + 'since are deleted, rows changed since are written back. In one transaction. Other providers’ data, participants you share with '
      + 'another provider (transfers between you), schools, delivery partners and your API tokens are left as they are. Resetting twice '
      + 'changes nothing the second time (`rows_changed` is 0). After a reset, fetch your data again in full: restored records keep their '
      + 'seeded `updated_at`, so `filter[updated_since]` does not show the reset.',
    responses: {
      200: jsonContent(ResetResponseSchema, 'What the reset did'),
      ...commonResponses, ...unprocessableResponse,
      409: jsonContent(ErrorResponseSchema, 'Another provider’s records depend on records the reset would change: nothing was changed'),
    },
  }), async (c) => {
    const result = await sandboxReset(requestContext(c));
    return c.json({
      data: {
        id: c.var.leadProvider.id, type: 'sandbox-reset' as const,
        attributes: { seeded_at: result.seededAt.toISOString(), scale: String(result.scale), rows_changed: result.rowsChanged },
      },
    }, 200);
  });

  api.openapi(createRoute({
    method: 'get', path: '/scenarios', tags: [tag], operationId: 'sandbox_scenarios', security: [{ bearerAuth: [] }],
    summary: 'Example ids of your seeded test situations',
    description: 'Schools to partner with, challenged partnerships, participants in each training and participant status, and your next open statements.',
    responses: { 200: jsonContent(z.object({ data: z.record(z.string(), z.unknown()) }), 'Ids by situation'), ...commonResponses },
  }), async (c) => c.json({ data: await sandboxScenarios(requestContext(c)) }, 200));

  return api;
}
