import { cohortId } from '../../db/reference-data/load';
import { loadLeadProviderContracts } from '../../db/reference-data/load';
import type { Db } from '../../db/client';
import { deliveryPartners, inductionCoordinators, leadProviders, partnerships, providerRelationships, schoolCohorts, schools, users } from '../../db/schema';
import { createApiToken } from '../../api/services/auth/api-tokens';

// Factories make unique data on every call, so tests never depend on magic ids or on order.

let sequence = 0;
const next = () => ++sequence;
const at = (iso = '2025-01-01T00:00:00Z') => new Date(iso);

export interface LeadProviderFixture {
  id: string;
  name: string;
  token: string;
}

export async function createLeadProvider(db: Db, opts: { name?: string; cohorts?: number[]; withStatements?: boolean } = {}): Promise<LeadProviderFixture> {
  const id = crypto.randomUUID();
  const name = opts.name ?? `Lead Provider ${next()}`;
  const now = at();
  await db.insert(leadProviders).values({ id, name, createdAt: now, updatedAt: now });
  if (opts.withStatements) await loadLeadProviderContracts(db, id, opts.cohorts ?? [2021, 2022, 2023, 2024, 2025], new Date('2025-11-15T10:00:00Z'));
  const token = await createApiToken(db, id, now);
  return { id, name, token };
}

export async function createDeliveryPartner(db: Db, opts: { name?: string; createdAt?: Date; updatedAt?: Date; discardedAt?: Date } = {}) {
  const id = crypto.randomUUID();
  const createdAt = opts.createdAt ?? at();
  await db.insert(deliveryPartners).values({
    id,
    name: opts.name ?? `Delivery Partner ${next()}`,
    createdAt,
    updatedAt: opts.updatedAt ?? createdAt,
    discardedAt: opts.discardedAt ?? null,
  });
  return { id };
}

export async function createProviderRelationship(db: Db, leadProviderId: string, deliveryPartnerId: string, year: number, opts: { discarded?: boolean } = {}) {
  const now = at();
  await db.insert(providerRelationships).values({
    id: crypto.randomUUID(),
    leadProviderId,
    deliveryPartnerId,
    cohortId: cohortId(year),
    discardedAt: opts.discarded ? now : null,
    createdAt: now,
    updatedAt: now,
  });
}

export interface SchoolOptions {
  name?: string;
  urn?: string;
  status?: string;
  type?: string;
  district?: string;
  section41?: boolean;
  primaryEmail?: string | null;
  secondaryEmail?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** An open, eligible community school in England unless told otherwise. */
export async function createSchool(db: Db, opts: SchoolOptions = {}) {
  const n = next();
  const id = crypto.randomUUID();
  const createdAt = opts.createdAt ?? at();
  const row = {
    id,
    urn: opts.urn ?? String(100000 + n),
    name: opts.name ?? `School ${n}`,
    schoolStatusCode: opts.status ?? '1',
    schoolTypeCode: opts.type ?? '1',
    administrativeDistrictCode: opts.district ?? 'E09000033',
    section41Approved: opts.section41 ?? false,
    primaryContactEmail: opts.primaryEmail === undefined ? `office${n}@school.example` : opts.primaryEmail,
    secondaryContactEmail: opts.secondaryEmail ?? null,
    createdAt,
    updatedAt: opts.updatedAt ?? createdAt,
  };
  await db.insert(schools).values(row);
  return row;
}

export async function createSchoolCohort(db: Db, schoolId: string, year: number, choice = 'full_induction_programme', updatedAt = at()) {
  const id = crypto.randomUUID();
  await db.insert(schoolCohorts).values({ id, schoolId, cohortId: cohortId(year), inductionProgrammeChoice: choice, createdAt: updatedAt, updatedAt });
  return { id };
}

export async function createPartnership(db: Db, opts: {
  leadProviderId: string; schoolId: string; year: number; deliveryPartnerId: string | null;
  challengeReason?: string; relationship?: boolean; createdAt?: Date; challengeDeadline?: Date;
}) {
  const id = crypto.randomUUID();
  const createdAt = opts.createdAt ?? at();
  await db.insert(partnerships).values({
    id,
    schoolId: opts.schoolId,
    leadProviderId: opts.leadProviderId,
    deliveryPartnerId: opts.deliveryPartnerId,
    cohortId: cohortId(opts.year),
    challengeReason: opts.challengeReason ?? null,
    challengedAt: opts.challengeReason ? createdAt : null,
    challengeDeadline: opts.challengeDeadline ?? new Date(createdAt.getTime() + 30 * 86_400_000),
    relationship: opts.relationship ?? false,
    createdAt,
    updatedAt: createdAt,
    apiUpdatedAt: createdAt,
  });
  return { id };
}

export async function createUser(db: Db, opts: { name?: string; email?: string; trn?: string | null; createdAt?: Date } = {}) {
  const n = next();
  const id = crypto.randomUUID();
  const createdAt = opts.createdAt ?? at();
  await db.insert(users).values({
    id, fullName: opts.name ?? `Person ${n}`, email: opts.email ?? `person${n}@example.com`, trn: opts.trn ?? null,
    createdAt, updatedAt: createdAt, apiUpdatedAt: createdAt,
  });
  return { id };
}

export async function addInductionTutor(db: Db, schoolId: string, opts: { name?: string; email?: string; at?: Date } = {}) {
  const user = await createUser(db, { name: opts.name, email: opts.email, createdAt: opts.at });
  await db.insert(inductionCoordinators).values({ id: crypto.randomUUID(), schoolId, userId: user.id, createdAt: opts.at ?? at() });
  return user;
}
