import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { ErrorSchema, commonResponses, jsonContent } from '../openapi/responses';
import { parseBulkRows, runBulk } from '../services/operators/bulk';
import { operatorRegisterParticipant } from '../services/operators/school-events';
import { chooseSchoolProgramme } from '../services/schools/choose-programme';
import { operatorContext, tag } from './shared';
import { registrationProperties } from './participants';
import { choiceProperties } from './schools';

// Where operators send thousands: NDJSON or CSV in, a result per row out (200 whatever the
// rows' outcomes). Each row is all or nothing and idempotent by its external_id.

const BulkResultSchema = z.object({
  data: z.object({
    type: z.literal('bulk-results'),
    attributes: z.object({
      rows: z.number().int(), created: z.number().int(),
      already_created: z.number().int().openapi({ description: 'Rows whose external_id was sent before: their first result, nothing written' }),
      failed: z.number().int(),
      results: z.array(z.object({
        row: z.number().int().openapi({ description: 'Line of the NDJSON, or row of the CSV counting its header as 1' }),
        external_id: z.string().nullable(),
        status: z.enum(['created', 'already_created', 'failed']),
        result: z.record(z.string(), z.unknown()).optional(),
        errors: z.array(ErrorSchema).optional(),
      })),
    }),
  }),
}).openapi('OperatorBulkResults');

/** The outcome as the schema has it (a row's result is an object of its ids). */
const bulkJson = (outcome: unknown) => ({ data: { type: 'bulk-results', attributes: outcome } }) as z.infer<typeof BulkResultSchema>;

function bulkRoute(path: string, operationId: string, tags: string[], summary: string, properties: Record<string, { description: string }>) {
  const columns = ['external_id', ...Object.keys(properties)];
  return createRoute({
    method: 'post', path, tags, operationId: `operator_${operationId}`, security: [{ bearerAuth: [] }], summary,
    description: `One record per NDJSON line (a JSON object) or per CSV row (header row first). Fields: ${columns.join(', ')}. `
      + '`external_id` is your own id of the row: a row sent again with it gets its first result back and writes nothing. '
      + 'Each row is written whole or not at all; failed rows can be corrected and sent again. At most 10,000 rows per request.',
    request: {
      body: {
        required: true,
        content: {
          'application/x-ndjson': { schema: { type: 'string', example: `{"external_id":"row-1",${Object.keys(properties).slice(0, 2).map((k) => `"${k}":"..."`).join(',')}}` } },
          'text/csv': { schema: { type: 'string', example: `${columns.join(',')}\n` } },
        },
      },
    },
    responses: {
      200: jsonContent(BulkResultSchema, 'The result of every row'),
      ...commonResponses,
      415: jsonContent(z.object({ errors: z.array(ErrorSchema) }), 'The body is neither NDJSON nor CSV'),
    },
  });
}

export function bulkRoutes() {
  const api = new OpenAPIHono<AppEnv>();

  api.openapi(bulkRoute('/participants/bulk', 'register_participants_bulk', tag('participants'), 'Schools register many ECTs and mentors', registrationProperties), async (c) => {
    const ctx = operatorContext(c);
    const rows = parseBulkRows(c.req.header('Content-Type'), await c.req.text());
    const outcome = await runBulk(ctx.db, 'register_participant', rows, async (fields, recordExternalId) => {
      let result: { participant_id: string; training_record_id: string } | undefined;
      await operatorRegisterParticipant(ctx, fields, (ids) => {
        result = { participant_id: ids.userId, training_record_id: ids.profileId };
        return [recordExternalId(result)];
      });
      return result!;
    }, ctx.now);
    return c.json(bulkJson(outcome), 200);
  });

  api.openapi(bulkRoute('/school-cohorts/bulk', 'choose_school_programmes_bulk', tag('schools'), 'Record many schools’ programme choices', choiceProperties), async (c) => {
    const ctx = operatorContext(c);
    const rows = parseBulkRows(c.req.header('Content-Type'), await c.req.text());
    const outcome = await runBulk(ctx.db, 'choose_school_programme', rows, async (fields, recordExternalId) => {
      const { school_cohort_id: _id, ...shown } = await chooseSchoolProgramme(ctx, fields, { also: (r) => [recordExternalId({ school_cohort_id: r.school_cohort_id, school_id: r.school_id, cohort: r.cohort, induction_programme_choice: r.induction_programme_choice })] });
      return { school_cohort_id: _id, ...shown };
    }, ctx.now);
    return c.json(bulkJson(outcome), 200);
  });

  return api;
}
