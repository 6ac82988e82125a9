import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, unprocessableResponse } from '../../openapi/responses';
import { submitDeclaration } from '../../services/declarations/submit-declaration';
import { jsonBodyRef } from '../../v3/partnerships/schemas';
import { requestContext } from '../../v3/request-context';
import type { DeclarationVersion } from './version';

export function createDeclarationOperation(v: DeclarationVersion) {
  const route = createRoute({
    method: 'post',
    path: '/participant-declarations',
    operationId: 'participant_declaration_create',
    tags: ['Participant declarations'],
    summary: 'Submit a declaration',
    description: 'Claim payment for a training event of a participant you train. The same rules as in v3 apply, evidence_held included (it is not shown back in this version). An NPQ course is refused with a 422.',
    security: [{ bearerAuth: [] }],
    request: { body: jsonBodyRef('ParticipantDeclarationRequest', 'The declaration') },
    responses: {
      200: jsonContent(v.single, 'The declaration'),
      ...commonResponses,
      ...unprocessableResponse,
    },
  });
  const handler = async (c: Context<AppEnv>) => {
    const declaration = await submitDeclaration(requestContext(c), await readDataAttributes(c));
    return c.json(single(v.serialize(declaration)), 200);
  };
  return { route, handler };
}
