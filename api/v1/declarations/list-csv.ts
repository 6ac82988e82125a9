import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { CSV_CONTENT_TYPE, csvStream } from '../../http/csv-stream';
import { commonResponses } from '../../openapi/responses';
import type { DeclarationRecord } from '../../services/declarations/declaration-queries';
import { legacyDeclarationsAfter } from '../../services/declarations/legacy-declarations';
import { exportRequestContext } from '../../v3/request-context';
import { CSV_BATCH_SIZE } from '../participants/list-csv';
import { legacyDeclarationFilters } from './query';
import { declarationCsvSchema } from './schemas';
import type { DeclarationVersion } from './version';

export function listDeclarationsCsvOperation(v: DeclarationVersion) {
  const route = createRoute({
    method: 'get',
    path: '/participant-declarations.csv',
    operationId: 'ecf_participant_declarations_csv',
    tags: ['Participant declarations'],
    summary: 'Download declarations as CSV',
    description: 'Every declaration the list would show, in one CSV file in the same order; pagination does not apply. The list’s filters (participant_id, updated_since) work here too. Errors are answered in JSON.',
    security: [{ bearerAuth: [] }],
    responses: {
      200: { description: 'The CSV file', content: { [CSV_CONTENT_TYPE]: { schema: declarationCsvSchema(v.version) } } },
      ...commonResponses,
    },
  });
  /** Streams the file in keyset batches of (created_at, id). */
  const handler = async (c: Context<AppEnv>) => {
    const ctx = exportRequestContext(c);
    const filters = legacyDeclarationFilters(c.var.query);
    const body = csvStream<DeclarationRecord>(
      (after) => legacyDeclarationsAfter(ctx, filters, after ? { createdAt: after.createdAt, id: after.id } : null, CSV_BATCH_SIZE),
      v.serialize,
    );
    return c.body(body, 200, { 'Content-Type': CSV_CONTENT_TYPE });
  };
  return { route, handler };
}
