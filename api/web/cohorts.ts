import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { cohorts, leadProviderCohorts, providerRelationships } from '../../db/schema';

// Which cohorts a lead provider's staff see in the web service.

export interface WebCohort {
  id: string;
  startYear: number;
  academicYearStartDate: string;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The provider's cohorts (its contracts, or delivery partners recorded with it) up to the one
 * currently open for registration, newest first.
 */
export async function providerCohorts(db: Db, leadProviderId: string, now: Date): Promise<WebCohort[]> {
  return db.all<WebCohort>(sql`
    SELECT c.id, c.start_year AS startYear, c.academic_year_start_date AS academicYearStartDate
    FROM ${cohorts} c
    WHERE (
      EXISTS (SELECT 1 FROM ${leadProviderCohorts} lpc WHERE lpc.cohort_id = c.id AND lpc.lead_provider_id = ${leadProviderId})
      OR EXISTS (SELECT 1 FROM ${providerRelationships} pr WHERE pr.cohort_id = c.id AND pr.lead_provider_id = ${leadProviderId} AND pr.discarded_at IS NULL)
    )
    AND c.start_year <= coalesce((SELECT max(start_year) FROM ${cohorts} WHERE registration_start_date <= ${today(now)}), c.start_year)
    ORDER BY c.start_year DESC
  `);
}

/** The cohort whose academic year is under way (started in the last 12 months), else the latest started. */
export function currentCohort(cohorts: WebCohort[], now: Date): WebCohort | null {
  const started = cohorts.filter((c) => c.academicYearStartDate <= today(now)).sort((a, b) => b.startYear - a.startYear);
  return started[0] ?? cohorts[cohorts.length - 1] ?? null;
}

export const findCohort = (cohorts: WebCohort[], year: string | undefined) => (year && /^\d{4}$/.test(year) ? cohorts.find((c) => c.startYear === Number(year)) ?? null : null);
