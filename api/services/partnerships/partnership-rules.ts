import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { deliveryPartners, partnerships, providerRelationships, schoolCohorts, schools } from '../../../db/schema';
import { isCipOnly, isEligibleForFunding } from '../../domain/school-eligibility';
import type { ErrorCollector } from '../../errors/api-error';
import type { CohortRow } from '../cohorts/find-cohort';
import { partnershipMessages as m } from './messages';

// Checks shared by confirming a partnership and changing its delivery partner. They read; the
// write that follows is guarded in SQL too, so a race between the read and the write loses
// cleanly instead of breaking a rule.

const asId = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Unchallenged main partnerships of a school in a cohort (at most one, by a unique index). */
async function confirmedPartnershipOf(db: Db, schoolId: string, cohortId: string) {
  const [row] = await db
    .select({ id: partnerships.id, leadProviderId: partnerships.leadProviderId })
    .from(partnerships)
    .where(and(
      eq(partnerships.schoolId, schoolId),
      eq(partnerships.cohortId, cohortId),
      eq(partnerships.relationship, false),
      isNull(partnerships.challengeReason),
      isNull(partnerships.challengedAt),
    ))
    .limit(1);
  return row ?? null;
}

export type SchoolRow = typeof schools.$inferSelect;

/** Checks the school for a new partnership of `leadProviderId` in `cohort`. */
export async function checkSchool(
  db: Db, errors: ErrorCollector, schoolIdValue: unknown, cohort: CohortRow | null, previousCohort: CohortRow | null, leadProviderId: string,
): Promise<SchoolRow | null> {
  if (schoolIdValue === undefined || schoolIdValue === null || schoolIdValue === '') {
    errors.add('school_id', m.schoolMissing);
    return null;
  }
  const schoolId = asId(schoolIdValue);
  const [school] = schoolId ? await db.select().from(schools).where(eq(schools.id, schoolId)).limit(1) : [];
  if (!school) {
    errors.add('school_id', m.schoolUnknown);
    return null;
  }
  if (isCipOnly(school)) {
    errors.add('school_id', m.schoolCipOnly);
    return school;
  }
  if (!isEligibleForFunding(school)) {
    errors.add('school_id', m.schoolIneligible);
    return school;
  }
  if (!cohort) return school;
  const confirmed = await confirmedPartnershipOf(db, school.id, cohort.id);
  if (confirmed) {
    errors.add('school_id', confirmed.leadProviderId === leadProviderId ? m.alreadyYours : m.anotherProvider);
    return school;
  }
  if (previousCohort && (await confirmedPartnershipOf(db, school.id, previousCohort.id))) {
    const [choice] = await db.select({ id: schoolCohorts.id }).from(schoolCohorts)
      .where(and(eq(schoolCohorts.schoolId, school.id), eq(schoolCohorts.cohortId, cohort.id))).limit(1);
    if (!choice) errors.add('school_id', m.notContinued);
  }
  return school;
}

export type DeliveryPartnerRow = typeof deliveryPartners.$inferSelect;

/** Checks the delivery partner exists and works with the provider in the cohort. */
export async function checkDeliveryPartner(
  db: Db, errors: ErrorCollector, value: unknown, cohort: CohortRow | null, leadProviderId: string,
): Promise<DeliveryPartnerRow | null> {
  if (value === undefined || value === null || value === '') {
    errors.add('delivery_partner_id', m.deliveryPartnerMissing);
    return null;
  }
  const id = asId(value);
  const [dp] = id
    ? await db.select().from(deliveryPartners).where(and(eq(deliveryPartners.id, id), isNull(deliveryPartners.discardedAt))).limit(1)
    : [];
  if (!dp) {
    errors.add('delivery_partner_id', m.deliveryPartnerUnknown);
    return null;
  }
  if (!cohort) return dp;
  const [relationship] = await db.select({ id: providerRelationships.id }).from(providerRelationships)
    .where(and(
      eq(providerRelationships.leadProviderId, leadProviderId),
      eq(providerRelationships.deliveryPartnerId, dp.id),
      eq(providerRelationships.cohortId, cohort.id),
      isNull(providerRelationships.discardedAt),
    ))
    .limit(1);
  if (!relationship) errors.add('delivery_partner_id', m.deliveryPartnerNotYours);
  return dp;
}

/** Until when a school may challenge: two months into the academic year, and at least 14 days. */
export function challengeDeadline(cohort: CohortRow, now: Date): Date {
  const start = new Date(`${cohort.academicYearStartDate}T23:59:59.999Z`);
  start.setUTCMonth(start.getUTCMonth() + 2);
  start.setUTCDate(start.getUTCDate() - 1);
  const fortnight = new Date(now.getTime() + 14 * 24 * 60 * 60 * 1000);
  return start > fortnight ? start : fortnight;
}
