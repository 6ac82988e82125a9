import { gt, inArray, type SQL } from 'drizzle-orm';
import { cohorts } from '../../../db/schema';

/**
 * The `filter[cohort]` rule shared by the lists: the given start years, or when none are given
 * every cohort after 2020 (the 2020 pilot is only shown when asked for).
 */
export function cohortYearCondition(years: number[] | null): SQL {
  if (years === null) return gt(cohorts.startYear, 2020);
  return years.length ? inArray(cohorts.startYear, years) : inArray(cohorts.startYear, [-1]);
}
