import { and, eq } from 'drizzle-orm';
import { cohortId, scheduleId } from '../../db/reference-data/load';
import type { Db } from '../../db/client';
import {
  inductionProgrammes, inductionRecords, participantDeclarations, participantEligibilities, participantIdentities, participantProfiles,
  participantProfileStates, schoolCohorts,
} from '../../db/schema';
import { createDeliveryPartner, createPartnership, createProviderRelationship, createSchool, createUser, type SchoolOptions } from './factories';
import type { DeclarationState, DeclarationType } from '../../api/domain/declarations';
import type { CourseIdentifier } from '../../api/domain/training-status';

// Factories for participants and where they train. Each call makes unique rows.

export interface Placement {
  leadProviderId: string;
  year: number;
  schoolId: string;
  schoolUrn: string;
  schoolCohortId: string;
  programmeId: string;
  partnershipId: string;
  deliveryPartnerId: string;
}

/** A school in a cohort, partnered with the lead provider, with its provider-led programme. */
export async function createPlacement(db: Db, leadProviderId: string, year: number, opts: { school?: SchoolOptions; schoolId?: string; schoolUrn?: string; deliveryPartnerId?: string; challengeReason?: string; relationship?: boolean } = {}): Promise<Placement> {
  const school = opts.schoolId ? { id: opts.schoolId, urn: opts.schoolUrn ?? '' } : await createSchool(db, opts.school);
  const deliveryPartnerId = opts.deliveryPartnerId ?? (await createDeliveryPartner(db)).id;
  await createProviderRelationship(db, leadProviderId, deliveryPartnerId, year);
  const partnership = await createPartnership(db, { leadProviderId, schoolId: school.id, year, deliveryPartnerId, challengeReason: opts.challengeReason, relationship: opts.relationship });
  const now = new Date('2025-01-01T00:00:00Z');
  const schoolCohortId = crypto.randomUUID();
  await db.insert(schoolCohorts).values({ id: schoolCohortId, schoolId: school.id, cohortId: cohortId(year), inductionProgrammeChoice: 'full_induction_programme', createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const [sc] = await db.select().from(schoolCohorts).where(and(eq(schoolCohorts.schoolId, school.id), eq(schoolCohorts.cohortId, cohortId(year))));
  const programmeId = crypto.randomUUID();
  await db.insert(inductionProgrammes).values({ id: programmeId, schoolCohortId: sc!.id, partnershipId: partnership.id, trainingProgramme: 'full_induction_programme', createdAt: now, updatedAt: now });
  return { leadProviderId, year, schoolId: school.id, schoolUrn: school.urn, schoolCohortId: sc!.id, programmeId, partnershipId: partnership.id, deliveryPartnerId };
}

export interface ParticipantOptions {
  type?: 'ect' | 'mentor';
  name?: string;
  email?: string;
  trn?: string | null;
  /** Eligibility result; null → not yet validated by DfE (invisible to providers). */
  eligibility?: 'eligible' | 'ineligible' | 'manual_check' | 'matched' | null;
  eligibilityReason?: string;
  schedule?: string;
  scheduleYear?: number;
  trainingStatus?: 'active' | 'deferred' | 'withdrawn';
  inductionStatus?: string;
  startDate?: Date;
  endDate?: Date | null;
  mentorProfileId?: string | null;
  createdAt?: Date;
  pupilPremiumUplift?: boolean;
  sparsityUplift?: boolean;
  cohortChangedAfterPaymentsFrozen?: boolean;
}

export interface ParticipantFixture {
  userId: string;
  profileId: string;
  identityId: string;
  recordId: string;
}

export async function createParticipant(db: Db, placement: Placement, opts: ParticipantOptions = {}): Promise<ParticipantFixture> {
  const createdAt = opts.createdAt ?? new Date('2025-01-01T00:00:00Z');
  const user = await createUser(db, { name: opts.name, email: opts.email, trn: opts.trn === undefined ? String(1000000 + Math.floor(Math.random() * 8999999)) : opts.trn, createdAt });
  const identityId = crypto.randomUUID();
  const identityEmail = opts.email ?? `${user.id}@identity.example`;
  await db.insert(participantIdentities).values({ id: identityId, userId: user.id, email: identityEmail, externalIdentifier: user.id, createdAt, updatedAt: createdAt });
  const profileId = crypto.randomUUID();
  const schedule = scheduleId(opts.schedule ?? 'ecf-standard-september', opts.scheduleYear ?? placement.year);
  await db.insert(participantProfiles).values({
    id: profileId, type: opts.type ?? 'ect', userId: user.id, participantIdentityId: identityId, schoolCohortId: placement.schoolCohortId,
    scheduleId: schedule, trainingStatus: opts.trainingStatus ?? 'active', mentorProfileId: opts.mentorProfileId ?? null,
    pupilPremiumUplift: opts.pupilPremiumUplift ?? false, sparsityUplift: opts.sparsityUplift ?? false,
    cohortChangedAfterPaymentsFrozen: opts.cohortChangedAfterPaymentsFrozen ?? false,
    createdAt, updatedAt: createdAt,
  });
  if (opts.eligibility !== null) {
    await db.insert(participantEligibilities).values({
      id: crypto.randomUUID(), participantProfileId: profileId, status: opts.eligibility ?? 'eligible', reason: opts.eligibilityReason ?? 'none', createdAt, updatedAt: createdAt,
    });
  }
  const recordId = await addInductionRecord(db, profileId, placement, {
    schedule, trainingStatus: opts.trainingStatus, inductionStatus: opts.inductionStatus, startDate: opts.startDate ?? createdAt,
    endDate: opts.endDate ?? null, mentorProfileId: opts.mentorProfileId ?? null, preferredIdentityId: identityId, createdAt,
  });
  return { userId: user.id, profileId, identityId, recordId };
}

export async function addInductionRecord(db: Db, profileId: string, placement: Placement, opts: {
  schedule?: string; trainingStatus?: string; inductionStatus?: string; startDate?: Date; endDate?: Date | null;
  mentorProfileId?: string | null; preferredIdentityId?: string | null; createdAt?: Date; schoolTransfer?: boolean;
} = {}): Promise<string> {
  const id = crypto.randomUUID();
  const createdAt = opts.createdAt ?? new Date('2025-01-01T00:00:00Z');
  await db.insert(inductionRecords).values({
    id, participantProfileId: profileId, inductionProgrammeId: placement.programmeId,
    scheduleId: opts.schedule ?? scheduleId('ecf-standard-september', placement.year),
    mentorProfileId: opts.mentorProfileId ?? null, preferredIdentityId: opts.preferredIdentityId ?? null,
    inductionStatus: opts.inductionStatus ?? 'active', trainingStatus: opts.trainingStatus ?? 'active',
    startDate: opts.startDate ?? createdAt, endDate: opts.endDate ?? null, schoolTransfer: opts.schoolTransfer ?? false,
    createdAt, updatedAt: createdAt,
  });
  return id;
}

export async function recordState(db: Db, profileId: string, leadProviderId: string, state: 'active' | 'deferred' | 'withdrawn', reason: string | null, at: Date) {
  await db.insert(participantProfileStates).values({ id: crypto.randomUUID(), participantProfileId: profileId, state, reason, leadProviderId, createdAt: at });
}

/** A declaration row as the declarations service will write it (used before that service exists). */
export async function createDeclaration(db: Db, p: ParticipantFixture, opts: {
  leadProviderId: string; year: number; type: DeclarationType; date: Date; state: DeclarationState; course?: CourseIdentifier;
}) {
  const id = crypto.randomUUID();
  await db.insert(participantDeclarations).values({
    id, userId: p.userId, participantProfileId: p.profileId, leadProviderId: opts.leadProviderId, cohortId: cohortId(opts.year),
    declarationType: opts.type, declarationDate: opts.date, courseIdentifier: opts.course ?? 'ecf-induction', state: opts.state,
    createdAt: opts.date, updatedAt: opts.date,
  });
  return { id };
}
