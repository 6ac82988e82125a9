import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseUpdatedSince } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter, sortParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listUnfundedMentors } from '../../services/unfunded-mentors/list-unfunded-mentors';
import { requestContext } from '../request-context';
import { MultipleUnfundedMentorsResponseSchema } from './schemas';
import { serializeUnfundedMentor } from './serialize';

export const listUnfundedMentorsRoute = createRoute({
  method: 'get',
  path: '/unfunded-mentors/ecf',
  operationId: 'unfunded_mentors_list', // renamed: see api/openapi/renamed-operation-ids.ts
  tags: ['unfunded mentors'],
  summary: 'List the mentors of your ECTs whom you do not train',
  description: 'Mentors assigned to early career teachers you train, where the mentor is trained by another lead provider or by nobody. Oldest first unless you sort.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('UnfundedMentorsFilter', 'Only mentors changed at or after a time.', 'filter[updated_since]=2025-01-13T11:21:55Z'),
    pageParameter('mentors'),
    sortParameter('ECFUnfundedMentorsSort', 'mentors'),
  ],
  responses: {
    200: jsonContent(MultipleUnfundedMentorsResponseSchema, 'A page of mentors'),
    ...commonResponses,
  },
});

export const listUnfundedMentorsHandler: RouteHandler<typeof listUnfundedMentorsRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const mentors = await listUnfundedMentors(requestContext(c), {
    updatedSince: parseUpdatedSince(filter.updated_since),
    sort: typeof query.sort === 'string' ? query.sort : undefined,
    page: parsePagination(query),
  });
  return c.json(collection(mentors.map(serializeUnfundedMentor)), 200);
};
