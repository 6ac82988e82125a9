import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client';
import { literalList } from '../../../db/literal-list';
import { expression, nullable, preparedRead, readModel, type ModelRow, type ReadModel } from '../../../db/read-model';
import {
  cohorts, inductionProgrammes, inductionRecords, milestones, participantDeclarations, participantEligibilities, participantIdentities,
  participantProfiles, participantProfileStates, partnerships, schedules, statements, users,
} from '../../../db/schema';
import { SLOT_HOLDING_STATES } from '../../domain/declarations';
import { isoDate } from '../../http/time';

// Everything the rules of a declaration submission need, read in one statement (issue 20). The
// submission used to send about a dozen reads one after the other (profile, identical copy,
// placement, withdrawal, milestones, slot, statement, duplicate TRN, mentor), each paying its
// own driver round trip, statement preparation and query building: measured on the national
// database that overhead was a third of a submission's time. Each sub-select below is the query
// the service used to send on its own, with the same filters and order, so the rules see exactly
// the same facts; what the rules do with them stays in submit-declaration.ts.

export interface SubmissionQuestion {
  participantId: string;
  /** The profile type the course is for (`ect`, `mentor`), or null for a course we do not know. */
  profileType: 'ect' | 'mentor' | null;
  leadProviderId: string;
  course: string;
  declarationType: string;
  /** The declaration date, or null when it is missing or does not parse. */
  date: Date | null;
  /** The evidence sent (trimmed), before the cohort decides whether it is stored. */
  evidence: string | null;
  now: Date;
}

export interface SubmissionProfile {
  id: string;
  type: 'ect' | 'mentor';
  scheduleId: string;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  userId: string;
  trn: string | null;
  cohortId: string;
  cohortStartYear: number;
  detailedEvidenceTypes: boolean;
  mentorFunding: boolean;
  eligibility: string | null;
}

export interface SubmissionFacts {
  /** The participant has been placed with the provider (else: the same answer as an unknown id). */
  known: boolean;
  /** The active training record on the course the provider trains or trained, if any. */
  profile: SubmissionProfile | null;
  /** An identical declaration this provider already made (id), when a date and type were sent. */
  identicalId: string | null;
  /** The provider's placement when the declaration is dated (null without a date). */
  relevant: { trainingStatus: string; deliveryPartnerId: string | null; mentorUserId: string | null } | null;
  /** The provider's latest training state for the participant. */
  latestState: { state: string; createdAt: Date } | null;
  /** The schedule's milestones of the declaration type. */
  milestones: { declarationType: string; appliesTo: string; startDate: string; milestoneDate: string | null }[];
  /** The live declaration holding the participant's slot for this course and type. */
  slotHolder: { id: string; state: string } | null;
  /** The statement new declarations go on (next-statement.ts's rule). */
  statementId: string | null;
  /** A live declaration of the same event by another participant with the same TRN. */
  duplicateOfId: string | null;
}

const pp = alias(participantProfiles, 'pp');
const u = alias(users, 'u');
const sch = alias(schedules, 'sch');
const c = alias(cohorts, 'c');
const pe = alias(participantEligibilities, 'pe');
const cp = alias(participantProfiles, 'cp');
const cu = alias(users, 'cu');
const csch = alias(schedules, 'csch');
const cc = alias(cohorts, 'cc');
const ku = alias(users, 'ku');
const kp = alias(participantProfiles, 'kp');
const d = alias(participantDeclarations, 'd');
const du = alias(users, 'du');
const ir = alias(inductionRecords, 'ir');
const ip = alias(inductionProgrammes, 'ip');
const pa = alias(partnerships, 'pa');
const mp = alias(participantProfiles, 'mp');
const s = alias(participantProfileStates, 's');
const m = alias(milestones, 'm');
const st = alias(statements, 'st');
const pi = alias(participantIdentities, 'pi');
const pir = alias(inductionRecords, 'pir');
const pip = alias(inductionProgrammes, 'pip');
const pp2 = alias(partnerships, 'pp2');

/** Whether `profile` (a profile id column) has ever been placed with the provider. */
const placedWith = (profile: SQLiteColumn, leadProviderId: Placeholder) => sql`EXISTS (
  SELECT 1 FROM ${inductionRecords} AS ${pir}
  JOIN ${inductionProgrammes} AS ${pip} ON ${pip.id} = ${pir.inductionProgrammeId}
  JOIN ${partnerships} AS ${pp2} ON ${pp2.id} = ${pip.partnershipId}
  WHERE ${pir.participantProfileId} = ${profile} AND ${pp2.leadProviderId} = ${leadProviderId})`;

const json = <T>(v: unknown): T | null => (v === null || v === undefined ? null : (JSON.parse(String(v)) as T));
const jsonField = <T>(e: SQL) => ({ expression: e, decode: (v: unknown) => json<T>(v) });

