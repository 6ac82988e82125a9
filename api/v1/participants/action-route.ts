import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv, RequestContext } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse, unprocessableResponse } from '../../openapi/responses';
import type { ParticipantRecord } from '../../services/participants/participant-record';
import { actedOnRow } from '../../services/participants/participant-rows';
import { jsonBodyRef } from '../../v3/partnerships/schemas';
import { requestContext } from '../../v3/request-context';
import { ParticipantRowResponseSchema } from './schemas';
import { serializeParticipantRow } from './serialize';

export interface ActionOptions {
  action: 'withdraw' | 'defer' | 'resume' | 'change-schedule';
  summary: string;
  description: string;
  requestSchema: string;
}

/**
 * The v1/v2 participant actions: the v3 services, answered with the flat record of the training
 * record acted on (the course's). `prefix` is `/participants/ecf` or, in v1 only, the older
 * `/participants` the reference still served.
 */
export function participantRowActionRoute(prefix: '/participants/ecf' | '/participants', opts: ActionOptions) {
  return createRoute({
    method: 'put',
    path: `${prefix}/{id}/${opts.action}`,
    // The reference names all eight v1 actions (and the four v2 ones) `participant`; ids must be
    // unique, so each gets its own (api/openapi/renamed-operation-ids.ts).
    operationId: `${prefix === '/participants/ecf' ? 'ecf_participant' : 'participant'}_${opts.action.replace('-', '_')}`,
    tags: ['ECF Participant'],
    summary: opts.summary,
    description: opts.description,
    security: [{ bearerAuth: [] }],
    request: {
      params: idParam('The participant id (a retired id that DfE merged also works)'),
      body: jsonBodyRef(opts.requestSchema, 'What to change'),
    },
    responses: {
      200: jsonContent(ParticipantRowResponseSchema, 'The training record acted on, after the change'),
      ...commonResponses,
      ...notFoundResponse,
      ...unprocessableResponse,
    },
  });
}

type ActionRoute = ReturnType<typeof participantRowActionRoute>;

export function participantRowActionHandler(
  run: (ctx: RequestContext, id: string, attributes: Record<string, unknown>) => Promise<ParticipantRecord>,
): RouteHandler<ActionRoute, AppEnv> {
  return async (c) => {
    const attributes = await readDataAttributes(c);
    const participant = await run(requestContext(c), c.req.valid('param').id, attributes);
    return c.json(single(serializeParticipantRow(actedOnRow(participant, attributes.course_identifier))), 200);
  };
}
