import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
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

const slotStates = sql.raw(SLOT_HOLDING_STATES.map((s) => `'${s}'`).join(', '));

/** Whether `profile` (an SQL column of a profile id) has ever been placed with the provider. */
const placedWith = (profile: string, leadProviderId: string) => sql`EXISTS (
  SELECT 1 FROM ${inductionRecords} ir
  JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
  JOIN ${partnerships} p ON p.id = ip.partnership_id
  WHERE ir.participant_profile_id = ${sql.raw(profile)} AND p.lead_provider_id = ${leadProviderId})`;

export async function readSubmissionFacts(db: Db, q: SubmissionQuestion): Promise<SubmissionFacts> {
  const lp = q.leadProviderId;
  const date = q.date ? q.date.getTime() : null;
  const [row] = await db.all<Record<string, unknown>>(sql`
    WITH owners(id) AS (SELECT ${q.participantId} UNION SELECT user_id FROM ${participantIdentities} WHERE external_identifier = ${q.participantId}),
    profile AS (
      SELECT pp.id, pp.type, pp.schedule_id, pp.pupil_premium_uplift, pp.sparsity_uplift, u.id AS user_id, u.trn,
        c.id AS cohort_id, c.start_year, c.detailed_evidence_types, c.mentor_funding, pe.status AS eligibility
      FROM ${participantProfiles} pp
      JOIN ${users} u ON u.id = pp.user_id
      JOIN ${schedules} sch ON sch.id = pp.schedule_id
      JOIN ${cohorts} c ON c.id = sch.cohort_id
      LEFT JOIN ${participantEligibilities} pe ON pe.participant_profile_id = pp.id
      WHERE pp.user_id IN owners AND pp.type = ${q.profileType} AND pp.status = 'active' AND ${placedWith('pp.id', lp)}
      ORDER BY pp.created_at, pp.id LIMIT 1
    )
    SELECT
      EXISTS (SELECT 1 FROM ${users} ku WHERE ku.id IN owners
        AND EXISTS (SELECT 1 FROM ${participantProfiles} kp WHERE kp.user_id = ku.id AND ${placedWith('kp.id', lp)})) AS known,
      p.*,
      -- +lead_provider_id: look the participant's few declarations up by user_id; left to
      -- itself SQLite walks the provider's whole list (the lp_created index) to avoid a tiny sort.
      (SELECT d.id FROM ${participantDeclarations} d
        WHERE d.user_id = p.user_id AND +d.lead_provider_id = ${lp} AND d.course_identifier = ${q.course}
          AND d.declaration_type = ${q.declarationType} AND d.declaration_date = ${date}
          AND d.evidence_held IS (CASE WHEN ${q.declarationType} = 'started' AND NOT p.detailed_evidence_types THEN NULL ELSE ${q.evidence} END)
          AND d.state IN (${slotStates}, 'ineligible')
        ORDER BY d.created_at LIMIT 1) AS identical_id,
      (SELECT json_object('training_status', ir.training_status, 'delivery_partner_id', pa.delivery_partner_id,
          'mentor_user_id', (SELECT mp.user_id FROM ${participantProfiles} mp WHERE mp.id = ir.mentor_profile_id))
        FROM ${inductionRecords} ir
        JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
        JOIN ${partnerships} pa ON pa.id = ip.partnership_id
        WHERE ir.participant_profile_id = p.id AND pa.lead_provider_id = ${lp} AND ir.start_date <= ${date}
        ORDER BY ir.start_date DESC, ir.created_at DESC LIMIT 1) AS relevant,
      (SELECT json_object('state', s.state, 'created_at', s.created_at) FROM ${participantProfileStates} s
        WHERE s.participant_profile_id = p.id AND s.lead_provider_id = ${lp}
        ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS latest_state,
      (SELECT json_group_array(json_object('declaration_type', m.declaration_type, 'applies_to', m.applies_to,
          'start_date', m.start_date, 'milestone_date', m.milestone_date))
        FROM ${milestones} m WHERE m.schedule_id = p.schedule_id AND m.declaration_type = ${q.declarationType}) AS milestones,
      (SELECT json_object('id', d.id, 'state', d.state) FROM ${participantDeclarations} d
        WHERE d.user_id = p.user_id AND d.course_identifier = ${q.course} AND d.declaration_type = ${q.declarationType}
          AND d.state IN (${slotStates}) LIMIT 1) AS slot_holder,
      (SELECT st.id FROM ${statements} st
        WHERE st.lead_provider_id = ${lp} AND st.cohort_id = p.cohort_id AND st.output_fee = 1 AND st.state = 'open'
          AND st.deadline_date >= ${isoDate(q.now)}
        ORDER BY st.deadline_date, st.id LIMIT 1) AS statement_id,
      (SELECT d.id FROM ${participantDeclarations} d JOIN ${users} du ON du.id = d.user_id
        WHERE du.trn = p.trn AND d.user_id <> p.user_id AND d.course_identifier = ${q.course} AND d.declaration_type = ${q.declarationType}
          AND d.state IN ('submitted', 'eligible', 'payable', 'paid') AND d.superseded_by_id IS NULL
        ORDER BY d.created_at, d.id LIMIT 1) AS duplicate_of_id
    FROM (SELECT 1) LEFT JOIN profile p ON 1`);
  return toFacts(row!, q);
}

const json = <T>(v: unknown): T | null => (v === null || v === undefined ? null : (JSON.parse(String(v)) as T));
const flag = (v: unknown) => Boolean(Number(v));
const textOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toFacts(r: Record<string, unknown>, q: SubmissionQuestion): SubmissionFacts {
  const known = flag(r.known);
  // As before: no profile for an id the provider has never trained, whatever the course.
  const profile: SubmissionProfile | null = known && r.id !== null && r.id !== undefined ? {
    id: String(r.id), type: r.type as 'ect' | 'mentor', scheduleId: String(r.schedule_id),
    pupilPremiumUplift: flag(r.pupil_premium_uplift), sparsityUplift: flag(r.sparsity_uplift),
    userId: String(r.user_id), trn: textOrNull(r.trn), cohortId: String(r.cohort_id), cohortStartYear: Number(r.start_year),
    detailedEvidenceTypes: flag(r.detailed_evidence_types), mentorFunding: flag(r.mentor_funding), eligibility: textOrNull(r.eligibility),
  } : null;
  if (!profile) {
    return { known, profile, identicalId: null, relevant: null, latestState: null, milestones: [], slotHolder: null, statementId: null, duplicateOfId: null };
  }
  const relevant = q.date ? json<{ training_status: string; delivery_partner_id: string | null; mentor_user_id: string | null }>(r.relevant) : null;
  const state = json<{ state: string; created_at: number }>(r.latest_state);
  const milestones = json<{ declaration_type: string; applies_to: string; start_date: string; milestone_date: string | null }[]>(r.milestones) ?? [];
  return {
    known,
    profile,
    identicalId: q.date && q.declarationType ? textOrNull(r.identical_id) : null,
    relevant: relevant && { trainingStatus: relevant.training_status, deliveryPartnerId: relevant.delivery_partner_id, mentorUserId: relevant.mentor_user_id },
    latestState: state && { state: state.state, createdAt: new Date(Number(state.created_at)) },
    milestones: milestones.map((m) => ({ declarationType: m.declaration_type, appliesTo: m.applies_to, startDate: m.start_date, milestoneDate: m.milestone_date })),
    slotHolder: json<{ id: string; state: string }>(r.slot_holder),
    statementId: textOrNull(r.statement_id),
    duplicateOfId: textOrNull(r.duplicate_of_id),
  };
}
