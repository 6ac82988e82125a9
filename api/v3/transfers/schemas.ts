import { z } from '@hono/zod-openapi';

const dateTime = (description: string) => z.string().openapi({ format: 'date-time', description, example: '2025-05-31T02:22:32Z' });
const schoolUrn = (description: string) => z.string().openapi({ description, example: '106286' });
const provider = (description: string) => z.string().nullable().openapi({ description, example: 'Example Institute' });

export const ECFParticipantLeavingSchema = z.object({
  school_urn: schoolUrn('URN of the school the participant is leaving'),
  provider: provider('Name of the lead provider training the participant at that school; null when no lead provider was'),
  date: z.string().nullable().openapi({ format: 'date', description: 'The participant’s last day at that school; null when the school has not given one', example: '2025-12-19' }),
}).openapi('ECFParticipantLeaving');

export const ECFParticipantJoiningSchema = z.object({
  school_urn: schoolUrn('URN of the school the participant is joining'),
  provider: provider('Name of the lead provider training the participant at the new school; null when the new school has no lead provider for them'),
  date: z.string().openapi({ format: 'date', description: 'The participant’s first day at the new school', example: '2026-01-05' }),
}).openapi('ECFParticipantJoining');

export const ECFParticipantTransfersSchema = z.object({
  training_record_id: z.string().openapi({ format: 'uuid', description: 'The training record that moved school' }),
  transfer_type: z.enum(['new_school', 'new_provider', 'unknown']).openapi({
    description: 'new_provider: a different lead provider trains the participant at the new school; new_school: same lead provider, or no lead provider on one side; unknown: the new school is not known yet',
  }),
  status: z.enum(['incomplete', 'complete']).openapi({ description: 'complete from the later of the leaving and joining dates (UTC), incomplete before' }),
  leaving: ECFParticipantLeavingSchema,
  // A union with null rather than .nullable(), so the ECFParticipantJoining component itself stays non-null.
  joining: z.union([ECFParticipantJoiningSchema, z.null()]).openapi({ description: 'Where the participant went; null until the new school registers them' }),
  created_at: dateTime('When the school reported the participant as leaving'),
}).openapi('ECFParticipantTransfers');

export const ECFParticipantTransferAttributesSchema = z.object({
  updated_at: dateTime('When the records making up these transfers last changed'),
  transfers: z.array(ECFParticipantTransfersSchema),
}).openapi('ECFParticipantTransferAttributes');

export const ECFParticipantTransferSchema = z.object({
  id: z.string().openapi({ format: 'uuid', description: 'The participant id' }),
  type: z.literal('participant-transfer'),
  attributes: ECFParticipantTransferAttributesSchema,
}).openapi('ECFParticipantTransfer');

export const MultipleECFParticipantTransferResponseSchema = z.object({ data: z.array(ECFParticipantTransferSchema) }).openapi('MultipleECFParticipantTransferResponse');
export const ECFParticipantTransferResponseSchema = z.object({ data: ECFParticipantTransferSchema }).openapi('ECFParticipantTransferResponse');

export const ECFParticipantTransfersFilterSchema = z.object({
  updated_since: z.string().openapi({ description: 'Only participants changed at or after this time (RFC 3339)', example: '2025-01-13T11:21:55Z' }),
}).partial().openapi('ECFParticipantTransfersFilter');
