import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { inductionProgrammes, inductionRecords, participantIdentities, participantProfiles, partnerships, schedules, schoolCohorts } from '../../../../db/schema';
import { ErrorCollector, NotFoundError } from '../../../errors/api-error';
import { courseIdentifiers, type ParticipantType } from '../../../domain/training-status';
import { latestRecordOrder, latestRecordsCte, validatedProfile } from '../latest-records';
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

type Row = Record<string, unknown>;

/**
 * The provider's latest record is the training record's latest of all (under any provider, or
 * a school-led programme; records under challenged partnerships do not count). Only the
 * provider training a participant now may change their training: one they have moved away from
 * still sees them, but acting would rewrite the new provider's record (its schedule, its status).
 */
const trainsParticipantNow = sql`latest.record_id = (
  SELECT cur.id FROM ${inductionRecords} cur
  JOIN ${inductionProgrammes} cip ON cip.id = cur.induction_programme_id
  LEFT JOIN ${partnerships} cp ON cp.id = cip.partnership_id
  WHERE cur.participant_profile_id = pp.id AND cp.challenged_at IS NULL AND cp.challenge_reason IS NULL
  ORDER BY ${latestRecordOrder('cur')}
  LIMIT 1)`;

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
  const userIds = sql`(SELECT ${id} UNION SELECT user_id FROM ${participantIdentities} WHERE external_identifier = ${id})`;
  const rows = await db.all<Row>(sql`
    WITH ${latestRecordsCte(leadProviderId, userIds)}
    SELECT pp.user_id, pp.id AS profile_id, pp.type, pp.revision, pp.schedule_id AS profile_schedule_id,
      psch.cohort_id AS profile_schedule_cohort_id, pp.school_cohort_id AS profile_school_cohort_id,
      pp.training_status AS profile_training_status, pp.induction_completion_date, pp.cohort_changed_after_payments_frozen,
      latest.record_id, ir.induction_programme_id, latest.schedule_id, lsch.cohort_id AS latest_schedule_cohort_id,
      latest.school_cohort_id, sc.school_id, ip.partnership_id, latest.training_status, pp.status AS profile_status
    FROM latest
    JOIN ${participantProfiles} pp ON pp.id = latest.profile_id
    JOIN ${inductionRecords} ir ON ir.id = latest.record_id
    JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
    JOIN ${schoolCohorts} sc ON sc.id = latest.school_cohort_id
    JOIN ${schedules} psch ON psch.id = pp.schedule_id
    JOIN ${schedules} lsch ON lsch.id = latest.schedule_id
    WHERE ${trainsParticipantNow} AND ${opts.validatedOnly === false ? sql`1 = 1` : validatedProfile}
    ORDER BY pp.created_at, pp.id
  `);
  if (rows.length === 0) throw new NotFoundError('participant');

  const errors = new ErrorCollector();
  const type = (Object.entries(courseIdentifiers).find(([, c]) => c === course)?.[0] ?? null) as ParticipantType | null;
  const row = type ? rows.find((r) => r.type === type) : undefined;
  if (!row) errors.add('course_identifier', m.courseNotRecognised);
  if (course === undefined || course === null || course === '') errors.add('course_identifier', m.courseMissing);
  if (row && row.profile_status !== 'active') errors.add('participant_id', m.profileWithdrawnBySchool);
  errors.throwIfAny();
  const r = row!;
  return {
    userId: String(r.user_id),
    profile: {
      id: String(r.profile_id),
      type: r.type as ParticipantType,
      revision: String(r.revision),
      scheduleId: String(r.profile_schedule_id),
      scheduleCohortId: String(r.profile_schedule_cohort_id),
      schoolCohortId: String(r.profile_school_cohort_id),
      trainingStatus: String(r.profile_training_status),
      inductionCompletionDate: (r.induction_completion_date as string | null) ?? null,
      cohortChangedAfterPaymentsFrozen: Boolean(r.cohort_changed_after_payments_frozen),
    },
    latest: {
      recordId: String(r.record_id),
      inductionProgrammeId: String(r.induction_programme_id),
      scheduleId: String(r.schedule_id),
      scheduleCohortId: String(r.latest_schedule_cohort_id),
      schoolCohortId: String(r.school_cohort_id),
      schoolId: String(r.school_id),
      partnershipId: String(r.partnership_id),
      trainingStatus: String(r.training_status),
    },
  };
}
