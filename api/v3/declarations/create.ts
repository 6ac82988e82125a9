import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, unprocessableResponse } from '../../openapi/responses';
import { submitDeclaration } from '../../services/declarations/submit-declaration';
import { jsonBodyRef } from '../partnerships/schemas';
import { requestContext } from '../request-context';
import { SingleParticipantDeclarationResponseSchema } from './schemas';
import { serializeDeclaration } from './serialize';

export const createDeclarationRoute = createRoute({
  method: 'post',
  path: '/participant-declarations',
  operationId: 'participant_declaration_create',
  tags: ['Participant declarations'],
  summary: 'Submit a declaration',
  description: 'Claim payment for a training event of a participant you train. Sending exactly the same declaration again returns the one already recorded. Every problem is reported at once, each under the attribute at fault.',
  security: [{ bearerAuth: [] }],
  request: { body: jsonBodyRef('ParticipantDeclarationRequest', 'The declaration') },
  responses: {
    200: jsonContent(SingleParticipantDeclarationResponseSchema, 'The declaration (new, or the one already recorded)'),
    ...commonResponses,
    ...unprocessableResponse,
  },
});

export const createDeclarationHandler: RouteHandler<typeof createDeclarationRoute, AppEnv> = async (c) => {
  const attributes = await readDataAttributes(c);
  const declaration = await submitDeclaration(requestContext(c), attributes);
  return c.json(single(serializeDeclaration(declaration)), 200);
};
