import { sql } from 'drizzle-orm';
import { idList } from '../../../db/id-list';
import { jsonRows } from '../../../db/json-rows';
import type { Db } from '../../../db/client';
import { inductionRecords, participantEligibilities, participantIdChanges, participantProfiles, participantProfileStates, providerEnrolments, users } from '../../../db/schema';

// The read model of a participant: the user, one enrolment per visible training record, and the
// ids merged into them. Loaded for a whole page in a fixed number of queries, whatever its size:
// page user ids travel as one JSON parameter (D1 allows only 100 bound parameters).

export interface EnrolmentRecord {
  userId: string;
  profileId: string;
  type: 'ect' | 'mentor';
  email: string;
  mentorUserId: string | null;
  schoolUrn: string;
  cohort: number;
  trainingStatus: string;
  inductionStatus: string;
  startDate: Date;
  endDate: Date | null;
  trn: string | null;
  eligibilityStatus: string | null;
  eligibilityReason: string | null;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  scheduleIdentifier: string;
  deliveryPartnerId: string | null;
  withdrawal: { reason: string | null; date: Date } | null;
  deferral: { reason: string | null; date: Date } | null;
  createdAt: Date;
  inductionCompletionDate: string | null;
  mentorCompletionDate: string | null;
  mentorCompletionReason: string | null;
  cohortChangedAfterPaymentsFrozen: boolean;
}

export interface IdChangeRecord {
  userId: string;
  fromParticipantId: string;
  toParticipantId: string;
  createdAt: Date;
}

export interface ParticipantRecord {
  id: string;
  fullName: string;
  trn: string | null;
  updatedAt: Date;
  enrolments: EnrolmentRecord[];
  idChanges: IdChangeRecord[];
}

export interface UserRow {
  id: string;
  full_name: string;
  trn: string | null;
  api_updated_at: number;
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)));

/** The latest provider action of a kind on the profile, by this provider. */
const lastState = (state: string, column: 'reason' | 'created_at', leadProviderId: string) => sql`(
  SELECT s.${sql.raw(column)} FROM ${participantProfileStates} s
  WHERE s.participant_profile_id = pp.id AND s.state = ${state} AND s.lead_provider_id = ${leadProviderId}
  ORDER BY s.created_at DESC, s.id DESC LIMIT 1
)`;

const enrolmentColumns = [
  'user_id', 'profile_id', 'type', 'pupil_premium_uplift', 'sparsity_uplift', 'created_at', 'induction_completion_date',
  'mentor_completion_date', 'mentor_completion_reason', 'cohort_changed_after_payments_frozen', 'email', 'mentor_user_id',
  'school_urn', 'cohort', 'training_status', 'induction_status', 'start_date', 'end_date', 'trn', 'eligibility_status',
  'eligibility_reason', 'schedule_identifier', 'delivery_partner_id', 'withdrawal_reason', 'withdrawal_date',
  'deferral_reason', 'deferral_date',
] as const;

