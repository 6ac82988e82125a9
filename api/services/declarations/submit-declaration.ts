import { and, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import {
  cohorts, declarationStates, inductionProgrammes, inductionRecords, milestones, participantDeclarations, participantEligibilities,
  participantProfileStates, participantProfiles, partnerships, schedules, statementLineItems, users,
} from '../../../db/schema';
import type { RequestContext } from '../../context';
import {
  allowedEvidence, declarationDateFormat, evidenceOptional, mentorFundingTypes, milestoneFor, milestoneWindow, SLOT_HOLDING_STATES,
} from '../../domain/declarations';
import { courseIdentifiers } from '../../domain/training-status';
import { DomainError, ErrorCollector } from '../../errors/api-error';
import { parseInstant, rfc3339 } from '../../http/time';
import { findDeclaration, type DeclarationRecord } from './declaration-queries';
import { declarationMessages as m } from './messages';
import { recomputeMentorCompletion } from './mentor-completion';
import { nextOutputFeeStatement } from './next-statement';

export interface SubmitDeclarationInput {
  participant_id?: unknown;
  declaration_type?: unknown;
  declaration_date?: unknown;
  course_identifier?: unknown;
  evidence_held?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v));

/** Whether `profile` (an SQL expression for a profile id) has ever been placed with the provider. */
const placedWith = (profile: SQL, leadProviderId: string) => sql`EXISTS (
  SELECT 1 FROM induction_records ir
  JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
  JOIN partnerships p ON p.id = ip.partnership_id
  WHERE ir.participant_profile_id = ${profile} AND p.lead_provider_id = ${leadProviderId})`;

/**
 * The training record a declaration is for: the participant's (or a merged id's) record on that
 * course, which the provider trains or has trained. A participant the provider has never trained
 * is not `known`: the answer must be the same as for an id that does not exist, or the checks
 * that follow (cohort, milestones, a slot already taken) would tell one provider about another's
 * participants and declarations.
 */
async function findProfile(db: Db, participantId: string, course: string, leadProviderId: string) {
  const type = course === courseIdentifiers.ect ? 'ect' : course === courseIdentifiers.mentor ? 'mentor' : null;
  const owners = sql`(SELECT ${participantId} UNION SELECT user_id FROM participant_identities WHERE external_identifier = ${participantId})`;
  const [known] = await db.all<{ id: string }>(sql`
    SELECT u.id FROM users u
    WHERE u.id IN ${owners}
      AND EXISTS (SELECT 1 FROM participant_profiles kp WHERE kp.user_id = u.id AND ${placedWith(sql`kp.id`, leadProviderId)})
    LIMIT 1`);
  if (!known || !type) return { known: Boolean(known), profile: null };
  const [row] = await db.select({ profile: participantProfiles, user: users, cohort: cohorts, eligibility: participantEligibilities.status })
    .from(participantProfiles)
    .innerJoin(users, eq(users.id, participantProfiles.userId))
    .innerJoin(schedules, eq(schedules.id, participantProfiles.scheduleId))
    .innerJoin(cohorts, eq(cohorts.id, schedules.cohortId))
    .leftJoin(participantEligibilities, eq(participantEligibilities.participantProfileId, participantProfiles.id))
    .where(and(
      sql`${participantProfiles.userId} IN ${owners}`, eq(participantProfiles.type, type), eq(participantProfiles.status, 'active'),
      placedWith(sql`${participantProfiles.id}`, leadProviderId),
    ))
    .orderBy(participantProfiles.createdAt, participantProfiles.id)
    .limit(1);
  return { known: true, profile: row ?? null };
}

