import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { operatorAssignMentor, operatorLeaving, operatorMerge, operatorRegisterParticipant, operatorTransfer, operatorValidate } from '../services/operators/school-events';
import { attributes, attributesBody, operatorContext, operatorRoute, resource, single, tag } from './shared';

const tags = tag('participants');
export const registrationProperties = {
  school_id: { type: 'string' as const, description: 'The school registering them; it needs a programme for the cohort' },
  cohort: { type: 'integer' as const, description: 'Start year of their cohort', example: 2025 },
  participant_type: { type: 'string' as const, enum: ['ect', 'mentor'], description: 'ect or mentor' },
  full_name: { type: 'string' as const, description: 'Their full name' },
  email: { type: 'string' as const, description: 'Their email; not already used by another participant' },
  teacher_reference_number: { type: 'string' as const, description: 'Their TRN' },
  mentor_id: { type: 'string' as const, description: 'An ECT’s mentor (participant id of a mentor)' },
  start_date: { type: 'string' as const, description: 'When they start (default: now)', example: '2025-09-01' },
  eligibility: { type: 'string' as const, enum: ['eligible', 'ineligible', 'manual_check', 'matched', 'none'], description: 'DfE’s validation; none leaves them waiting (and invisible to providers) until validated' },
};
const ParticipantEventSchema = resource('participant', {
  training_record_id: z.string().openapi({ description: 'The training record the event was about' }),
  participant_type: z.enum(['ect', 'mentor']),
}).openapi('OperatorParticipantResponse');
const RegistrationSchema = resource('participant-registration', {
  training_record_id: z.string(), validated: z.boolean(),
}).openapi('OperatorRegistrationResponse');

const course = { type: 'string' as const, enum: ['ecf-induction', 'ecf-mentor'], description: 'Which training record' };

export function participantRoutes() {
  const api = new OpenAPIHono<AppEnv>();
  const event = (t: { userId: string; profileId: string; type: 'ect' | 'mentor' }) =>
    single(t.userId, 'participant' as const, { training_record_id: t.profileId, participant_type: t.type });

  api.openapi(operatorRoute({
    method: 'post', path: '/participants', operationId: 'register_participant', tags,
    summary: 'A school registers an ECT or mentor', description: 'They join the school’s default programme for the cohort, on the standard September schedule. One batch: all written or nothing.',
    body: attributesBody(registrationProperties, ['school_id', 'cohort', 'participant_type', 'full_name', 'email']),
    response: RegistrationSchema,
  }), async (c) => {
    const r = await operatorRegisterParticipant(operatorContext(c), await attributes(c));
    return c.json(single(r.userId, 'participant-registration' as const, { training_record_id: r.profileId, validated: r.validated }), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/participants/{id}/validate', operationId: 'validate_participant', tags, withId: 'The participant id',
    summary: 'DfE validates a participant’s details', description: 'Submitted declarations become eligible when status is eligible.',
    body: attributesBody({ course_identifier: course, status: { type: 'string', enum: ['eligible', 'ineligible', 'manual_check', 'matched'], description: 'The result' }, reason: { type: 'string', description: 'Why, when not eligible' } }, ['course_identifier']),
    response: ParticipantEventSchema,
  }), async (c) => c.json(event(await operatorValidate(operatorContext(c), c.req.param('id')!, await attributes(c))), 200));

  api.openapi(operatorRoute({
    method: 'post', path: '/participants/{id}/leaving', operationId: 'report_leaving', tags, withId: 'The participant id',
    summary: 'A school reports a participant is leaving', description: 'Their current induction record ends on leaving_on.',
    body: attributesBody({ course_identifier: course, leaving_on: { type: 'string', description: 'Date', example: '2026-07-31' } }, ['course_identifier', 'leaving_on']),
    response: ParticipantEventSchema,
  }), async (c) => c.json(event(await operatorLeaving(operatorContext(c), c.req.param('id')!, await attributes(c))), 200));

  api.openapi(operatorRoute({
    method: 'post', path: '/participants/{id}/transfer', operationId: 'transfer_participant', tags, withId: 'The participant id',
    summary: 'A participant moves to another school', description: 'The new school needs a programme for the participant’s cohort.',
    body: attributesBody({ course_identifier: course, school_id: { type: 'string', description: 'The new school' }, leaving_on: { type: 'string', description: 'Date' }, joining_on: { type: 'string', description: 'Date' } }, ['course_identifier', 'school_id', 'leaving_on', 'joining_on']),
    response: ParticipantEventSchema,
  }), async (c) => c.json(event(await operatorTransfer(operatorContext(c), c.req.param('id')!, await attributes(c))), 200));

  api.openapi(operatorRoute({
    method: 'post', path: '/participants/{id}/mentor', operationId: 'assign_mentor', tags, withId: 'The ECT’s participant id',
    summary: 'A school assigns or replaces an ECT’s mentor', description: 'mentor_id is the mentor’s participant id.',
    body: attributesBody({ mentor_id: { type: 'string', description: 'The mentor' } }, ['mentor_id']),
    response: ParticipantEventSchema,
  }), async (c) => c.json(event(await operatorAssignMentor(operatorContext(c), c.req.param('id')!, await attributes(c))), 200));

  api.openapi(operatorRoute({
    method: 'post', path: '/participants/merge', operationId: 'merge_participants', tags,
    summary: 'DfE merges two records of the same person', description: 'The retired id keeps working in providers’ actions and declarations.',
    body: attributesBody({ retired_participant_id: { type: 'string', description: 'The duplicate' }, kept_participant_id: { type: 'string', description: 'The one to keep' }, course_identifier: course }, ['retired_participant_id', 'kept_participant_id']),
    response: ParticipantEventSchema,
  }), async (c) => c.json(event(await operatorMerge(operatorContext(c), await attributes(c))), 200));

  return api;
}
