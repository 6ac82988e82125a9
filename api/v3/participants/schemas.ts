import { z } from '@hono/zod-openapi';
import { deferralReasons, trainingStatuses, withdrawalReasons } from '../../domain/training-status';

export const scheduleIdentifiers = [
  'ecf-standard-september', 'ecf-standard-january', 'ecf-standard-april',
  'ecf-reduced-september', 'ecf-reduced-january', 'ecf-reduced-april',
  'ecf-extended-september', 'ecf-extended-january', 'ecf-extended-april',
  'ecf-replacement-september', 'ecf-replacement-january', 'ecf-replacement-april',
] as const;

const dateTime = (description: string) => z.string().openapi({ format: 'date-time', description, example: '2025-05-31T02:22:32Z' });
const dateOnly = (description: string) => z.string().nullable().openapi({ format: 'date', description, example: '2026-07-31' });

export const ECFWithdrawalSchema = z.object({
  reason: z.enum(withdrawalReasons).openapi({ description: 'Why you withdrew the participant' }),
  date: dateTime('When you withdrew the participant'),
}).nullable().openapi('ECFWithdrawal');

export const ECFDeferralSchema = z.object({
  reason: z.enum(deferralReasons).openapi({ description: 'Why you deferred the participant' }),
  date: dateTime('When you deferred the participant'),
}).nullable().openapi('ECFDeferral');

export const ECFEnrolmentSchema = z.object({
  training_record_id: z.string().openapi({ format: 'uuid', description: 'Id of this training record; one participant can have one as an ECT and one as a mentor' }),
  email: z.string().openapi({ description: 'The participant’s email for this training', example: 'jo.smith@example.com' }),
  mentor_id: z.string().nullable().openapi({ format: 'uuid', description: 'Participant id of the ECT’s mentor; null for mentors' }),
  school_urn: z.string().openapi({ description: 'URN of the school', example: '106286' }),
  participant_type: z.enum(['ect', 'mentor']),
  cohort: z.string().openapi({ description: 'The cohort (start year) the participant trains in', example: '2025' }),
  training_status: z.enum(trainingStatuses).openapi({ description: 'Set by you: active, deferred or withdrawn' }),
  participant_status: z.enum(['active', 'joining', 'leaving', 'left', 'withdrawn']).nullable().openapi({ description: 'The school’s view: joining, active, leaving, left or withdrawn' }),
  teacher_reference_number_validated: z.boolean().nullable().openapi({ description: 'Whether DfE has validated the TRN; null without a TRN' }),
  eligible_for_funding: z.boolean().nullable().openapi({ description: 'Whether DfE will fund this training; null while DfE is still checking' }),
  pupil_premium_uplift: z.boolean(),
  sparsity_uplift: z.boolean(),
  schedule_identifier: z.enum(scheduleIdentifiers),
  delivery_partner_id: z.string().nullable().openapi({ format: 'uuid' }),
  withdrawal: ECFWithdrawalSchema,
  deferral: ECFDeferralSchema,
  created_at: dateTime('When the training record was created'),
  induction_end_date: dateOnly('When the ECT completed induction'),
  mentor_funding_end_date: dateOnly('When funding for the mentor’s training ended'),
  cohort_changed_after_payments_frozen: z.boolean().openapi({ description: 'The participant was moved from a cohort whose payments are closed' }),
  mentor_ineligible_for_funding_reason: z.enum(['completed_declaration_received', 'completed_during_early_roll_out', 'started_not_completed']).nullable(),
}).openapi('ECFEnrolment');

export const ParticipantIdChangeSchema = z.object({
  from_participant_id: z.string().openapi({ format: 'uuid', description: 'The retired participant id' }),
  to_participant_id: z.string().openapi({ format: 'uuid', description: 'The participant id to use now' }),
  changed_at: dateTime('When DfE merged the two'),
}).openapi('ParticipantIdChange');

export const ECFParticipantAttributesSchema = z.object({
  full_name: z.string().openapi({ example: 'Jo Smith' }),
  teacher_reference_number: z.string().nullable().openapi({ example: '1234567' }),
  updated_at: dateTime('When anything shown for this participant last changed'),
  ecf_enrolments: z.array(ECFEnrolmentSchema),
  participant_id_changes: z.array(ParticipantIdChangeSchema),
}).openapi('ECFParticipantAttributes');

export const ECFParticipantSchema = z.object({
  id: z.string().openapi({ format: 'uuid', description: 'The participant id' }),
  type: z.literal('participant'),
  attributes: ECFParticipantAttributesSchema,
}).openapi('ECFParticipant');

export const MultipleECFParticipantsResponseSchema = z.object({ data: z.array(ECFParticipantSchema) }).openapi('MultipleECFParticipantsResponse');
export const ECFParticipantResponseSchema = z.object({ data: ECFParticipantSchema }).openapi('ECFParticipantResponse');

export const ECFParticipantFilterSchema = z.object({
  updated_since: z.string().openapi({ description: 'Only participants changed at or after this time (RFC 3339)' }),
  cohort: z.string().openapi({ description: 'Only participants in these cohorts: start years separated by commas' }),
  training_status: z.string().openapi({ description: 'Only participants with this training status: active, deferred or withdrawn' }),
  from_participant_id: z.string().openapi({ description: 'The participant that a retired participant id was merged into' }),
}).partial().openapi('ECFParticipantFilter');

const courseIdentifier = z.enum(['ecf-induction', 'ecf-mentor']).openapi({ description: 'ecf-induction for an early career teacher, ecf-mentor for a mentor' });

const actionRequest = (name: string, type: string, attributes: z.ZodRawShape) =>
  z.object({ data: z.object({ type: z.enum([type]), attributes: z.object(attributes) }) }).openapi(name);

export const ECFParticipantWithdrawRequestSchema = actionRequest('ECFParticipantWithdrawRequest', 'participant-withdraw', {
  reason: z.enum(withdrawalReasons).openapi({ description: 'Why the participant has stopped training with you' }),
  course_identifier: courseIdentifier,
});
export const ECFParticipantDeferRequestSchema = actionRequest('ECFParticipantDeferRequest', 'participant-defer', {
  reason: z.enum(deferralReasons).openapi({ description: 'Why the participant is taking a break' }),
  course_identifier: courseIdentifier,
});
export const ECFParticipantResumeRequestSchema = actionRequest('ECFParticipantResumeRequest', 'participant-resume', {
  course_identifier: courseIdentifier,
});
export const ECFParticipantChangeScheduleRequestSchema = actionRequest('ECFParticipantChangeScheduleRequest', 'participant-change-schedule', {
  schedule_identifier: z.enum(scheduleIdentifiers).openapi({ description: 'The schedule to move the participant to' }),
  course_identifier: courseIdentifier,
  cohort: z.string().openapi({ description: 'Start year of the cohort to move to; the participant’s current cohort if left out', example: '2025' }),
});