/**
 * The facts' one row. The profile's columns come through a LEFT JOIN (no profile: one row of
 * nulls, and `known` still answers), so they are read as nullable expressions.
 */
/** The read's values: placeholders, so the statement is built once (preparedRead). */
const q = {
  participantId: sql.placeholder('participantId'), profileType: sql.placeholder('profileType'), lp: sql.placeholder('lp'),
  course: sql.placeholder('course'), declarationType: sql.placeholder('declarationType'), date: sql.placeholder('date'),
  evidence: sql.placeholder('evidence'), today: sql.placeholder('today'),
};
type FactsValues = Record<keyof typeof q, unknown>;

const factsModel = readModel({
    known: expression.boolean(sql`EXISTS (SELECT 1 FROM ${users} AS ${ku} WHERE ${ku.id} IN owners
      AND EXISTS (SELECT 1 FROM ${participantProfiles} AS ${kp} WHERE ${kp.userId} = ${ku.id} AND ${placedWith(kp.id, q.lp)}))`),
    id: nullable(pp.id),
    type: nullable(pp.type),
    scheduleId: nullable(pp.scheduleId),
    pupilPremiumUplift: expression.boolean(sql`${pp.pupilPremiumUplift}`),
    sparsityUplift: expression.boolean(sql`${pp.sparsityUplift}`),
    userId: nullable(u.id),
    trn: nullable(u.trn),
    cohortId: nullable(c.id),
    cohortStartYear: nullable(c.startYear),
    detailedEvidenceTypes: expression.boolean(sql`${c.detailedEvidenceTypes}`),
    mentorFunding: expression.boolean(sql`${c.mentorFunding}`),
    eligibility: nullable(pe.status),
    // +lead_provider_id: look the participant's few declarations up by user_id; left to
    // itself SQLite walks the provider's whole list (the lp_created index) to avoid a tiny sort.
    identicalId: expression.nullableText(sql`(SELECT ${d.id} FROM ${participantDeclarations} AS ${d}
      WHERE ${d.userId} = ${pp.userId} AND +${d.leadProviderId} = ${q.lp} AND ${d.courseIdentifier} = ${q.course}
        AND ${d.declarationType} = ${q.declarationType} AND ${d.declarationDate} = ${q.date}
        AND ${d.evidenceHeld} IS (CASE WHEN ${q.declarationType} = 'started' AND NOT ${c.detailedEvidenceTypes} THEN NULL ELSE ${q.evidence} END)
        AND ${d.state} IN ${literalList([...SLOT_HOLDING_STATES, 'ineligible'])}
      ORDER BY ${d.createdAt} LIMIT 1)`),
    relevant: jsonField<SubmissionFacts['relevant']>(sql`(SELECT json_object('trainingStatus', ${ir.trainingStatus}, 'deliveryPartnerId', ${pa.deliveryPartnerId},
        'mentorUserId', (SELECT ${mp.userId} FROM ${participantProfiles} AS ${mp} WHERE ${mp.id} = ${ir.mentorProfileId}))
      FROM ${inductionRecords} AS ${ir}
      JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
      JOIN ${partnerships} AS ${pa} ON ${pa.id} = ${ip.partnershipId}
      WHERE ${ir.participantProfileId} = ${pp.id} AND ${pa.leadProviderId} = ${q.lp} AND ${ir.startDate} <= ${q.date}
      ORDER BY ${ir.startDate} DESC, ${ir.createdAt} DESC LIMIT 1)`),
    latestState: jsonField<{ state: string; createdAt: number }>(sql`(SELECT json_object('state', ${s.state}, 'createdAt', ${s.createdAt})
      FROM ${participantProfileStates} AS ${s}
      WHERE ${s.participantProfileId} = ${pp.id} AND ${s.leadProviderId} = ${q.lp}
      ORDER BY ${s.createdAt} DESC, ${s.id} DESC LIMIT 1)`),
    milestones: jsonField<SubmissionFacts['milestones']>(sql`(SELECT json_group_array(json_object('declarationType', ${m.declarationType},
        'appliesTo', ${m.appliesTo}, 'startDate', ${m.startDate}, 'milestoneDate', ${m.milestoneDate}))
      FROM ${milestones} AS ${m} WHERE ${m.scheduleId} = ${pp.scheduleId} AND ${m.declarationType} = ${q.declarationType})`),
    slotHolder: jsonField<SubmissionFacts['slotHolder']>(sql`(SELECT json_object('id', ${d.id}, 'state', ${d.state}) FROM ${participantDeclarations} AS ${d}
      WHERE ${d.userId} = ${pp.userId} AND ${d.courseIdentifier} = ${q.course} AND ${d.declarationType} = ${q.declarationType}
        AND ${d.state} IN ${literalList(SLOT_HOLDING_STATES)} LIMIT 1)`),
    statementId: expression.nullableText(sql`(SELECT ${st.id} FROM ${statements} AS ${st}
      WHERE ${st.leadProviderId} = ${q.lp} AND ${st.cohortId} = ${c.id} AND ${st.outputFee} = 1 AND ${st.state} = 'open'
        AND ${st.deadlineDate} >= ${q.today}
      ORDER BY ${st.deadlineDate}, ${st.id} LIMIT 1)`),
    duplicateOfId: expression.nullableText(sql`(SELECT ${d.id} FROM ${participantDeclarations} AS ${d} JOIN ${users} AS ${du} ON ${du.id} = ${d.userId}
      WHERE ${du.trn} = ${u.trn} AND ${d.userId} <> ${pp.userId} AND ${d.courseIdentifier} = ${q.course} AND ${d.declarationType} = ${q.declarationType}
        AND ${d.state} IN ${literalList(SLOT_HOLDING_STATES)} AND ${d.supersededById} IS NULL
      ORDER BY ${d.createdAt}, ${d.id} LIMIT 1)`),
});

