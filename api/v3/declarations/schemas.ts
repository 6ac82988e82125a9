import { z } from '@hono/zod-openapi';
import { declarationTypes, ectEvidence, engagementEvidence, simpleEvidence } from '../../domain/declarations';

const allEvidence = ['training-event-attended', 'self-study-material-completed', 'materials-engaged-with-offline', 'other', '75-percent-engagement-met', '75-percent-engagement-met-reduced-induction', 'one-term-induction'] as const;
const apiStates = ['submitted', 'eligible', 'payable', 'paid', 'voided', 'ineligible', 'awaiting-clawback', 'clawed-back'] as const;
const uuid = (description: string) => z.string().openapi({ format: 'uuid', description });

export const ParticipantDeclarationAttributesSchema = z.object({
  participant_id: uuid('The participant the declaration is for'),
  declaration_type: z.enum(declarationTypes).openapi({ description: 'The training event declared' }),
  declaration_date: z.string().openapi({ format: 'date-time', description: 'When the event happened', example: '2025-10-15T10:30:00Z' }),
  course_identifier: z.enum(['ecf-induction', 'ecf-mentor']),
  state: z.enum(apiStates).openapi({ description: 'Where the declaration is in the payment process' }),
  updated_at: z.string().openapi({ format: 'date-time' }),
  created_at: z.string().openapi({ format: 'date-time' }),
  delivery_partner_id: z.string().nullable().openapi({ format: 'uuid', description: 'The delivery partner when the event happened' }),
  statement_id: z.string().nullable().openapi({ format: 'uuid', description: 'The statement that pays (or paid) it' }),
  clawback_statement_id: z.string().nullable().openapi({ format: 'uuid', description: 'The statement that claws it back' }),
  ineligible_for_funding_reason: z.enum(['duplicate_declaration']).nullable().openapi({ description: 'Why an ineligible declaration will not be paid' }),
  mentor_id: z.string().nullable().openapi({ format: 'uuid', description: 'The ECT’s mentor when the event happened' }),
  uplift_paid: z.boolean().openapi({ description: 'Whether an uplift was paid with this started declaration' }),
  evidence_held: z.enum(allEvidence).nullable(),
  has_passed: z.boolean().nullable().openapi({ description: 'Not used for these courses: always null' }),
  lead_provider_name: z.string().openapi({ description: 'The provider that made the declaration' }),
}).openapi('ParticipantDeclarationAttributes');

export const ParticipantDeclarationSchema = z.object({
  id: uuid('The declaration id'),
  type: z.literal('participant-declaration'),
  attributes: ParticipantDeclarationAttributesSchema,
}).openapi('ParticipantDeclarationResponse');

export const MultipleParticipantDeclarationsResponseSchema = z.object({ data: z.array(ParticipantDeclarationSchema) }).openapi('MultipleParticipantDeclarationsResponse');
export const SingleParticipantDeclarationResponseSchema = z.object({ data: ParticipantDeclarationSchema }).openapi('SingleParticipantDeclarationResponse');

export const ParticipantDeclarationsFilterSchema = z.object({
  cohort: z.string().openapi({ description: 'Only declarations for these cohorts: start years separated by commas' }),
  participant_id: z.string().openapi({ description: 'Only declarations for these participants: ids separated by commas' }),
  updated_since: z.string().openapi({ description: 'Only declarations changed at or after this time (RFC 3339)' }),
  delivery_partner_id: z.string().openapi({ description: 'Only declarations with these delivery partners: ids separated by commas' }),
}).partial().openapi('ParticipantDeclarationsFilter');

// The request body, by cohort and participant: before 2025 simple evidence; from 2025 detailed
// evidence per type for ECTs, and only started and completed for mentors.
const date = z.string().openapi({ format: 'date-time', example: '2025-10-15T10:30:00Z' });
const both = z.enum(['ecf-induction', 'ecf-mentor']);
const ectOnly = z.enum(['ecf-induction']);
const mentorOnly = z.enum(['ecf-mentor']);
const pid = z.string().openapi({ description: 'The participant id' });
const pidUuid = z.string().openapi({ format: 'uuid', description: 'The participant id' });
const variant = (attributes: z.ZodTypeAny) => z.object({ type: z.enum(['participant-declaration']), attributes });

export const ParticipantDeclarationRequestSchema = z.object({
  data: z.union([
    variant(z.union([
      z.object({ participant_id: pid, declaration_type: z.enum(['started']), declaration_date: date, course_identifier: both }),
      z.object({ participant_id: pidUuid, declaration_type: z.enum(['retained-1', 'retained-2', 'retained-3', 'retained-4']), declaration_date: date, course_identifier: both, evidence_held: z.enum(simpleEvidence) }),
      z.object({ participant_id: pid, declaration_type: z.enum(['completed']), declaration_date: date, course_identifier: both, evidence_held: z.enum(simpleEvidence) }),
      z.object({ participant_id: pid, declaration_type: z.enum(['extended-1', 'extended-2', 'extended-3']), declaration_date: date, course_identifier: both, evidence_held: z.enum(simpleEvidence) }),
    ])).openapi('ParticipantDeclarationPre2025DataRequest'),
    variant(z.union([
      z.object({ participant_id: pid, declaration_type: z.enum(['started']), declaration_date: date, course_identifier: ectOnly, evidence_held: z.enum(ectEvidence) }),
      z.object({ participant_id: pidUuid, declaration_type: z.enum(['retained-1', 'retained-2', 'retained-3', 'retained-4']), declaration_date: date, course_identifier: ectOnly, evidence_held: z.enum([...ectEvidence, ...engagementEvidence]) }),
      z.object({ participant_id: pid, declaration_type: z.enum(['completed']), declaration_date: date, course_identifier: ectOnly, evidence_held: z.enum([...engagementEvidence, 'one-term-induction']) }),
      z.object({ participant_id: pid, declaration_type: z.enum(['extended-1', 'extended-2', 'extended-3']), declaration_date: date, course_identifier: ectOnly, evidence_held: z.enum(ectEvidence) }),
    ])).openapi('ParticipantDeclarationPost2024ECTDataRequest'),
    variant(z.union([
      z.object({ participant_id: pid, declaration_type: z.enum(['started']), declaration_date: date, course_identifier: mentorOnly, evidence_held: z.enum(ectEvidence) }),
      z.object({ participant_id: pid, declaration_type: z.enum(['completed']), declaration_date: date, course_identifier: mentorOnly, evidence_held: z.enum(engagementEvidence) }),
    ])).openapi('ParticipantDeclarationPost2024MentorDataRequest'),
  ]),
}).openapi('ParticipantDeclarationRequest');
