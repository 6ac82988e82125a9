import { and, eq, isNull } from 'drizzle-orm';
import { partnerships, schoolCohorts, users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { ErrorCollector } from '../../errors/api-error';
import { parseInstant } from '../../http/time';
import { findCohortByYear } from '../cohorts/find-cohort';
import { resolveParticipant } from '../participants/actions/resolve-participant';
import { registerParticipant } from '../school-events/register-participant';
import { validateParticipant, type EligibilityStatus } from '../school-events/validate-participant';
import { sandboxMessages as m } from './messages';

const eligibilities = ['eligible', 'ineligible', 'manual_check', 'matched', 'none'];

export interface SandboxRegistration {
  school_id?: unknown; cohort?: unknown; participant_type?: unknown; full_name?: unknown; email?: unknown;
  teacher_reference_number?: unknown; mentor_id?: unknown; eligibility?: unknown; start_date?: unknown;
}

/**
 * A school registers a new ECT or mentor at one of the caller's partnered schools, as the
 * school-facing service would; DfE's validation can be applied at once (`eligibility`).
 */
export async function sandboxRegisterParticipant(ctx: RequestContext, input: SandboxRegistration) {
  const errors = new ErrorCollector();
  const cohort = await findCohortByYear(ctx.db, input.cohort);
  if (!cohort) errors.add('cohort', 'Enter the start year of a cohort, for example "2025".');
  const type = input.participant_type === 'ect' || input.participant_type === 'mentor' ? input.participant_type : null;
  if (!type) errors.add('participant_type', m.typeInvalid);
  const fullName = typeof input.full_name === 'string' && input.full_name.trim() ? input.full_name.trim() : null;
  if (!fullName) errors.add('full_name', m.nameMissing);
  const email = typeof input.email === 'string' && /^[^@\s]+@[^@\s]+$/.test(input.email.trim()) ? input.email.trim().toLowerCase() : null;
  if (!email || (await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1)).length) errors.add('email', m.emailInvalid);
  const eligibility = input.eligibility === undefined ? 'eligible' : String(input.eligibility);
  if (!eligibilities.includes(eligibility)) errors.add('eligibility', m.eligibilityInvalid);
  const startDate = input.start_date === undefined ? ctx.now : typeof input.start_date === 'string' ? parseInstant(input.start_date) : null;
  if (!startDate) errors.add('start_date', m.dateInvalid('start_date'));
  const schoolId = typeof input.school_id === 'string' ? input.school_id : '';
  const [place] = cohort ? await ctx.db.select({ schoolCohort: schoolCohorts }).from(partnerships)
    .innerJoin(schoolCohorts, and(eq(schoolCohorts.schoolId, partnerships.schoolId), eq(schoolCohorts.cohortId, partnerships.cohortId)))
    .where(and(eq(partnerships.schoolId, schoolId), eq(partnerships.cohortId, cohort.id), eq(partnerships.leadProviderId, ctx.leadProvider.id),
      eq(partnerships.relationship, false), isNull(partnerships.challengeReason))).limit(1) : [];
  if (cohort && !place) errors.add('school_id', m.schoolNotPartnered);
  let mentorProfileId: string | null = null;
  if (input.mentor_id !== undefined && type === 'ect') {
    try {
      mentorProfileId = (await resolveParticipant(ctx.db, ctx.leadProvider.id, String(input.mentor_id), 'ecf-mentor')).profile.id;
    } catch {
      errors.add('mentor_id', m.mentorNotYours);
    }
  }
  errors.throwIfAny();
  const registered = await registerParticipant(ctx, {
    schoolId, cohortYear: cohort!.startYear, type: type!, fullName: fullName!, email: email!,
    trn: typeof input.teacher_reference_number === 'string' ? input.teacher_reference_number : null, mentorProfileId, startDate: startDate!,
  });
  if (eligibility !== 'none') await validateParticipant(ctx, registered.profileId, eligibility as EligibilityStatus);
  return { ...registered, validated: eligibility !== 'none' };
}
