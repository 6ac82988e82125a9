import { and, eq, isNull, sql } from 'drizzle-orm';
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

export type SchoolRow = typeof schools.$inferSelect;

/** The school rule a new partnership would break; the keys of `partnershipMessages`. */
export type SchoolProblem = 'schoolUnknown' | 'schoolCipOnly' | 'schoolIneligible' | 'alreadyYours' | 'anotherProvider' | 'notContinued';

/** What the school rules need to know about one school in one cohort. */
export interface SchoolFacts {
  school: SchoolRow | null;
  /** The lead provider of the school's unchallenged main partnership in the cohort (at most one, by a unique index). */
  confirmedWith: string | null;
  /** Whether the school had an unchallenged main partnership in the previous cohort. */
  confirmedLastCohort: boolean;
  /** Whether the school has recorded its programme choice for the cohort. */
  hasSchoolCohort: boolean;
}

/**
 * The school rules of a new partnership, first broken rule wins. Pure, so the API (one school)
 * and the web service's CSV upload (thousands at once) apply exactly the same rules.
 */
export function schoolProblem(facts: SchoolFacts, leadProviderId: string, cohortKnown = true): SchoolProblem | null {
  const { school } = facts;
  if (!school) return 'schoolUnknown';
  if (isCipOnly(school)) return 'schoolCipOnly';
  if (!isEligibleForFunding(school)) return 'schoolIneligible';
  if (!cohortKnown) return null;
  if (facts.confirmedWith) return facts.confirmedWith === leadProviderId ? 'alreadyYours' : 'anotherProvider';
  if (facts.confirmedLastCohort && !facts.hasSchoolCohort) return 'notContinued';
  return null;
}

// Ids travel as one JSON array parameter (D1 allows only 100 bound parameters per statement).
const ID_CHUNK = 2_000;
const idsIn = (ids: string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** Loads the facts of many schools in one cohort with three queries per 2,000 schools. */
export async function loadSchoolFacts(db: Db, schoolRows: SchoolRow[], cohort: CohortRow, previousCohort: CohortRow | null): Promise<Map<string, SchoolFacts>> {
  const facts = new Map<string, SchoolFacts>(schoolRows.map((school) => [school.id, { school, confirmedWith: null, confirmedLastCohort: false, hasSchoolCohort: false }]));
  const confirmedIn = (cohortId: string, ids: string[]) => db
    .select({ schoolId: partnerships.schoolId, leadProviderId: partnerships.leadProviderId })
    .from(partnerships)
    .where(and(
      sql`${partnerships.schoolId} IN ${idsIn(ids)}`,
      eq(partnerships.cohortId, cohortId),
      eq(partnerships.relationship, false),
      isNull(partnerships.challengeReason),
      isNull(partnerships.challengedAt),
    ));
  for (let i = 0; i < schoolRows.length; i += ID_CHUNK) {
    const ids = schoolRows.slice(i, i + ID_CHUNK).map((s) => s.id);
    for (const row of await confirmedIn(cohort.id, ids)) facts.get(row.schoolId)!.confirmedWith = row.leadProviderId;
    if (previousCohort) {
      for (const row of await confirmedIn(previousCohort.id, ids)) facts.get(row.schoolId)!.confirmedLastCohort = true;
    }
    const choices = await db.select({ schoolId: schoolCohorts.schoolId }).from(schoolCohorts)
      .where(and(sql`${schoolCohorts.schoolId} IN ${idsIn(ids)}`, eq(schoolCohorts.cohortId, cohort.id)));
    for (const row of choices) facts.get(row.schoolId)!.hasSchoolCohort = true;
  }
  return facts;
}

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
  const facts: SchoolFacts = school && cohort
    ? (await loadSchoolFacts(db, [school], cohort, previousCohort)).get(school.id)!
    : { school: school ?? null, confirmedWith: null, confirmedLastCohort: false, hasSchoolCohort: false };
  const problem = schoolProblem(facts, leadProviderId, cohort !== null);
  if (problem) errors.add('school_id', m[problem]);
  return school ?? null;
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
