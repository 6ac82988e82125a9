import { and, asc, eq } from 'drizzle-orm';
import { schools } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { findCohortByYear } from '../cohorts/find-cohort';
import { changedSince, fromSchoolsInCohort, toSchoolRecord, visibleInCohort, type SchoolRecord } from './school-queries';

export interface ListSchoolsInput {
  cohort: string;
  urn: string | undefined;
  updatedSince: Date | null;
  sort: string | undefined;
  page: Page;
}

const sortable = {
  name: schools.name,
  urn: schools.urn,
  created_at: schools.createdAt,
  updated_at: schools.updatedAt,
  id: schools.id,
};

/** Schools a provider can partner with (or that are partnered) in one cohort. */
export async function listSchools(ctx: RequestContext, input: ListSchoolsInput): Promise<SchoolRecord[]> {
  const cohort = await findCohortByYear(ctx.db, input.cohort);
  if (!cohort) return [];
  const rows = await fromSchoolsInCohort(ctx.db, cohort.id)
    .where(and(
      visibleInCohort(cohort.id),
      input.urn !== undefined ? eq(schools.urn, input.urn.trim()) : undefined,
      input.updatedSince ? changedSince(input.updatedSince) : undefined,
    ))
    .orderBy(...parseSort(input.sort, sortable, [asc(schools.createdAt)], schools.id))
    .limit(input.page.perPage)
    .offset(input.page.offset);
  return rows.map((r) => toSchoolRecord(r, cohort.startYear));
}
