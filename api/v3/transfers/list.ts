import { createRoute } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { collection } from '../../http/envelope';
import { getFilter, parseUpdatedSince } from '../../http/filters';
import { parsePagination } from '../../http/pagination';
import { filterParameter, pageParameter } from '../../openapi/parameters';
import { commonResponses, jsonContent } from '../../openapi/responses';
import { listTransfers } from '../../services/transfers/list-transfers';
import { requestContext } from '../request-context';
import { MultipleECFParticipantTransferResponseSchema } from './schemas';
import { serializeParticipantTransfers } from './serialize';

export const listTransfersRoute = createRoute({
  method: 'get',
  path: '/participants/ecf/transfers',
  operationId: 'participant_transfers_list', // renamed: see api/openapi/renamed-operation-ids.ts
  tags: ['participant transfers'],
  summary: 'List participants who moved school',
  description: 'Participants who are leaving or have left a school where you train them, or who joined a school where you train them from another school, with each move. Oldest participants first; with `filter[updated_since]`, least recently changed first. There is no `sort`.',
  security: [{ bearerAuth: [] }],
  parameters: [
    filterParameter('ECFParticipantTransfersFilter', 'Only participants changed at or after a time.', 'filter[updated_since]=2025-01-13T11:21:55Z'),
    pageParameter('participants'),
  ],
  responses: {
    200: jsonContent(MultipleECFParticipantTransferResponseSchema, 'A page of participants with their transfers'),
    ...commonResponses,
  },
});

export const listTransfersHandler: RouteHandler<typeof listTransfersRoute, AppEnv> = async (c) => {
  const query = c.var.query;
  const filter = getFilter(query);
  const transfers = await listTransfers(requestContext(c), {
    updatedSince: parseUpdatedSince(filter.updated_since),
    page: parsePagination(query),
  });
  return c.json(collection(transfers.map(serializeParticipantTransfers)), 200);
};
