import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../../db/client';
import { expression, readModel, required } from '../../../../db/read-model';
import { inductionProgrammes, inductionRecords, participantIdentities, participantProfiles, partnerships, schedules, schoolCohorts } from '../../../../db/schema';
import { ErrorCollector, NotFoundError } from '../../../errors/api-error';
import { courseIdentifiers, type ParticipantType } from '../../../domain/training-status';
import { latest, latestRecordOrderOf, latestRecordsCte, validatedProfileOf } from '../latest-records';
import { actionMessages as m } from './messages';

/** A training record the provider may act on, with its latest record under the provider. */
export interface ActionTarget {
  userId: string;
  profile: {
    id: string;
    type: ParticipantType;
    revision: string;
    scheduleId: string;
    scheduleCohortId: string;
    schoolCohortId: string;
    trainingStatus: string;
    inductionCompletionDate: string | null;
    cohortChangedAfterPaymentsFrozen: boolean;
  };
  latest: {
    recordId: string;
    inductionProgrammeId: string;
    scheduleId: string;
    scheduleCohortId: string;
    schoolCohortId: string;
    schoolId: string;
    partnershipId: string;
    trainingStatus: string;
  };
}

const pp = alias(participantProfiles, 'pp');
const ir = alias(inductionRecords, 'ir');
const ip = alias(inductionProgrammes, 'ip');
const sc = alias(schoolCohorts, 'sc');
const psch = alias(schedules, 'psch');
const lsch = alias(schedules, 'lsch');
const pi = alias(participantIdentities, 'pi');
const cur = alias(inductionRecords, 'cur');
const cip = alias(inductionProgrammes, 'cip');
const cp = alias(partnerships, 'cp');

/**
 * The provider's latest record is the training record's latest of all (under any provider, or
 * a school-led programme; records under challenged partnerships do not count). Only the
 * provider training a participant now may change their training: one they have moved away from
 * still sees them, but acting would rewrite the new provider's record (its schedule, its status).
 */
const trainsParticipantNow = sql`${latest.recordId} = (
  SELECT ${cur.id} FROM ${inductionRecords} AS ${cur}
  JOIN ${inductionProgrammes} AS ${cip} ON ${cip.id} = ${cur.inductionProgrammeId}
  LEFT JOIN ${partnerships} AS ${cp} ON ${cp.id} = ${cip.partnershipId}
  WHERE ${cur.participantProfileId} = ${pp.id} AND ${cp.challengedAt} IS NULL AND ${cp.challengeReason} IS NULL
  ORDER BY ${latestRecordOrderOf(cur)}
  LIMIT 1)`;

/**
 * A training record of the participant with the provider, and its latest record (`latest`, and
 * `ir`, the same record, for what the CTE does not carry). `profileCreatedAt` is there for the
 * order: oldest training record first.
 */
const targetModel = readModel({
  userId: pp.userId,
  profileId: pp.id,
  profileCreatedAt: pp.createdAt,
  type: pp.type,
  revision: pp.revision,
  profileStatus: pp.status,
  profileScheduleId: pp.scheduleId,
  profileScheduleCohortId: psch.cohortId,
  profileSchoolCohortId: pp.schoolCohortId,
  profileTrainingStatus: pp.trainingStatus,
  inductionCompletionDate: pp.inductionCompletionDate,
  cohortChangedAfterPaymentsFrozen: pp.cohortChangedAfterPaymentsFrozen,
  recordId: expression.text(latest.recordId),
  inductionProgrammeId: ir.inductionProgrammeId,
  scheduleId: expression.text(latest.scheduleId),
  latestScheduleCohortId: lsch.cohortId,
  schoolCohortId: expression.text(latest.schoolCohortId),
  schoolId: sc.schoolId,
  // the CTE joins the record's partnership, so a latest record always has one
  partnershipId: required(ip.partnershipId),
  trainingStatus: expression.text(latest.trainingStatus),
});

/**
 * Finds what `PUT /participants/ecf/{id}/...` acts on: the participant (by id, or by a retired id
 * merged into them) and their training record for the course. A participant the provider does
 * not train now — unknown, trained by someone else, moved to another provider or school-led
 * training, under a challenged partnership or not yet validated by DfE — is not found, exactly
 * like a missing id. (The sandbox's control API may act on participants DfE has not validated
 * yet: `validatedOnly: false`.) A known participant without that course is a 422 on
 * `course_identifier`; one whose school has withdrawn the training record is a 422 on
 * `participant_id` (the provider still lists them, so "not found" would be untrue).
 */
export async function resolveParticipant(db: Db, leadProviderId: string, id: string, course: unknown, opts: { validatedOnly?: boolean } = {}): Promise<ActionTarget> {
  const userIds = sql`(SELECT ${id} UNION SELECT ${pi.userId} FROM ${participantIdentities} AS ${pi} WHERE ${pi.externalIdentifier} = ${id})`;
  const rows = await targetModel.read(db, sql`
    WITH ${latestRecordsCte(leadProviderId, userIds)}
    SELECT ${targetModel.selectList}
    FROM latest
    JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = ${latest.profileId}
    JOIN ${inductionRecords} AS ${ir} ON ${ir.id} = ${latest.recordId}
    JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
    JOIN ${schoolCohorts} AS ${sc} ON ${sc.id} = ${latest.schoolCohortId}
    JOIN ${schedules} AS ${psch} ON ${psch.id} = ${pp.scheduleId}
    JOIN ${schedules} AS ${lsch} ON ${lsch.id} = ${latest.scheduleId}
    WHERE ${trainsParticipantNow} AND ${opts.validatedOnly === false ? sql`1 = 1` : validatedProfileOf(pp)}
  `, ['profileCreatedAt', 'profileId']);
  if (rows.length === 0) throw new NotFoundError('participant');

  const errors = new ErrorCollector();
  const type = (Object.entries(courseIdentifiers).find(([, c]) => c === course)?.[0] ?? null) as ParticipantType | null;
  const row = type ? rows.find((r) => r.type === type) : undefined;
  if (!row) errors.add('course_identifier', m.courseNotRecognised);
  if (course === undefined || course === null || course === '') errors.add('course_identifier', m.courseMissing);
  if (row && row.profileStatus !== 'active') errors.add('participant_id', m.profileWithdrawnBySchool);
  errors.throwIfAny();
  const r = row!;
  return {
    userId: r.userId,
    profile: {
      id: r.profileId,
      type: r.type,
      revision: r.revision,
      scheduleId: r.profileScheduleId,
      scheduleCohortId: r.profileScheduleCohortId,
      schoolCohortId: r.profileSchoolCohortId,
      trainingStatus: r.profileTrainingStatus,
      inductionCompletionDate: r.inductionCompletionDate,
      cohortChangedAfterPaymentsFrozen: r.cohortChangedAfterPaymentsFrozen,
    },
    latest: {
      recordId: r.recordId,
      inductionProgrammeId: r.inductionProgrammeId,
      scheduleId: r.scheduleId,
      scheduleCohortId: r.latestScheduleCohortId,
      schoolCohortId: r.schoolCohortId,
      schoolId: r.schoolId,
      partnershipId: r.partnershipId,
      trainingStatus: r.trainingStatus,
    },
  };
}
