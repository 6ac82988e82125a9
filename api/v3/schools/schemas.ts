import { z } from '@hono/zod-openapi';
import { apiProgrammeChoices } from '../../domain/induction-programme-choice';

export const ECFSchoolAttributesSchema = z.object({
  name: z.string().openapi({ description: 'Name of the school', example: 'Greenfield Primary School' }),
  urn: z.string().openapi({ description: 'Unique reference number (URN) of the school', example: '106286' }),
  cohort: z.string().openapi({ description: 'The cohort (start year) these details are for', example: '2025' }),
  in_partnership: z.boolean().openapi({ description: 'Whether the school has a confirmed partnership with any provider in this cohort', example: false }),
  induction_programme_choice: z.enum(apiProgrammeChoices).openapi({ description: 'How the school has chosen to train its early career teachers in this cohort', example: 'provider_led' }),
  created_at: z.string().openapi({ format: 'date-time', example: '2024-05-31T02:22:32Z' }),
  updated_at: z.string().openapi({ format: 'date-time', example: '2024-05-31T02:22:32Z' }),
}).openapi('ECFSchoolAttributes');

export const ECFSchoolSchema = z.object({
  id: z.string().openapi({ format: 'uuid', example: 'dd4a11347-7308-4879-942a-c4a70ced400v' }),
  type: z.literal('school'),
  attributes: ECFSchoolAttributesSchema,
}).openapi('ECFSchool');

export const MultipleECFSchoolsResponseSchema = z.object({ data: z.array(ECFSchoolSchema) }).openapi('MultipleECFSchoolsResponse');
export const ECFSchoolResponseSchema = z.object({ data: ECFSchoolSchema }).openapi('ECFSchoolResponse');

export const ECFSchoolsFilterSchema = z.object({
  cohort: z.string().openapi({ description: 'The cohort (one start year) to see schools for. Required.', example: '2025' }),
  urn: z.string().openapi({ description: 'Only the school with this URN', example: '106286' }),
  updated_since: z.string().openapi({ description: 'Only schools changed at or after this time (RFC 3339)', example: '2025-01-13T11:21:55Z' }),
}).partial().openapi('ECFSchoolsFilter');

// The contract documents each school filter as its own bracketed parameter.
const ref = { $ref: '#/components/schemas/ECFSchoolsFilter' };
export const schoolFilterParameter = (key: 'cohort' | 'urn' | 'updated_since', required: boolean, description: string, example: string) => ({
  name: `filter[${key}]`, in: 'query' as const, required, style: 'deepObject' as const, explode: true, schema: ref, description, example,
});