export async function loadEnrolments(db: Db, leadProviderId: string, userIds: string[]): Promise<Map<string, EnrolmentRecord[]>> {
  const byUser = new Map<string, EnrolmentRecord[]>();
  if (userIds.length === 0) return byUser;
  // Each profile's record with this provider, and what is shown from beyond it (school, delivery
  // partner, mentor, email, schedule), come from provider_enrolments (kept by triggers), by the
  // page's user ids: the cost follows the page, not the provider's history.
  const rows = await jsonRows(db, sql`
    SELECT
      pp.user_id, pp.id AS profile_id, pp.type, pp.pupil_premium_uplift, pp.sparsity_uplift, pp.created_at,
      pp.induction_completion_date, pp.mentor_completion_date, pp.mentor_completion_reason,
      pp.cohort_changed_after_payments_frozen,
      e.email, e.mentor_user_id, e.school_urn, e.school_cohort_start_year AS cohort,
      ir.training_status, ir.induction_status, ir.start_date, ir.end_date,
      u.trn,
      pe.status AS eligibility_status, pe.reason AS eligibility_reason,
      e.schedule_identifier, e.delivery_partner_id,
      -- only read where shown: a withdrawal for a withdrawn record, a deferral for a deferred one
      CASE WHEN ir.training_status = 'withdrawn' THEN ${lastState('withdrawn', 'reason', leadProviderId)} END AS withdrawal_reason,
      CASE WHEN ir.training_status = 'withdrawn' THEN ${lastState('withdrawn', 'created_at', leadProviderId)} END AS withdrawal_date,
      CASE WHEN ir.training_status = 'deferred' THEN ${lastState('deferred', 'reason', leadProviderId)} END AS deferral_reason,
      CASE WHEN ir.training_status = 'deferred' THEN ${lastState('deferred', 'created_at', leadProviderId)} END AS deferral_date
    -- by user, never the provider's whole range (what SQLite picks without statistics)
    FROM ${providerEnrolments} e INDEXED BY provider_enrolments_user_idx
    JOIN ${participantProfiles} pp ON pp.id = e.participant_profile_id
    JOIN ${inductionRecords} ir ON ir.id = e.induction_record_id
    JOIN ${users} u ON u.id = e.user_id
    LEFT JOIN ${participantEligibilities} pe ON pe.participant_profile_id = pp.id
    WHERE e.user_id IN ${idList(userIds)} AND e.lead_provider_id = ${leadProviderId}
      AND e.validated = 1 AND e.induction_record_id IS NOT NULL
  `, enrolmentColumns, 'user_id, created_at, profile_id');
  for (const r of rows) {
    const type = r.type === 'mentor' ? 'mentor' : 'ect';
    const enrolment: EnrolmentRecord = {
      userId: String(r.user_id),
      profileId: String(r.profile_id),
      type,
      email: String(r.email),
      mentorUserId: type === 'ect' && r.mentor_user_id ? String(r.mentor_user_id) : null,
      schoolUrn: String(r.school_urn),
      cohort: Number(r.cohort),
      trainingStatus: String(r.training_status),
      inductionStatus: String(r.induction_status),
      startDate: date(r.start_date)!,
      endDate: date(r.end_date),
      trn: (r.trn as string | null) ?? null,
      eligibilityStatus: (r.eligibility_status as string | null) ?? null,
      eligibilityReason: (r.eligibility_reason as string | null) ?? null,
      pupilPremiumUplift: Boolean(r.pupil_premium_uplift),
      sparsityUplift: Boolean(r.sparsity_uplift),
      scheduleIdentifier: String(r.schedule_identifier),
      deliveryPartnerId: (r.delivery_partner_id as string | null) ?? null,
      withdrawal: r.training_status === 'withdrawn' && r.withdrawal_date != null
        ? { reason: (r.withdrawal_reason as string | null) ?? null, date: date(r.withdrawal_date)! } : null,
      deferral: r.training_status === 'deferred' && r.deferral_date != null
        ? { reason: (r.deferral_reason as string | null) ?? null, date: date(r.deferral_date)! } : null,
      createdAt: date(r.created_at)!,
      inductionCompletionDate: (r.induction_completion_date as string | null) ?? null,
      mentorCompletionDate: (r.mentor_completion_date as string | null) ?? null,
      mentorCompletionReason: (r.mentor_completion_reason as string | null) ?? null,
      cohortChangedAfterPaymentsFrozen: Boolean(r.cohort_changed_after_payments_frozen),
    };
    const list = byUser.get(enrolment.userId) ?? [];
    list.push(enrolment);
    byUser.set(enrolment.userId, list);
  }
  return byUser;
}

export async function loadIdChanges(db: Db, userIds: string[]): Promise<Map<string, IdChangeRecord[]>> {
  const byUser = new Map<string, IdChangeRecord[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db.all<Row>(sql`
    SELECT user_id, from_participant_id, to_participant_id, created_at FROM ${participantIdChanges}
    WHERE user_id IN ${idList(userIds)}
    ORDER BY created_at DESC, id DESC
  `);
  for (const r of rows) {
    const change = { userId: String(r.user_id), fromParticipantId: String(r.from_participant_id), toParticipantId: String(r.to_participant_id), createdAt: date(r.created_at)! };
    byUser.set(change.userId, [...(byUser.get(change.userId) ?? []), change]);
  }
  return byUser;
}

/** Users of a page, completed with their enrolments and id changes (two more queries). */
export async function toParticipantRecords(db: Db, leadProviderId: string, users: UserRow[]): Promise<ParticipantRecord[]> {
  const ids = users.map((u) => u.id);
  const [enrolments, idChanges] = await Promise.all([loadEnrolments(db, leadProviderId, ids), loadIdChanges(db, ids)]);
  return users.map((u) => ({
    id: u.id,
    fullName: u.full_name,
    trn: u.trn,
    updatedAt: new Date(Number(u.api_updated_at)),
    enrolments: enrolments.get(u.id) ?? [],
    idChanges: idChanges.get(u.id) ?? [],
  }));
}
