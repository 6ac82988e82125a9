import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { readDataAttributes } from '../../http/body';
import { single } from '../../http/envelope';
import { commonResponses, jsonContent, unprocessableResponse } from '../../openapi/responses';
import { confirmPartnership } from '../../services/partnerships/confirm-partnership';
import { requestContext } from '../request-context';
import { ECFPartnershipResponseSchema, jsonBodyRef } from './schemas';
import { serializePartnership } from './serialize';

export const createPartnershipRoute = createRoute({
  method: 'post',
  path: '/partnerships/ecf',
  operationId: 'partnerships_ecf_post',
  tags: ['ECF partnerships'],
  summary: 'Confirm a partnership with a school',
  description: 'Tell DfE you will train a school’s early career teachers and mentors in a cohort, with one of your delivery partners. The school is emailed and can challenge the partnership if it is wrong. Every problem is reported at once, each under the attribute at fault.',
  security: [{ bearerAuth: [] }],
  request: { body: jsonBodyRef('ECFPartnershipRequest', 'The partnership to confirm') },
  responses: {
    200: jsonContent(ECFPartnershipResponseSchema, 'The confirmed partnership'),
    ...commonResponses,
    ...unprocessableResponse,
  },
});

export const createPartnershipHandler: RouteHandler<typeof createPartnershipRoute, AppEnv> = async (c) => {
  const attributes = await readDataAttributes(c);
  const partnership = await confirmPartnership(requestContext(c), attributes);
  return c.json(single(serializePartnership(partnership)), 200);
};
