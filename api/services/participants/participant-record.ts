import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { idList } from '../../../db/id-list';
import { expression, readModel, required, type RowOf } from '../../../db/read-model';
import type { Db } from '../../../db/client';
import type { TrainingStatus } from '../../domain/training-status';
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

/** The user columns a participant shows (its `updated_at` is the user's API-facing one). */
export const participantUserFields = { id: users.id, fullName: users.fullName, trn: users.trn, updatedAt: users.apiUpdatedAt };
export type UserRow = RowOf<typeof participantUserFields>;

const pp = alias(participantProfiles, 'pp');
const e = alias(providerEnrolments, 'e');
const ir = alias(inductionRecords, 'ir');
const u = alias(users, 'u');
const pe = alias(participantEligibilities, 'pe');
const s = alias(participantProfileStates, 's');

/** The latest provider action of a kind on the profile, by this provider; read only where shown. */
const lastState = <C extends typeof s.reason | typeof s.createdAt>(state: TrainingStatus, column: C, leadProviderId: string) => sql`
  CASE WHEN ${ir.trainingStatus} = ${state} THEN (
    SELECT ${column} FROM ${participantProfileStates} AS ${s}
    WHERE ${s.participantProfileId} = ${pp.id} AND ${s.state} = ${state} AND ${s.leadProviderId} = ${leadProviderId}
    ORDER BY ${s.createdAt} DESC, ${s.id} DESC LIMIT 1
  ) END`;

const msDate = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)));

/**
 * An enrolment's row. The provider_enrolments columns are nullable in the table (a record with
 * no placement has none) but always set for the placed, validated rows read here, hence `required`.
 */
const enrolmentModel = (leadProviderId: string) => readModel({
  userId: pp.userId,
  profileId: pp.id,
  type: pp.type,
  pupilPremiumUplift: pp.pupilPremiumUplift,
  sparsityUplift: pp.sparsityUplift,
  createdAt: pp.createdAt,
  inductionCompletionDate: pp.inductionCompletionDate,
  mentorCompletionDate: pp.mentorCompletionDate,
  mentorCompletionReason: pp.mentorCompletionReason,
  cohortChangedAfterPaymentsFrozen: pp.cohortChangedAfterPaymentsFrozen,
  email: required(e.email),
  mentorUserId: e.mentorUserId,
  schoolUrn: required(e.schoolUrn),
  cohort: required(e.schoolCohortStartYear),
  trainingStatus: ir.trainingStatus,
  inductionStatus: ir.inductionStatus,
  startDate: ir.startDate,
  endDate: ir.endDate,
  trn: u.trn,
  eligibilityStatus: pe.status,
  eligibilityReason: pe.reason,
  scheduleIdentifier: required(e.scheduleIdentifier),
  deliveryPartnerId: e.deliveryPartnerId,
  withdrawalReason: expression.nullableText(lastState('withdrawn', s.reason, leadProviderId)),
  withdrawalDate: { expression: lastState('withdrawn', s.createdAt, leadProviderId), decode: msDate },
  deferralReason: expression.nullableText(lastState('deferred', s.reason, leadProviderId)),
  deferralDate: { expression: lastState('deferred', s.createdAt, leadProviderId), decode: msDate },
});

export async function loadEnrolments(db: Db, leadProviderId: string, userIds: string[]): Promise<Map<string, EnrolmentRecord[]>> {
  const byUser = new Map<string, EnrolmentRecord[]>();
  if (userIds.length === 0) return byUser;
  // Each profile's record with this provider, and what is shown from beyond it (school, delivery
  // partner, mentor, email, schedule), come from provider_enrolments (kept by triggers), by the
  // page's user ids: the cost follows the page, not the provider's history.
  const model = enrolmentModel(leadProviderId);
  const rows = await model.read(db, sql`
    SELECT ${model.selectList}
    -- by user, never the provider's whole range (what SQLite picks without statistics)
    FROM ${providerEnrolments} AS ${e} INDEXED BY provider_enrolments_user_idx
    JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = ${e.participantProfileId}
    JOIN ${inductionRecords} AS ${ir} ON ${ir.id} = ${e.inductionRecordId}
    JOIN ${users} AS ${u} ON ${u.id} = ${e.userId}
    LEFT JOIN ${participantEligibilities} AS ${pe} ON ${pe.participantProfileId} = ${pp.id}
    WHERE ${e.userId} IN ${idList(userIds)} AND ${e.leadProviderId} = ${leadProviderId}
      AND ${e.validated} = 1 AND ${e.inductionRecordId} IS NOT NULL
  `, ['userId', 'createdAt', 'profileId']);
  for (const r of rows) {
    const { withdrawalReason, withdrawalDate, deferralReason, deferralDate, ...fields } = r;
    const enrolment: EnrolmentRecord = {
      ...fields,
      mentorUserId: r.type === 'ect' ? r.mentorUserId : null,
      withdrawal: r.trainingStatus === 'withdrawn' && withdrawalDate !== null ? { reason: withdrawalReason, date: withdrawalDate } : null,
      deferral: r.trainingStatus === 'deferred' && deferralDate !== null ? { reason: deferralReason, date: deferralDate } : null,
    };
    const list = byUser.get(enrolment.userId) ?? [];
    list.push(enrolment);
    byUser.set(enrolment.userId, list);
  }
  return byUser;
}

const idChangeModel = readModel({
  userId: participantIdChanges.userId,
  fromParticipantId: participantIdChanges.fromParticipantId,
  toParticipantId: participantIdChanges.toParticipantId,
  createdAt: participantIdChanges.createdAt,
  id: participantIdChanges.id,
});

export async function loadIdChanges(db: Db, userIds: string[]): Promise<Map<string, IdChangeRecord[]>> {
  const byUser = new Map<string, IdChangeRecord[]>();
  if (userIds.length === 0) return byUser;
  const rows = await idChangeModel.read(db, sql`
    SELECT ${idChangeModel.selectList} FROM ${participantIdChanges}
    WHERE ${participantIdChanges.userId} IN ${idList(userIds)}
  `, ['createdAt', 'id']);
  // newest first, as the reference lists them
  for (const { id: _id, ...change } of rows.reverse()) byUser.set(change.userId, [...(byUser.get(change.userId) ?? []), change]);
  return byUser;
}

/** Users of a page, completed with their enrolments and id changes (two more queries). */
export async function toParticipantRecords(db: Db, leadProviderId: string, rows: UserRow[]): Promise<ParticipantRecord[]> {
  const ids = rows.map((u) => u.id);
  const [enrolments, idChanges] = await Promise.all([loadEnrolments(db, leadProviderId, ids), loadIdChanges(db, ids)]);
  return rows.map((u) => ({
    id: u.id,
    fullName: u.fullName,
    trn: u.trn,
    updatedAt: u.updatedAt,
    enrolments: enrolments.get(u.id) ?? [],
    idChanges: idChanges.get(u.id) ?? [],
  }));
}
