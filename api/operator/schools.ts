import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { chooseSchoolProgramme, programmeChoices } from '../services/schools/choose-programme';
import { setInductionTutor } from '../services/schools/set-induction-tutor';
import { attributes, attributesBody, operatorContext, operatorRoute, resource, single, tag } from './shared';

const tags = tag('schools');
export const choiceProperties = {
  school_id: { type: 'string' as const, description: 'The school' },
  cohort: { type: 'integer' as const, description: 'Start year of the cohort', example: 2025 },
  induction_programme_choice: { type: 'string' as const, enum: programmeChoices, description: 'How the school will train its early career teachers in the cohort', example: 'full_induction_programme' },
};
export const SchoolCohortAttributes = {
  school_id: z.string(), cohort: z.number().int(),
  induction_programme_choice: z.enum(programmeChoices),
};
const SchoolCohortSchema = resource('school-cohort', SchoolCohortAttributes).openapi('OperatorSchoolCohortResponse');
const InductionTutorSchema = resource('induction-tutor', { school_id: z.string(), full_name: z.string(), email: z.string() }).openapi('OperatorInductionTutorResponse');

export function schoolRoutes() {
  const api = new OpenAPIHono<AppEnv>();

  api.openapi(operatorRoute({
    method: 'put', path: '/school-cohorts', operationId: 'choose_school_programme', tags,
    summary: 'Record a school’s programme choice for a cohort',
    description: 'Provider-led choices train new participants in the programme of the school’s partnership once a provider confirms one; school-led choices in a programme of the school’s own.',
    body: attributesBody(choiceProperties, ['school_id', 'cohort', 'induction_programme_choice']),
    response: SchoolCohortSchema,
  }), async (c) => {
    const r = await chooseSchoolProgramme(operatorContext(c), await attributes(c));
    return c.json(single(r.school_cohort_id, 'school-cohort' as const, { school_id: r.school_id, cohort: r.cohort, induction_programme_choice: r.induction_programme_choice }), 200);
  });

  api.openapi(operatorRoute({
    method: 'put', path: '/schools/{id}/induction-tutor', operationId: 'set_induction_tutor', tags, withId: 'The school’s id',
    summary: 'Record a school’s induction tutor', description: 'Replaces the one before. The school’s partnerships move their `updated_at`.',
    body: attributesBody({ full_name: { type: 'string', description: 'Their name' }, email: { type: 'string', description: 'Their email' } }, ['full_name', 'email']),
    response: InductionTutorSchema,
  }), async (c) => {
    const r = await setInductionTutor(operatorContext(c), c.req.param('id')!, await attributes(c));
    return c.json(single(r.user_id, 'induction-tutor' as const, { school_id: r.school_id, full_name: r.full_name, email: r.email }), 200);
  });

  return api;
}
