import { and, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { partnerships, schoolCohorts, schools } from '../../../db/schema';
import { eligibleSchoolSql } from '../../domain/school-eligibility';

// Schools are the same for every lead provider: what a provider sees is decided by the school's
// eligibility and partnerships, never by who asks.

/** Unchallenged partnership of the school in the cohort; `mainOnly` leaves out relationship rows. */
function unchallengedPartnershipIn(cohortId: string, mainOnly: boolean): SQL {
  return sql`EXISTS (
    SELECT 1 FROM ${partnerships} p
    WHERE p.school_id = "schools"."id" AND p.cohort_id = ${cohortId}
      AND p.challenged_at IS NULL AND p.challenge_reason IS NULL
      ${mainOnly ? sql`AND p.relationship = 0` : sql``}
  )`;
}

/** Eligible for funded training, or already in a confirmed partnership in the cohort. */
export function visibleInCohort(cohortId: string): SQL {
  return sql`(${eligibleSchoolSql()} OR ${unchallengedPartnershipIn(cohortId, true)})`;
}

/** A change to the school or to any of its cohort choices since the given time. */
export function changedSince(since: Date): SQL {
  return or(
    gte(schools.updatedAt, since),
    sql`EXISTS (SELECT 1 FROM ${schoolCohorts} sc WHERE sc.school_id = ${schools.id} AND sc.updated_at >= ${since.getTime()})`,
  )!;
}

export function schoolColumns(cohortId: string) {
  return {
    id: schools.id,
    name: schools.name,
    urn: schools.urn,
    createdAt: schools.createdAt,
    updatedAt: schools.updatedAt,
    cohortUpdatedAt: schoolCohorts.updatedAt,
    choice: schoolCohorts.inductionProgrammeChoice,
    inPartnership: sql<number>`${unchallengedPartnershipIn(cohortId, false)}`,
  };
}

export function fromSchoolsInCohort(db: Db, cohortId: string) {
  return db
    .select(schoolColumns(cohortId))
    .from(schools)
    .leftJoin(schoolCohorts, and(eq(schoolCohorts.schoolId, schools.id), eq(schoolCohorts.cohortId, cohortId)));
}

export interface SchoolRecord {
  id: string;
  name: string;
  urn: string;
  cohort: number;
  inPartnership: boolean;
  /** The school's choice for the cohort as stored (full_induction_programme, ...), or null. */
  choice: string | null;
  createdAt: Date;
  /** The later of the school's own change and its choice for this cohort. */
  updatedAt: Date;
}

export function toSchoolRecord(
  row: { id: string; name: string; urn: string; createdAt: Date; updatedAt: Date; cohortUpdatedAt: Date | null; choice: string | null; inPartnership: number },
  cohort: number,
): SchoolRecord {
  const updatedAt = row.cohortUpdatedAt && row.cohortUpdatedAt > row.updatedAt ? row.cohortUpdatedAt : row.updatedAt;
  return { id: row.id, name: row.name, urn: row.urn, cohort, inPartnership: Boolean(row.inPartnership), choice: row.choice, createdAt: row.createdAt, updatedAt };
}
