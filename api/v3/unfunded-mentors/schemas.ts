import { z } from '@hono/zod-openapi';

const dateTime = (description: string) => z.string().openapi({ format: 'date-time', description, example: '2025-05-31T02:22:32Z' });

export const UnfundedMentorAttributesSchema = z.object({
  full_name: z.string().openapi({ example: 'Jo Smith' }),
  email: z.string().openapi({ description: 'The email the mentor uses for their own training, else the one DfE holds for them', example: 'jo.smith@example.com' }),
  teacher_reference_number: z.string().nullable().openapi({ description: 'The mentor’s TRN; null when DfE does not hold one', example: '1234567' }),
  created_at: dateTime('When DfE first recorded the mentor'),
  updated_at: dateTime('When anything DfE holds about the mentor last changed'),
}).openapi('UnfundedMentorAttributes');

export const UnfundedMentorSchema = z.object({
  id: z.string().openapi({ format: 'uuid', description: 'The mentor’s participant id' }),
  type: z.literal('unfunded-mentor'),
  attributes: UnfundedMentorAttributesSchema,
}).openapi('UnfundedMentor');

export const MultipleUnfundedMentorsResponseSchema = z.object({ data: z.array(UnfundedMentorSchema) }).openapi('MultipleUnfundedMentorsResponse');
export const UnfundedMentorResponseSchema = z.object({ data: UnfundedMentorSchema }).openapi('UnfundedMentorResponse');

export const UnfundedMentorsFilterSchema = z.object({
  updated_since: z.string().openapi({ description: 'Only mentors changed at or after this time (RFC 3339)', example: '2025-01-13T11:21:55Z' }),
}).partial().openapi('UnfundedMentorsFilter');
