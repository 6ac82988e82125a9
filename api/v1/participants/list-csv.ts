import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { CSV_CONTENT_TYPE, csvStream } from '../../http/csv-stream';
import { filterParameter } from '../../openapi/parameters';
import { commonResponses } from '../../openapi/responses';
import { participantRowsAfter, type RowKey } from '../../services/participants/participant-rows';
import { exportRequestContext } from '../../v3/request-context';
import type { LegacyVersion } from './list';
import { participantRowFilters } from './query';
import { participantCsvSchema } from './schemas';
import { serializeParticipantRow } from './serialize';

/**
 * Rows read per database round trip while writing the file. Small on purpose: a batch's rows and
 * their serialized form are alive while it is encoded, and what is alive when V8's young
 * generation is collected gets promoted to the old generation, which is collected late. For the
 * largest provider's file (57,710 rows, `npm run bench`, quiet machine) the server's JavaScript
 * memory rose by about 74 MB with batches of 500 and by about 1 MB with 100, in the same time
 * (4.5 s); resident memory by about 78 MB and 9–13 MB. The extra round trips cost microseconds on
 * an embedded file.
 */
export const CSV_BATCH_SIZE = 100;

export function listParticipantRowsCsvRoute(version: LegacyVersion) {
  return createRoute({
    method: 'get',
    path: '/participants/ecf.csv',
    operationId: 'ecf_participants_csv',
    tags: ['ECF participants'],
    summary: 'Download your participants as CSV',
    description: 'Every matching training record in one CSV file, in the order of the JSON list; pagination does not apply. Errors (a missing token, a bad filter) are answered in JSON.',
    security: [{ bearerAuth: [] }],
    parameters: [
      version === 'v1'
        ? filterParameter('ECFParticipantFilter', 'Narrow the records by cohort or last change.', 'filter[cohort]=2024')
        : filterParameter('ECFParticipantFilter', 'Narrow the records by last change.', 'filter[updated_since]=2025-01-13T11:21:55Z'),
    ],
    responses: {
      200: { description: 'The CSV file', content: { [CSV_CONTENT_TYPE]: { schema: participantCsvSchema } } },
      ...commonResponses,
    },
  });
}

/** Streams the file in keyset batches: the largest provider's file never sits in memory. */
export const listParticipantRowsCsvHandler = async (c: Context<AppEnv>) => {
  const ctx = exportRequestContext(c);
  const filters = participantRowFilters(c.var.query);
  const body = csvStream<Awaited<ReturnType<typeof participantRowsAfter>>[number]>(
    (after) => participantRowsAfter(ctx, filters, (after?.key ?? null) as RowKey | null, CSV_BATCH_SIZE),
    serializeParticipantRow,
  );
  return c.body(body, 200, { 'Content-Type': CSV_CONTENT_TYPE });
};