// The training record: the oldest active one of the course's type placed with the provider,
// chosen by id; then its user, schedule's cohort and eligibility joined by key.
const readFacts = preparedRead<typeof factsModel extends ReadModel<infer F> ? F : never, keyof FactsValues>(factsModel, sql`
    WITH owners(id) AS (SELECT ${q.participantId} UNION SELECT ${pi.userId} FROM ${participantIdentities} AS ${pi} WHERE ${pi.externalIdentifier} = ${q.participantId})
    SELECT ${factsModel.selectList}
    FROM (SELECT 1)
    LEFT JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = (
      SELECT ${cp.id} FROM ${participantProfiles} AS ${cp}
      JOIN ${users} AS ${cu} ON ${cu.id} = ${cp.userId}
      JOIN ${schedules} AS ${csch} ON ${csch.id} = ${cp.scheduleId}
      JOIN ${cohorts} AS ${cc} ON ${cc.id} = ${csch.cohortId}
      WHERE ${cp.userId} IN owners AND ${cp.type} = ${q.profileType} AND ${cp.status} = 'active' AND ${placedWith(cp.id, q.lp)}
      ORDER BY ${cp.createdAt}, ${cp.id} LIMIT 1)
    LEFT JOIN ${users} AS ${u} ON ${u.id} = ${pp.userId}
    LEFT JOIN ${schedules} AS ${sch} ON ${sch.id} = ${pp.scheduleId}
    LEFT JOIN ${cohorts} AS ${c} ON ${c.id} = ${sch.cohortId}
    LEFT JOIN ${participantEligibilities} AS ${pe} ON ${pe.participantProfileId} = ${pp.id}`, []);

export async function readSubmissionFacts(db: Db, question: SubmissionQuestion): Promise<SubmissionFacts> {
  const values: FactsValues = {
    participantId: question.participantId, profileType: question.profileType, lp: question.leadProviderId, course: question.course,
    declarationType: question.declarationType, date: question.date ? question.date.getTime() : null, evidence: question.evidence,
    today: isoDate(question.now),
  };
  const [r] = await readFacts(db, values);
  return toFacts(r!, question);
}

function toFacts(r: ModelRow<typeof factsModel>, q: SubmissionQuestion): SubmissionFacts {
  // As before: no profile for an id the provider has never trained, whatever the course.
  const profile: SubmissionProfile | null = r.known && r.id !== null ? {
    id: r.id, type: r.type!, scheduleId: r.scheduleId!,
    pupilPremiumUplift: r.pupilPremiumUplift, sparsityUplift: r.sparsityUplift,
    userId: r.userId!, trn: r.trn, cohortId: r.cohortId!, cohortStartYear: r.cohortStartYear!,
    detailedEvidenceTypes: r.detailedEvidenceTypes, mentorFunding: r.mentorFunding, eligibility: r.eligibility,
  } : null;
  if (!profile) {
    return { known: r.known, profile, identicalId: null, relevant: null, latestState: null, milestones: [], slotHolder: null, statementId: null, duplicateOfId: null };
  }
  return {
    known: r.known,
    profile,
    identicalId: q.date && q.declarationType ? r.identicalId : null,
    relevant: q.date ? r.relevant : null,
    latestState: r.latestState && { state: r.latestState.state, createdAt: new Date(r.latestState.createdAt) },
    milestones: r.milestones ?? [],
    slotHolder: r.slotHolder,
    statementId: r.statementId,
    duplicateOfId: r.duplicateOfId,
  };
}
