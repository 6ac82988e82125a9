import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohorts, inductionRecords, participantEligibilities, participantIdentities, participantProfiles, schedules, schoolCohorts, users } from '../../../db/schema';
import { DomainError } from '../../errors/api-error';
import { runBatch, type BatchStatement } from '../../../db/batch';

export interface RegisterParticipantInput {
  schoolId: string;
  cohortYear: number;
  type: 'ect' | 'mentor';
  fullName: string;
  email: string;
  trn?: string | null;
  mentorProfileId?: string | null;
  startDate?: Date;
  /** DfE's validation, when already known: written with the registration (a new participant has no declarations to make eligible). */
  eligibility?: 'eligible' | 'matched' | 'manual_check' | 'ineligible' | null;
}

/** Kept as the name callers of `also` import; it is the shared batch statement type. */
export type BatchItem = BatchStatement;
export interface RegisteredIds { userId: string; profileId: string; identityId: string }

/**
 * A school registers an ECT or mentor for a cohort. They join the school's default programme for
 * the cohort (so the provider and delivery partner of its partnership) on the standard September
 * schedule. Providers see them once DfE has validated their details.
 */
export async function registerParticipant(ctx: { db: Db; now: Date }, input: RegisterParticipantInput, opts: { also?: (ids: RegisteredIds) => BatchItem[] } = {}) {
  const { db, now } = ctx;
  const [place] = await db.select({ schoolCohort: schoolCohorts, scheduleId: schedules.id })
    .from(schoolCohorts)
    .innerJoin(cohorts, eq(cohorts.id, schoolCohorts.cohortId))
    .innerJoin(schedules, and(eq(schedules.cohortId, cohorts.id), eq(schedules.scheduleIdentifier, 'ecf-standard-september')))
    .where(and(eq(schoolCohorts.schoolId, input.schoolId), eq(cohorts.startYear, input.cohortYear)))
    .limit(1);
  if (!place?.schoolCohort.defaultInductionProgrammeId) {
    throw new DomainError([{ title: 'school_id', detail: 'The school has no training programme for that cohort yet.' }]);
  }
  const userId = crypto.randomUUID();
  const identityId = crypto.randomUUID();
  const profileId = crypto.randomUUID();
  const stamps = { createdAt: now, updatedAt: now };
  const ids = { userId, profileId, identityId };
  // One batch: a registration (with its validation, and whatever the caller records with it, such
  // as a bulk row's external id and audit row) is written whole or not at all.
  await runBatch(db, [
    db.insert(users).values({ id: userId, fullName: input.fullName, email: input.email, trn: input.trn ?? null, ...stamps, apiUpdatedAt: now }),
    db.insert(participantIdentities).values({ id: identityId, userId, email: input.email, externalIdentifier: userId, ...stamps }),
    db.insert(participantProfiles).values({
      id: profileId, type: input.type, userId, participantIdentityId: identityId, schoolCohortId: place.schoolCohort.id,
      scheduleId: place.scheduleId, mentorProfileId: input.mentorProfileId ?? null, ...stamps,
    }),
    db.insert(inductionRecords).values({
      id: crypto.randomUUID(), participantProfileId: profileId, inductionProgrammeId: place.schoolCohort.defaultInductionProgrammeId,
      scheduleId: place.scheduleId, mentorProfileId: input.mentorProfileId ?? null, preferredIdentityId: identityId,
      inductionStatus: 'active', trainingStatus: 'active', startDate: input.startDate ?? now, ...stamps,
    }),
    ...(input.eligibility ? [db.insert(participantEligibilities).values({ id: crypto.randomUUID(), participantProfileId: profileId, status: input.eligibility, reason: 'none', createdAt: now, updatedAt: now })] : []),
    ...(opts.also?.(ids) ?? []),
  ]);
  return ids;
}
