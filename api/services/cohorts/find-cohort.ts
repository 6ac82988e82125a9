import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohorts } from '../../../db/schema';

export type CohortRow = typeof cohorts.$inferSelect;

/** A cohort by its start year given as text (`"2024"`); null when it is not a known single year. */
export async function findCohortByYear(db: Db, year: unknown): Promise<CohortRow | null> {
  const text = typeof year === 'number' ? String(year) : typeof year === 'string' ? year.trim() : '';
  if (!/^\d{4}$/.test(text)) return null;
  const [row] = await db.select().from(cohorts).where(eq(cohorts.startYear, Number(text))).limit(1);
  return row ?? null;
}
