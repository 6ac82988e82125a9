import { z } from '@hono/zod-openapi';
import { trainingStatuses } from '../../domain/training-status';
import { scheduleIdentifiers } from '../../v3/participants/schemas';

// v1 and v2 participants: one flat record per training record (v2 serves the same records).

const uuid = (description: string) => z.string().openapi({ format: 'uuid', description });

export const ParticipantRowAttributesSchema = z.object({
  email: z.string().nullable().openapi({ description: 'The participant’s email for this training', example: 'jo.smith@example.com' }),
  full_name: z.string().openapi({ example: 'Jo Smith' }),
  mentor_id: z.string().nullable().openapi({ format: 'uuid', description: 'Participant id of the ECT’s mentor; null for mentors' }),
  school_urn: z.string().openapi({ description: 'URN of the school', example: '106286' }),
  participant_type: z.enum(['ect', 'mentor']),
  cohort: z.string().openapi({ description: 'The cohort (start year) of the school the participant trains at', example: '2024' }),
  status: z.enum(['active', 'withdrawn']).openapi({ description: 'The school’s view: active (also while leaving or after completing), or withdrawn' }),
  teacher_reference_number: z.string().nullable().openapi({ example: '1234567' }),
  teacher_reference_number_validated: z.boolean().nullable().openapi({ description: 'Whether DfE has validated the TRN; null without a TRN' }),
  eligible_for_funding: z.boolean().nullable().openapi({ description: 'Whether DfE will fund this training; null while DfE is still checking' }),
  pupil_premium_uplift: z.boolean(),
  sparsity_uplift: z.boolean(),
  training_status: z.enum(trainingStatuses).openapi({ description: 'Set by you: active, deferred or withdrawn' }),
  training_record_id: uuid('Id of this training record; a participant who is both an ECT and a mentor has two'),
  schedule_identifier: z.enum(scheduleIdentifiers),
  updated_at: z.string().openapi({ format: 'date-time', description: 'When anything shown for this participant last changed', example: '2025-05-31T02:22:32Z' }),
}).openapi('ECFParticipantAttributes');

export const ParticipantRowSchema = z.object({
  id: uuid('The participant id (the same on both records of an ECT who is also a mentor)'),
  type: z.literal('participant'),
  attributes: ParticipantRowAttributesSchema,
}).openapi('ECFParticipant');

export const MultipleParticipantRowsResponseSchema = z.object({ data: z.array(ParticipantRowSchema) }).openapi('MultipleECFParticipantsResponse');
export const ParticipantRowResponseSchema = z.object({ data: ParticipantRowSchema }).openapi('ECFParticipantResponse');

export const ParticipantRowFilterV1Schema = z.object({
  updated_since: z.string().openapi({ description: 'Only participants changed at or after this time (RFC 3339)' }),
  cohort: z.string().openapi({ description: 'Only participants in these cohorts: start years separated by commas' }),
}).partial().openapi('ECFParticipantFilter');

// v2 documents only updated_since; cohort is honoured too, as the reference did.
export const ParticipantRowFilterV2Schema = z.object({
  updated_since: z.string().openapi({ description: 'Only participants changed at or after this time (RFC 3339)' }),
}).partial().openapi('ECFParticipantFilter');

/**
 * The CSV file's rows, documented as the reference documents them (a string whose rows carry
 * these columns). The file has no `type` column (see the contract test's known differences).
 */
export const participantCsvSchema = {
  type: 'string' as const,
  description: 'CSV text: a header row (`id` then the columns below, in this order) and one row per training record. Empty when nothing matches.',
  properties: {
    data: {
      type: 'array' as const,
      items: {
        type: 'object' as const,
        properties: {
          id: { type: 'string' as const, format: 'uuid' },
          email: { type: 'string' as const, nullable: true },
          full_name: { type: 'string' as const },
          mentor_id: { type: 'string' as const, format: 'uuid' },
          school_urn: { type: 'string' as const },
          participant_type: { type: 'string' as const, enum: ['ect', 'mentor'] },
          cohort: { type: 'string' as const },
          status: { type: 'string' as const, enum: ['active', 'withdrawn'] },
          teacher_reference_number: { type: 'string' as const },
          teacher_reference_number_validated: { type: 'boolean' as const },
          eligible_for_funding: { type: 'boolean' as const },
          pupil_premium_uplift: { type: 'boolean' as const },
          sparsity_uplift: { type: 'boolean' as const },
          training_status: { type: 'string' as const, enum: [...trainingStatuses] },
          training_record_id: { type: 'string' as const, format: 'uuid' },
          schedule_identifier: { type: 'string' as const, enum: [...scheduleIdentifiers] },
          updated_at: { type: 'string' as const, format: 'date-time' },
        },
      },
    },
  },
};
