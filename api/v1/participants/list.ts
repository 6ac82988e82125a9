import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listParticipantRows } from '../../services/participants/participant-rows';
import { requestContext } from '../../v3/request-context';
import { participantRowFilters } from './query';
import { MultipleParticipantRowsResponseSchema } from './schemas';
import { serializeParticipantRow } from './serialize';

export type LegacyVersion = 'v1' | 'v2';

export function listParticipantRowsRoute(version: LegacyVersion) {
  return createRoute({
    method: 'get',
    path: '/participants/ecf',
    operationId: 'participants',
    tags: ['ECF participants'],
    summary: 'List your participants, one record per training record',
    description: 'Early career teachers and mentors you train, once DfE has validated their details. Someone who is both an ECT and a mentor with you has two records with the same id. Oldest first; least recently changed first when filtered by updated_since.',
    security: [{ bearerAuth: [] }],
    parameters: [
      version === 'v1'
        ? filterParameter('ECFParticipantFilter', 'Narrow the records by cohort or last change.', 'filter[cohort]=2024&filter[updated_since]=2025-01-13T11:21:55Z')
        : filterParameter('ECFParticipantFilter', 'Narrow the records by last change.', 'filter[updated_since]=2025-01-13T11:21:55Z'),
      pageParameter('records'),
    ],
    responses: {
      200: jsonContent(MultipleParticipantRowsResponseSchema, 'A page of training records'),
      ...commonResponses,
    },
  });
}

export const listParticipantRowsHandler: RouteHandler<ReturnType<typeof listParticipantRowsRoute>, AppEnv> = async (c) => {
  const query = c.var.query;
  const rows = await listParticipantRows(requestContext(c), participantRowFilters(query), parsePagination(query));
  return c.json(collection(rows.map(serializeParticipantRow)), 200);
};
