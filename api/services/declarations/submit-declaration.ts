import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { declarationStates, participantDeclarations, statementLineItems } from '../../../db/schema';
import type { RequestContext } from '../../context';
import {
  allowedEvidence, declarationDateFormat, isDeclarationType, type DeclarationType, evidenceOptional, mentorFundingTypes, milestoneFor, milestoneWindow, SLOT_HOLDING_STATES,
} from '../../domain/declarations';
import { courseIdentifiers, isCourseIdentifier, type CourseIdentifier } from '../../domain/training-status';
import { DomainError, ErrorCollector } from '../../errors/api-error';
import { parseInstant, rfc3339 } from '../../http/time';
import { findDeclaration, type DeclarationRecord } from './declaration-queries';
import { commitWithOthers } from './group-commit';
import { declarationMessages as m } from './messages';
import { recomputeMentorCompletion } from './mentor-completion';
import { readSubmissionFacts, type SubmissionFacts } from './submission-facts';
import type { BatchStatement } from '../../../db/batch';

export interface SubmitDeclarationInput {
  participant_id?: unknown;
  declaration_type?: unknown;
  declaration_date?: unknown;
  course_identifier?: unknown;
  evidence_held?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v));

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
  const evidence = typeof input.evidence_held === 'string' && input.evidence_held.trim() !== '' ? input.evidence_held.trim() : null;
  const profileType = course === courseIdentifiers.ect ? 'ect' : course === courseIdentifiers.mentor ? 'mentor' : null;
  // One read for every rule below (submission-facts.ts); the rules themselves run here, in order.
  const facts: SubmissionFacts = participantId
    ? await readSubmissionFacts(db, { participantId, profileType, leadProviderId: leadProvider.id, course, declarationType: type, date, evidence, now })
    : { known: false, profile: null, identicalId: null, relevant: null, latestState: null, milestones: [], slotHolder: null, statementId: null, duplicateOfId: null };
  const { known, profile, relevant } = facts;
  const detailed = profile?.detailedEvidenceTypes ?? false;
  // `started` in cohorts without detailed evidence ignores whatever evidence was sent.
  const storedEvidence = profile && type === 'started' && !detailed ? null : evidence;

  // An exact copy of a declaration this provider already made: the same answer as the first time.
  if (profile && date && type && facts.identicalId) {
    const existing = await findDeclaration(db, facts.identicalId, leadProvider.id);
    if (existing) return existing;
  }

  const errors = new ErrorCollector();
  if (!known) errors.add('participant_id', m.participantNotRecognised);
  if (profile && date) {
    const state = facts.latestState;
    if (state?.state === 'withdrawn' && state.createdAt <= date && relevant?.trainingStatus !== 'active') {
      errors.add('participant_id', m.withdrawnBefore(rfc3339(state.createdAt)));
    }
  }
  if (!date) errors.add('declaration_date', m.dateMissing);
  if (!type) errors.add('declaration_type', m.typeMissing);
  if (date && date > now) errors.add('declaration_date', m.dateInFuture);
  if (rawDate && !formatOk) errors.add('declaration_date', m.dateFormat);

  const milestone = profile && type ? milestoneFor(facts.milestones, type, profile.type) : null;
  if (milestone && date) {
    const where = milestoneWindow(date, milestone);
    if (where === 'before') errors.add('declaration_date', m.beforeMilestone);
    if (where === 'after') errors.add('declaration_date', m.afterMilestone);
  }
  const fundable = profile?.eligibility === 'eligible';
  const slotHolder = profile && type ? facts.slotHolder : null;
  const statementId = profile ? facts.statementId : null;
  if (profile && (slotHolder ? slotHolder.state !== 'submitted' : fundable) && !statementId) {
    errors.add('cohort', m.contractEnded(profile.cohortStartYear));
  }
  if (profile && type && !milestone) errors.add('declaration_type', m.typeNotInSchedule);
  if (slotHolder) errors.add('base', m.slotTaken);
  if (profile && profile.type === 'mentor' && profile.mentorFunding && type && !mentorFundingTypes.includes(type)) {
    errors.add('declaration_type', m.mentorFundingTypes);
  }
  if (!errors.any && !profile) errors.add('course_identifier', m.courseNotRecognised);
  if (!errors.any && profile) {
    const allowed = allowedEvidence({ detailedEvidence: detailed, participantType: profile.type, declarationType: type });
    if (allowed && !evidence && !evidenceOptional(type)) errors.add('evidence_held', m.evidenceMissing);
    else if (allowed && evidence && !allowed.includes(evidence)) errors.add('evidence_held', m.evidenceInvalid(allowed));
  }
  errors.throwIfAny();
  if (!profile || !date) throw new Error('unreachable: checks passed without a profile and a date');
  // A profile exists only for a known course, and a milestone only for a known declaration type.
  if (!isCourseIdentifier(course) || !isDeclarationType(type)) throw new Error('unreachable: checks passed with an unknown course or type');

  // Another participant with the same TRN already has this event: this one is not paid.
  const duplicateOf = profile.trn ? facts.duplicateOfId : null;
  const state = duplicateOf ? 'ineligible' : fundable ? 'eligible' : 'submitted';
  const id = crypto.randomUUID();
  const mentorUserId = profile.type === 'ect' ? relevant?.mentorUserId ?? null : null;
  const statements: BatchStatement[] = [
    db.insert(participantDeclarations).values({
      id, userId: profile.userId, participantProfileId: profile.id, leadProviderId: leadProvider.id, cohortId: profile.cohortId,
      declarationType: type, declarationDate: date, courseIdentifier: course, evidenceHeld: storedEvidence, state,
      stateReason: duplicateOf ? 'duplicate' : null, supersededById: duplicateOf,
      deliveryPartnerId: relevant?.deliveryPartnerId ?? null,
      mentorUserId,
      pupilPremiumUplift: profile.pupilPremiumUplift, sparsityUplift: profile.sparsityUplift,
      createdAt: now, updatedAt: now,
    }),
    db.insert(declarationStates).values({ id: crypto.randomUUID(), participantDeclarationId: id, state, stateReason: duplicateOf ? 'duplicate' : null, createdAt: now }),
  ];
  if (state !== 'submitted' && statementId) {
    statements.push(db.insert(statementLineItems).values({ id: crypto.randomUUID(), statementId, participantDeclarationId: id, state, createdAt: now, updatedAt: now }));
  }
  if (type === 'completed') statements.push(recomputeMentorCompletion(db, profile.id, now));
  try {
    // Shares its transaction (and fsync) with concurrent submissions; still all-or-nothing on its own (group-commit.ts).
    await commitWithOthers(db, statements);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Someone else filled the slot between our checks and our write: an identical submission
    // from this provider is answered with the declaration that won; anything else is refused.
    const winner = await findIdentical(db, { userId: profile.userId, leadProviderId: leadProvider.id, course, type, date, evidence: storedEvidence });
    if (winner) return winner;
    throw new DomainError([{ title: 'base', detail: m.slotTaken }]);
  }
  // The answer is what was just written, built here rather than read back: the batch committed
  // exactly these values (no trigger changes a declaration), and one read less per submission.
  // Its statement is the line item's when the declaration is billable (an `ineligible` one has a
  // line item that does not count, as declaration-queries.ts reads it).
  return {
    id, userId: profile.userId, participantProfileId: profile.id, leadProviderId: leadProvider.id, leadProviderName: leadProvider.name,
    cohortId: profile.cohortId, cohort: profile.cohortStartYear, declarationType: type, declarationDate: date, courseIdentifier: course,
    evidenceHeld: storedEvidence, state, stateReason: duplicateOf ? 'duplicate' : null,
    deliveryPartnerId: relevant?.deliveryPartnerId ?? null, mentorUserId,
    pupilPremiumUplift: profile.pupilPremiumUplift, sparsityUplift: profile.sparsityUplift,
    statementId: state === 'eligible' ? statementId : null, clawbackStatementId: null, createdAt: now, updatedAt: now,
  };
}

/** The declaration that won a race for the slot, if it is an exact copy of this submission. */
async function findIdentical(db: Db, k: { userId: string; leadProviderId: string; course: CourseIdentifier; type: DeclarationType; date: Date; evidence: string | null }) {
  const [row] = await db.select({ id: participantDeclarations.id }).from(participantDeclarations)
    .where(and(
      // `+lead_provider_id`: see submission-facts.ts.
      eq(participantDeclarations.userId, k.userId), sql`+${participantDeclarations.leadProviderId} = ${k.leadProviderId}`,
      eq(participantDeclarations.courseIdentifier, k.course), eq(participantDeclarations.declarationType, k.type),
      eq(participantDeclarations.declarationDate, k.date),
      k.evidence === null ? isNull(participantDeclarations.evidenceHeld) : eq(participantDeclarations.evidenceHeld, k.evidence),
      inArray(participantDeclarations.state, [...SLOT_HOLDING_STATES, 'ineligible']),
    ))
    .orderBy(participantDeclarations.createdAt).limit(1);
  return row ? findDeclaration(db, row.id, k.leadProviderId) : null;
}
