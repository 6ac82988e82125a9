import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { ErrorCollector, NotFoundError } from '../../../errors/api-error';
import { courseIdentifiers, type ParticipantType } from '../../../domain/training-status';
import { latestRecordsCte, validatedProfile } from '../latest-records';
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
 * Finds what `PUT /participants/ecf/{id}/...` acts on: the participant (by id, or by a retired id
 * merged into them) and their training record for the course. A participant the provider cannot
 * see — unknown, trained by someone else, under a challenged partnership or not yet validated by
 * DfE — is not found, exactly like a missing id. (The sandbox's control API may act on
 * participants DfE has not validated yet: `validatedOnly: false`.) A known participant without that course is a
 * 422 on `course_identifier`.
 */
export async function resolveParticipant(db: Db, leadProviderId: string, id: string, course: unknown, opts: { validatedOnly?: boolean } = {}): Promise<ActionTarget> {
  const userIds = sql`(SELECT ${id} UNION SELECT user_id FROM participant_identities WHERE external_identifier = ${id})`;
  const rows = await db.all<Row>(sql`
    WITH ${latestRecordsCte(leadProviderId, userIds)}
    SELECT pp.user_id, pp.id AS profile_id, pp.type, pp.revision, pp.schedule_id AS profile_schedule_id,
      psch.cohort_id AS profile_schedule_cohort_id, pp.school_cohort_id AS profile_school_cohort_id,
      pp.training_status AS profile_training_status, pp.induction_completion_date, pp.cohort_changed_after_payments_frozen,
      latest.record_id, ir.induction_programme_id, latest.schedule_id, lsch.cohort_id AS latest_schedule_cohort_id,
      latest.school_cohort_id, sc.school_id, ip.partnership_id, latest.training_status
    FROM latest
    JOIN participant_profiles pp ON pp.id = latest.profile_id
    JOIN induction_records ir ON ir.id = latest.record_id
    JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN school_cohorts sc ON sc.id = latest.school_cohort_id
    JOIN schedules psch ON psch.id = pp.schedule_id
    JOIN schedules lsch ON lsch.id = latest.schedule_id
    WHERE pp.status = 'active' AND ${opts.validatedOnly === false ? sql`1 = 1` : validatedProfile}
    ORDER BY pp.created_at, pp.id
  `);
  if (rows.length === 0) throw new NotFoundError('participant');

  const errors = new ErrorCollector();
  const type = (Object.entries(courseIdentifiers).find(([, c]) => c === course)?.[0] ?? null) as ParticipantType | null;
  const row = type ? rows.find((r) => r.type === type) : undefined;
  if (!row) errors.add('course_identifier', m.courseNotRecognised);
  if (course === undefined || course === null || course === '') errors.add('course_identifier', m.courseMissing);
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
