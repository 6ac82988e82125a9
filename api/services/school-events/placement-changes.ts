import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohorts, inductionRecords, participantProfiles, schoolCohorts } from '../../../db/schema';
import { DomainError, NotFoundError } from '../../errors/api-error';

// What schools report about where a participant trains: leaving, joining another school, and
// who mentors an ECT. Each closes the current induction record and, where training goes on,
// opens a new one, so the history (and what each provider sees) stays complete.

async function currentRecord(db: Db, profileId: string) {
  const [record] = await db.select().from(inductionRecords)
    .where(eq(inductionRecords.participantProfileId, profileId))
    .orderBy(sql`${inductionRecords.endDate} IS NULL DESC`, desc(inductionRecords.startDate), desc(inductionRecords.createdAt))
    .limit(1);
  if (!record) throw new NotFoundError('participant');
  return record;
}

/** The school reports the participant is leaving on a date (future: leaving; past: left). */
export async function reportLeaving(ctx: { db: Db; now: Date }, profileId: string, leavingOn: Date) {
  const record = await currentRecord(ctx.db, profileId);
  await ctx.db.update(inductionRecords)
    .set({ inductionStatus: 'leaving', endDate: leavingOn, updatedAt: ctx.now })
    .where(eq(inductionRecords.id, record.id));
}

/**
 * The participant joins another school (reported by the new school): the old record is leaving
 * on `leavingOn`, a new record starts on `joiningOn` under the new school's default programme.
 */
export async function transferParticipant(ctx: { db: Db; now: Date }, profileId: string, input: { toSchoolId: string; leavingOn: Date; joiningOn: Date }) {
  const { db, now } = ctx;
  const record = await currentRecord(db, profileId);
  const [place] = await db.select({ schoolCohort: schoolCohorts }).from(schoolCohorts)
    .innerJoin(cohorts, eq(cohorts.id, schoolCohorts.cohortId))
    .where(and(eq(schoolCohorts.schoolId, input.toSchoolId), sql`${cohorts.id} = (SELECT sc.cohort_id FROM ${participantProfiles} pp JOIN ${schoolCohorts} sc ON sc.id = pp.school_cohort_id WHERE pp.id = ${profileId})`))
    .limit(1);
  if (!place?.schoolCohort.defaultInductionProgrammeId) {
    throw new DomainError([{ title: 'school', detail: 'The new school has no training programme for the participant’s cohort yet.' }]);
  }
  await db.batch([
    db.update(inductionRecords).set({ inductionStatus: 'leaving', endDate: input.leavingOn, updatedAt: now }).where(eq(inductionRecords.id, record.id)),
    db.insert(inductionRecords).values({
      id: crypto.randomUUID(), participantProfileId: profileId, inductionProgrammeId: place.schoolCohort.defaultInductionProgrammeId,
      scheduleId: record.scheduleId, mentorProfileId: null, preferredIdentityId: record.preferredIdentityId,
      inductionStatus: 'active', trainingStatus: record.trainingStatus, startDate: input.joiningOn, schoolTransfer: true,
      createdAt: now, updatedAt: now,
    }),
    db.update(participantProfiles).set({ schoolCohortId: place.schoolCohort.id, mentorProfileId: null, updatedAt: now }).where(eq(participantProfiles.id, profileId)),
  ]);
}

/** The school assigns a mentor to an ECT (or replaces their mentor). */
export async function assignMentor(ctx: { db: Db; now: Date }, ectProfileId: string, mentorProfileId: string) {
  const { db, now } = ctx;
  const record = await currentRecord(db, ectProfileId);
  const t = now.getTime();
  await db.batch([
    db.update(participantProfiles).set({ mentorProfileId, updatedAt: now }).where(and(eq(participantProfiles.id, ectProfileId), eq(participantProfiles.type, 'ect'))),
    db.run(sql`
      INSERT INTO ${inductionRecords} (id, participant_profile_id, induction_programme_id, schedule_id, mentor_profile_id, preferred_identity_id,
        induction_status, training_status, start_date, end_date, school_transfer, created_at, updated_at)
      SELECT ${crypto.randomUUID()}, participant_profile_id, induction_programme_id, schedule_id, ${mentorProfileId}, preferred_identity_id,
        induction_status, training_status, ${t}, end_date, 0, ${t}, ${t}
      FROM ${inductionRecords} WHERE id = ${record.id} AND end_date IS NULL`),
    db.update(inductionRecords).set({ inductionStatus: 'changed', endDate: now, updatedAt: now })
      .where(and(eq(inductionRecords.id, record.id), isNull(inductionRecords.endDate))),
  ]);
}
