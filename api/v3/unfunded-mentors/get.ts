import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { single } from '../../http/envelope';
import { idParam } from '../../openapi/parameters';
import { commonResponses, jsonContent, notFoundResponse } from '../../openapi/responses';
import { getUnfundedMentor } from '../../services/unfunded-mentors/get-unfunded-mentor';
import { requestContext } from '../request-context';
import { UnfundedMentorResponseSchema } from './schemas';
import { serializeUnfundedMentor } from './serialize';

export const getUnfundedMentorRoute = createRoute({
  method: 'get',
  path: '/unfunded-mentors/ecf/{id}',
  operationId: 'unfunded_mentors',
  tags: ['unfunded mentors'],
  summary: 'Get one mentor of your ECTs whom you do not train',
  description: 'Anyone who is not currently an unfunded mentor of one of your ECTs is not found.',
  security: [{ bearerAuth: [] }],
  request: { params: idParam('The mentor’s participant id') },
  responses: {
    200: jsonContent(UnfundedMentorResponseSchema, 'The mentor'),
    ...commonResponses,
    ...notFoundResponse,
  },
});

export const getUnfundedMentorHandler: RouteHandler<typeof getUnfundedMentorRoute, AppEnv> = async (c) => {
  const mentor = await getUnfundedMentor(requestContext(c), c.req.valid('param').id);
  return c.json(single(serializeUnfundedMentor(mentor)), 200);
};
