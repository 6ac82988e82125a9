import { and, desc, eq, exists, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import type { RowOf } from '../../db/read-model';
import { cohorts, leadProviderCohorts, providerRelationships } from '../../db/schema';

// Which cohorts a lead provider's staff see in the web service.

const webCohortFields = { id: cohorts.id, startYear: cohorts.startYear, academicYearStartDate: cohorts.academicYearStartDate };
export type WebCohort = RowOf<typeof webCohortFields>;

const today = (now: Date) => now.toISOString().slice(0, 10);
/** The cohorts again, inside the query on `cohorts`: the latest one open for registration. */
const open = alias(cohorts, 'open');

/**
 * The provider's cohorts (its contracts, or delivery partners recorded with it) up to the one
 * currently open for registration, newest first.
 */
export async function providerCohorts(db: Db, leadProviderId: string, now: Date): Promise<WebCohort[]> {
  const contracted = db.select({ one: sql`1` }).from(leadProviderCohorts)
    .where(and(eq(leadProviderCohorts.cohortId, cohorts.id), eq(leadProviderCohorts.leadProviderId, leadProviderId)));
  const withDeliveryPartner = db.select({ one: sql`1` }).from(providerRelationships)
    .where(and(eq(providerRelationships.cohortId, cohorts.id), eq(providerRelationships.leadProviderId, leadProviderId), isNull(providerRelationships.discardedAt)));
  const latestOpen = sql`(SELECT max(${open.startYear}) FROM ${cohorts} AS ${open} WHERE ${open.registrationStartDate} <= ${today(now)})`;
  return db.select(webCohortFields).from(cohorts)
    .where(and(or(exists(contracted), exists(withDeliveryPartner)), lte(cohorts.startYear, sql`coalesce(${latestOpen}, ${cohorts.startYear})`)))
    .orderBy(desc(cohorts.startYear));
}

/** The cohort whose academic year is under way (started in the last 12 months), else the latest started. */
export function currentCohort(cohorts: WebCohort[], now: Date): WebCohort | null {
  const started = cohorts.filter((c) => c.academicYearStartDate <= today(now)).sort((a, b) => b.startYear - a.startYear);
  return started[0] ?? cohorts[cohorts.length - 1] ?? null;
}

export const findCohort = (cohorts: WebCohort[], year: string | undefined) => (year && /^\d{4}$/.test(year) ? cohorts.find((c) => c.startYear === Number(year)) ?? null : null);
