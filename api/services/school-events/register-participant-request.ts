import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { partnerships, schoolCohorts, users } from '../../../db/schema';
import { ErrorCollector } from '../../errors/api-error';
import { parseInstant } from '../../http/time';
import { findCohortByYear } from '../cohorts/find-cohort';
import { sandboxMessages as m } from '../sandbox/messages';
import { findEventTarget, type EventScope } from './event-scope';
import { registerParticipant, type BatchItem, type RegisteredIds } from './register-participant';

const eligibilities = ['eligible', 'ineligible', 'manual_check', 'matched', 'none'];

export interface RegistrationRequest {
  school_id?: unknown; cohort?: unknown; participant_type?: unknown; full_name?: unknown; email?: unknown;
  teacher_reference_number?: unknown; mentor_id?: unknown; eligibility?: unknown; start_date?: unknown;
}

export interface Registration extends RegisteredIds { validated: boolean }

/**
 * A school registers a new ECT or mentor, as the school-facing service would, with DfE's
 * validation applied at once (`eligibility`, eligible by default; `none` leaves them waiting).
 * Through the sandbox (a provider scope) the school must be partnered with that provider in the
 * cohort and a mentor must be one the provider trains; through the operator API any school with
 * a programme for the cohort and any mentor will do. The registration is one batch, with whatever
 * the caller adds to it (`also`).
 */
export async function registerParticipantRequest(
  ctx: { db: Db; now: Date }, scope: EventScope, input: RegistrationRequest, opts: { also?: (ids: RegisteredIds) => BatchItem[] } = {},
): Promise<Registration> {
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
  if (cohort && scope.leadProviderId !== null) {
    const [place] = await ctx.db.select({ schoolCohort: schoolCohorts }).from(partnerships)
      .innerJoin(schoolCohorts, and(eq(schoolCohorts.schoolId, partnerships.schoolId), eq(schoolCohorts.cohortId, partnerships.cohortId)))
      .where(and(eq(partnerships.schoolId, schoolId), eq(partnerships.cohortId, cohort.id), eq(partnerships.leadProviderId, scope.leadProviderId),
        eq(partnerships.relationship, false), isNull(partnerships.challengeReason))).limit(1);
    if (!place) errors.add('school_id', m.schoolNotPartnered);
  } else if (cohort) {
    const [place] = await ctx.db.select({ programme: schoolCohorts.defaultInductionProgrammeId }).from(schoolCohorts)
      .where(and(eq(schoolCohorts.schoolId, schoolId), eq(schoolCohorts.cohortId, cohort.id))).limit(1);
    if (!place?.programme) errors.add('school_id', m.schoolHasNoProgrammeInCohort);
  }
  let mentorProfileId: string | null = null;
  if (input.mentor_id !== undefined && type === 'ect') {
    try {
      mentorProfileId = (await findEventTarget(ctx.db, scope, String(input.mentor_id), 'ecf-mentor')).profileId;
    } catch {
      errors.add('mentor_id', scope.leadProviderId === null ? m.mentorUnknown : m.mentorNotYours);
    }
  }
  errors.throwIfAny();
  const registered = await registerParticipant(ctx, {
    schoolId, cohortYear: cohort!.startYear, type: type!, fullName: fullName!, email: email!,
    trn: typeof input.teacher_reference_number === 'string' ? input.teacher_reference_number : null, mentorProfileId, startDate: startDate!,
    eligibility: eligibility === 'none' ? null : (eligibility as 'eligible'),
  }, opts);
  return { ...registered, validated: eligibility !== 'none' };
}
