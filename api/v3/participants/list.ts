import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter, sortParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listParticipants } from '../../services/participants/list-participants';
import { requestContext } from '../request-context';
import { participantFilters } from './query';
import { MultipleECFParticipantsResponseSchema } from './schemas';
import { serializeParticipant } from './serialize';

export const listParticipantsRoute = createRoute({
  method: 'get',
  path: '/participants/ecf',
  operationId: 'participants',
  tags: ['ECF participants'],
  summary: 'List your participants',
  description: 'Early career teachers and mentors you train (or trained, if they have since moved on), once DfE has validated their details. Each has one enrolment per training record.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('ECFParticipantFilter', 'Narrow the participants by cohort, training status, last change, or a retired participant id.', 'filter[cohort]=2025&filter[training_status]=active'),
    pageParameter('participants'),
    sortParameter('ECFParticipantsSort', 'participants'),
  ],
  responses: {
    200: jsonContent(MultipleECFParticipantsResponseSchema, 'A page of participants'),
    ...commonResponses,
  },
});

export const listParticipantsHandler: RouteHandler<typeof listParticipantsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const participants = await listParticipants(requestContext(c), {
    ...participantFilters(getFilter(query)),
    sort: typeof query.sort === 'string' ? query.sort : undefined,
    page: parsePagination(query),
  });
  return c.json(collection(participants.map((p) => serializeParticipant(p, c.var.now))), 200);
};
