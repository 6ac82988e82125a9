import { z } from '@hono/zod-openapi';
import { declarationTypes } from '../../domain/declarations';

// v1 and v2 declarations. v2 is v1 without eligible_for_payment and voided (both deprecated).

const apiStates = ['submitted', 'eligible', 'payable', 'paid', 'voided', 'ineligible', 'awaiting-clawback', 'clawed-back'] as const;
const uuid = (description: string) => z.string().openapi({ format: 'uuid', description });

const participantId = uuid('The participant the declaration is for');
const declarationType = z.enum(declarationTypes).openapi({ description: 'The training event declared' });
const courseIdentifier = z.enum(['ecf-induction', 'ecf-mentor']);
const declarationDate = z.string().openapi({ format: 'date-time', description: 'When the event happened', example: '2025-10-15T10:30:00Z' });
const updatedAt = z.string().openapi({ format: 'date-time' });
const state = z.enum(apiStates).openapi({ description: 'Where the declaration is in the payment process' });
const hasPassed = z.boolean().nullable().openapi({ description: 'Not used for these courses: always null' });

/** Attribute order is the CSV column order (V1-V2.md §2.2.1). */
export const DeclarationV1AttributesSchema = z.object({
  participant_id: participantId,
  declaration_type: declarationType,
  course_identifier: courseIdentifier,
  eligible_for_payment: z.boolean().openapi({ description: 'Deprecated: true while the declaration is eligible or payable (false once paid)' }),
  declaration_date: declarationDate,
  updated_at: updatedAt,
  voided: z.boolean().openapi({ description: 'Deprecated: true when the state is voided' }),
  state,
  has_passed: hasPassed,
}).openapi('ParticipantDeclarationAttributes');

export const DeclarationV2AttributesSchema = z.object({
  participant_id: participantId,
  declaration_type: declarationType,
  course_identifier: courseIdentifier,
  declaration_date: declarationDate,
  updated_at: updatedAt,
  state,
  has_passed: hasPassed,
}).openapi('ParticipantDeclarationAttributes');

const schemasFor = <A extends z.ZodTypeAny>(attributes: A) => {
  const resource = z.object({ id: uuid('The declaration id'), type: z.literal('participant-declaration'), attributes }).openapi('ParticipantDeclarationResponse');
  return {
    single: z.object({ data: resource }).openapi('SingleParticipantDeclarationResponse'),
    multiple: z.object({ data: z.array(resource) }).openapi('MultipleParticipantDeclarationsResponse'),
  };
};

export const declarationV1Schemas = schemasFor(DeclarationV1AttributesSchema);
export const declarationV2Schemas = schemasFor(DeclarationV2AttributesSchema);

export const LegacyDeclarationsFilterSchema = z.object({
  participant_id: z.string().openapi({ description: 'Only declarations for this participant (one id)' }),
  updated_since: z.string().openapi({ description: 'Only declarations changed after this time (RFC 3339)' }),
}).partial().openapi('ParticipantDeclarationsFilter');

type Column = { type: 'string' | 'boolean'; format?: string; enum?: string[]; description?: string };
const column = (type: Column['type'], extra: Omit<Column, 'type'> = {}): Column => ({ type, ...extra });

/** The CSV file's rows, documented as the reference documents them (a string carrying these columns). */
export function declarationCsvSchema(version: 'v1' | 'v2') {
  const columns: Record<string, Column> = {
    id: column('string', { format: 'uuid' }),
    participant_id: column('string', { format: 'uuid' }),
    declaration_type: column('string', { enum: [...declarationTypes] }),
    course_identifier: column('string', { enum: ['ecf-induction', 'ecf-mentor'] }),
    ...(version === 'v1' ? { eligible_for_payment: column('boolean') } : {}),
    declaration_date: column('string', { format: 'date-time' }),
    updated_at: column('string', { format: 'date-time' }),
    ...(version === 'v1' ? { voided: column('boolean') } : {}),
    state: column('string'),
    has_passed: column('string', { description: 'Always empty' }),
  };
  return {
    type: 'string' as const,
    description: 'CSV text: a header row (`id` then the columns below, in this order) and one row per declaration. Empty when nothing matches.',
    properties: { data: { type: 'array' as const, items: { type: 'object' as const, properties: columns } } },
  };
}
