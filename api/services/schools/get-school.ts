import { and, eq } from 'drizzle-orm';
import { schools } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { findCohortByYear } from '../cohorts/find-cohort';
import { fromSchoolsInCohort, toSchoolRecord, visibleInCohort, type SchoolRecord } from './school-queries';

export async function getSchool(ctx: RequestContext, id: string, cohortYear: string): Promise<SchoolRecord> {
  const cohort = await findCohortByYear(ctx.db, cohortYear);
  if (!cohort) throw new NotFoundError('school');
  const [row] = await fromSchoolsInCohort(ctx.db, cohort.id)
    .where(and(eq(schools.id, id), visibleInCohort(cohort.id)))
    .limit(1);
  if (!row) throw new NotFoundError('school');
  return toSchoolRecord(row, cohort.startYear);
}
