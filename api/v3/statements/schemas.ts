import { z } from '@hono/zod-openapi';

const date = (description: string, example: string) => z.string().openapi({ description, example });

export const StatementAttributesSchema = z.object({
  month: z.string().openapi({ description: 'Month named on the statement', example: 'May' }),
  year: z.string().openapi({ description: 'Calendar year named on the statement', example: '2025' }),
  type: z.enum(['ecf']).openapi({ description: 'Kind of statement; always ecf here', example: 'ecf' }),
  cohort: z.string().openapi({ description: 'The cohort (start year) the statement pays for', example: '2024' }),
  cut_off_date: date('Last day a declaration can be dated and still go on this statement', '2025-04-30'),
  payment_date: date('Day DfE expects to pay the eligible declarations on this statement', '2025-05-25'),
  paid: z.boolean().openapi({ description: 'Whether DfE has paid this statement', example: false }),
  created_at: z.string().openapi({ format: 'date-time', example: '2024-05-31T02:22:32Z' }),
  updated_at: z.string().openapi({ format: 'date-time', example: '2024-05-31T02:22:32Z' }),
}).openapi('StatementAttributes');

export const StatementSchema = z.object({
  id: z.string().openapi({ format: 'uuid', example: 'cd3a1234-7308-4879-942a-c4a70ced400a' }),
  type: z.literal('statement'),
  attributes: StatementAttributesSchema,
}).openapi('Statement');

export const StatementsResponseSchema = z.object({ data: z.array(StatementSchema) }).openapi('StatementsResponse');
export const StatementResponseSchema = z.object({ data: StatementSchema }).openapi('StatementResponse');

export const StatementsFilterSchema = z.object({
  cohort: z.string().openapi({ description: 'Only statements for these cohorts: start years separated by commas', example: '2023,2024' }),
  type: z.enum(['ecf']).openapi({ description: 'Only statements of this kind', example: 'ecf' }),
  updated_since: z.string().openapi({ description: 'Only statements changed at or after this time (RFC 3339)', example: '2025-01-13T11:21:55Z' }),
}).partial().openapi('StatementsFilter');