/** The provider's placement of the participant when the declaration is dated (DP and mentor come from it). */
async function relevantRecord(db: Db, profileId: string, leadProviderId: string, date: Date | null) {
  const [row] = await db.select({ record: inductionRecords, deliveryPartnerId: partnerships.deliveryPartnerId })
    .from(inductionRecords)
    .innerJoin(inductionProgrammes, eq(inductionProgrammes.id, inductionRecords.inductionProgrammeId))
    .innerJoin(partnerships, eq(partnerships.id, inductionProgrammes.partnershipId))
    .where(and(
      eq(inductionRecords.participantProfileId, profileId),
      eq(partnerships.leadProviderId, leadProviderId),
      date ? lte(inductionRecords.startDate, date) : undefined,
    ))
    .orderBy(desc(inductionRecords.startDate), desc(inductionRecords.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * A provider claims payment for a training event of a participant. Every check of the rules runs
 * in order, and errors for different attributes are reported together. An exact resubmission
 * returns the original declaration. The database holds one live declaration per participant,
 * course and type, so concurrent submissions cannot both be recorded.
 */
export async function submitDeclaration(ctx: RequestContext, input: SubmitDeclarationInput): Promise<DeclarationRecord> {
  const { db, now, leadProvider } = ctx;
  const course = text(input.course_identifier);
  if (course.startsWith('npq')) throw new DomainError([{ title: 'course_identifier', detail: m.npqNotSupported }]);
  const participantId = text(input.participant_id);
  const type = text(input.declaration_type);
  const rawDate = text(input.declaration_date);
  const date = rawDate ? parseInstant(rawDate) : null;
  const formatOk = declarationDateFormat.test(rawDate) && date !== null;
  const { known, profile } = participantId ? await findProfile(db, participantId, course, leadProvider.id) : { known: false, profile: null };
  const evidence = typeof input.evidence_held === 'string' && input.evidence_held.trim() !== '' ? input.evidence_held.trim() : null;
  const detailed = profile?.cohort.detailedEvidenceTypes ?? false;
  // `started` in cohorts without detailed evidence ignores whatever evidence was sent.
  const storedEvidence = profile && type === 'started' && !detailed ? null : evidence;

  // An exact copy of a declaration this provider already made: the same answer as the first time.
  if (profile && date && type) {
    const existing = await findIdentical(db, { userId: profile.user.id, leadProviderId: leadProvider.id, course, type, date, evidence: storedEvidence });
    if (existing) return existing;
  }

  const errors = new ErrorCollector();
  if (!known) errors.add('participant_id', m.participantNotRecognised);
  const relevant = profile && date ? await relevantRecord(db, profile.profile.id, leadProvider.id, date) : null;
  if (profile && date) {
    const [state] = await db.select().from(participantProfileStates)
      .where(and(eq(participantProfileStates.participantProfileId, profile.profile.id), eq(participantProfileStates.leadProviderId, leadProvider.id)))
      .orderBy(desc(participantProfileStates.createdAt), desc(participantProfileStates.id)).limit(1);
    if (state?.state === 'withdrawn' && state.createdAt <= date && relevant?.record.trainingStatus !== 'active') {
      errors.add('participant_id', m.withdrawnBefore(rfc3339(state.createdAt)));
    }
  }
  if (!date) errors.add('declaration_date', m.dateMissing);
  if (!type) errors.add('declaration_type', m.typeMissing);
  if (date && date > now) errors.add('declaration_date', m.dateInFuture);
  if (rawDate && !formatOk) errors.add('declaration_date', m.dateFormat);

  const milestone = profile && type
    ? milestoneFor(await db.select().from(milestones).where(and(eq(milestones.scheduleId, profile.profile.scheduleId), eq(milestones.declarationType, type))), type, profile.profile.type)
    : null;
  if (milestone && date) {
    const where = milestoneWindow(date, milestone);
    if (where === 'before') errors.add('declaration_date', m.beforeMilestone);
    if (where === 'after') errors.add('declaration_date', m.afterMilestone);
  }
  const fundable = profile?.eligibility === 'eligible';
  const slotHolder = profile && type ? await findSlotHolder(db, profile.user.id, course, type) : null;
  const statement = profile ? await nextOutputFeeStatement(db, leadProvider.id, profile.cohort.id, now) : null;
  if (profile && (slotHolder ? slotHolder.state !== 'submitted' : fundable) && !statement) {
    errors.add('cohort', m.contractEnded(profile.cohort.startYear));
  }
  if (profile && type && !milestone) errors.add('declaration_type', m.typeNotInSchedule);
  if (slotHolder) errors.add('base', m.slotTaken);
  if (profile && profile.profile.type === 'mentor' && profile.cohort.mentorFunding && type && !mentorFundingTypes.includes(type)) {
    errors.add('declaration_type', m.mentorFundingTypes);
  }
  if (!errors.any && !profile) errors.add('course_identifier', m.courseNotRecognised);
  if (!errors.any && profile) {
    const allowed = allowedEvidence({ detailedEvidence: detailed, participantType: profile.profile.type as 'ect' | 'mentor', declarationType: type });
    if (allowed && !evidence && !evidenceOptional(type)) errors.add('evidence_held', m.evidenceMissing);
    else if (allowed && evidence && !allowed.includes(evidence)) errors.add('evidence_held', m.evidenceInvalid(allowed));
  }
  errors.throwIfAny();
  if (!profile || !date) throw new Error('unreachable: checks passed without a profile and a date');

  // Another participant with the same TRN already has this event: this one is not paid.
  const duplicateOf = profile.user.trn ? await findDuplicateAcrossParticipants(db, profile.user.id, profile.user.trn, course, type) : null;
  const state = duplicateOf ? 'ineligible' : fundable ? 'eligible' : 'submitted';
  const id = crypto.randomUUID();
  const statements: unknown[] = [
    db.insert(participantDeclarations).values({
      id, userId: profile.user.id, participantProfileId: profile.profile.id, leadProviderId: leadProvider.id, cohortId: profile.cohort.id,
      declarationType: type, declarationDate: date, courseIdentifier: course, evidenceHeld: storedEvidence, state,
      stateReason: duplicateOf ? 'duplicate' : null, supersededById: duplicateOf,
      deliveryPartnerId: relevant?.deliveryPartnerId ?? null,
      mentorUserId: profile.profile.type === 'ect' ? await mentorUserId(db, relevant?.record.mentorProfileId ?? null) : null,
      pupilPremiumUplift: profile.profile.pupilPremiumUplift, sparsityUplift: profile.profile.sparsityUplift,
      createdAt: now, updatedAt: now,
    }),
    db.insert(declarationStates).values({ id: crypto.randomUUID(), participantDeclarationId: id, state, stateReason: duplicateOf ? 'duplicate' : null, createdAt: now }),
  ];
  if (state !== 'submitted' && statement) {
    statements.push(db.insert(statementLineItems).values({ id: crypto.randomUUID(), statementId: statement.id, participantDeclarationId: id, state, createdAt: now, updatedAt: now }));
  }
  if (type === 'completed') statements.push(recomputeMentorCompletion(db, profile.profile.id, now));
  try {
    await db.batch(statements as unknown as Parameters<Db['batch']>[0]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Someone else filled the slot between our checks and our write: an identical submission
    // from this provider is answered with the declaration that won; anything else is refused.
    const winner = await findIdentical(db, { userId: profile.user.id, leadProviderId: leadProvider.id, course, type, date, evidence: storedEvidence });
    if (winner) return winner;
    throw new DomainError([{ title: 'base', detail: m.slotTaken }]);
  }
  return (await findDeclaration(db, id, leadProvider.id))!;
}

async function findSlotHolder(db: Db, userId: string, course: string, type: string) {
  const [row] = await db.select({ id: participantDeclarations.id, state: participantDeclarations.state }).from(participantDeclarations)
    .where(and(
      eq(participantDeclarations.userId, userId), eq(participantDeclarations.courseIdentifier, course),
      eq(participantDeclarations.declarationType, type), inArray(participantDeclarations.state, [...SLOT_HOLDING_STATES]),
    )).limit(1);
  return row ?? null;
}

async function findIdentical(db: Db, k: { userId: string; leadProviderId: string; course: string; type: string; date: Date; evidence: string | null }) {
  const [row] = await db.select({ id: participantDeclarations.id }).from(participantDeclarations)
    .where(and(
      // `+lead_provider_id`: look the participant's few declarations up by user_id; left to
      // itself SQLite walks the provider's whole list (lp_created index) to avoid a tiny sort.
      eq(participantDeclarations.userId, k.userId), sql`+${participantDeclarations.leadProviderId} = ${k.leadProviderId}`,
      eq(participantDeclarations.courseIdentifier, k.course), eq(participantDeclarations.declarationType, k.type),
      eq(participantDeclarations.declarationDate, k.date),
      k.evidence === null ? isNull(participantDeclarations.evidenceHeld) : eq(participantDeclarations.evidenceHeld, k.evidence),
      inArray(participantDeclarations.state, [...SLOT_HOLDING_STATES, 'ineligible']),
    ))
    .orderBy(participantDeclarations.createdAt).limit(1);
  return row ? findDeclaration(db, row.id, k.leadProviderId) : null;
}

async function findDuplicateAcrossParticipants(db: Db, userId: string, trn: string, course: string, type: string): Promise<string | null> {
  const [row] = await db.all<{ id: string }>(sql`
    SELECT d.id FROM participant_declarations d JOIN users u ON u.id = d.user_id
    WHERE u.trn = ${trn} AND d.user_id <> ${userId} AND d.course_identifier = ${course} AND d.declaration_type = ${type}
      AND d.state IN ('submitted', 'eligible', 'payable', 'paid') AND d.superseded_by_id IS NULL
    ORDER BY d.created_at, d.id LIMIT 1`);
  return row?.id ?? null;
}

async function mentorUserId(db: Db, mentorProfileId: string | null): Promise<string | null> {
  if (!mentorProfileId) return null;
  const [row] = await db.select({ userId: participantProfiles.userId }).from(participantProfiles).where(eq(participantProfiles.id, mentorProfileId)).limit(1);
  return row?.userId ?? null;
}
