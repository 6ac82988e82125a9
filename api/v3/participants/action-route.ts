import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv, RequestContext } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse, unprocessableResponse } from '../../openapi/responses';
import type { ParticipantRecord } from '../../services/participants/participant-record';
import { jsonBodyRef } from '../partnerships/schemas';
import { requestContext } from '../request-context';
import { ECFParticipantResponseSchema } from './schemas';
import { serializeParticipant } from './serialize';

/** The shape shared by the four participant actions: PUT a JSON:API body, get the participant. */
export function participantActionRoute(opts: {
  action: string; operationId: string; summary: string; description: string; requestSchema: string;
}) {
  return createRoute({
    method: 'put',
    path: `/participants/ecf/{id}/${opts.action}`,
    operationId: opts.operationId,
    tags: ['ECF Participant'],
    summary: opts.summary,
    description: opts.description,
    security: [{ bearerAuth: [] }],
    request: {
      params: idParam('The participant id (a retired id that DfE merged also works)'),
      body: jsonBodyRef(opts.requestSchema, 'What to change'),
    },
    responses: {
      200: jsonContent(ECFParticipantResponseSchema, 'The participant, after the change'),
      ...commonResponses,
      ...notFoundResponse,
      ...unprocessableResponse,
    },
  });
}

type ActionRoute = ReturnType<typeof participantActionRoute>;

export function participantActionHandler(
  run: (ctx: RequestContext, id: string, attributes: Record<string, unknown>) => Promise<ParticipantRecord>,
): RouteHandler<ActionRoute, AppEnv> {
  return async (c) => {
    const attributes = await readDataAttributes(c);
    const participant = await run(requestContext(c), c.req.valid('param').id, attributes);
    return c.json(single(serializeParticipant(participant, c.var.now)), 200);
  };
}
