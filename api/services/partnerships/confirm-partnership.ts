import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../../db/errors';
import type { Db } from '../../../db/client';
import { inductionCoordinators, partnerships, schools, users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { ErrorCollector } from '../../errors/api-error';
import { findCohortByYear, type CohortRow } from '../cohorts/find-cohort';
import { schoolContactEmail } from '../schools/school-contact';
import { partnershipMessages as m } from './messages';
import { getPartnership } from './get-partnership';
import type { PartnershipRecord } from './partnership-queries';
import { checkDeliveryPartner, checkSchool, loadSchoolFacts, schoolProblem, type SchoolProblem, type SchoolRow } from './partnership-rules';
import { isAbortedBatch, reportPartnership, reportPartnershipsStatements, type ReportTarget } from './report-partnership';
import { runBatch } from '../../../db/batch';

export interface ConfirmPartnershipInput {
  cohort?: unknown;
  school_id?: unknown;
  delivery_partner_id?: unknown;
}

async function checkCohort(ctx: RequestContext, errors: ErrorCollector, value: unknown): Promise<CohortRow | null> {
  if (value === undefined || value === null || value === '') {
    errors.add('cohort', m.cohortMissing);
    return null;
  }
  const cohort = await findCohortByYear(ctx.db, value);
  if (!cohort) errors.add('cohort', m.cohortUnknown);
  return cohort;
}

/**
 * A provider confirms it will train a school's participants with a delivery partner in a cohort.
 * Every check runs and all errors are reported together. Two providers confirming the same school
 * at once: the database's unique index lets one win; the other is checked again and told why.
 */
export async function confirmPartnership(ctx: RequestContext, input: ConfirmPartnershipInput, attempt = 1): Promise<PartnershipRecord> {
  const errors = new ErrorCollector();
  const cohort = await checkCohort(ctx, errors, input.cohort);
  const previousCohort = cohort ? await findCohortByYear(ctx.db, cohort.startYear - 1) : null;
  const school = await checkSchool(ctx.db, errors, input.school_id, cohort, previousCohort, ctx.leadProvider.id);
  const deliveryPartner = await checkDeliveryPartner(ctx.db, errors, input.delivery_partner_id, cohort, ctx.leadProvider.id);
  errors.throwIfAny();
  if (!cohort || !school || !deliveryPartner) throw new Error('unreachable: checks passed without a cohort, school and delivery partner');

  // Reuse the provider's own row for this school and cohort: a challenged partnership is
  // confirmed again (same id), or a relationship row with this delivery partner is promoted.
  const [existing] = await ctx.db
    .select({ id: partnerships.id, relationship: partnerships.relationship })
    .from(partnerships)
    .where(and(
      eq(partnerships.leadProviderId, ctx.leadProvider.id),
      eq(partnerships.schoolId, school.id),
      eq(partnerships.cohortId, cohort.id),
      or(eq(partnerships.relationship, false), eq(partnerships.deliveryPartnerId, deliveryPartner.id)),
    ))
    .orderBy(partnerships.relationship)
    .limit(1);
  const target: ReportTarget = !existing
    ? {}
    : existing.relationship
      ? { existingId: existing.id, guard: sql`${partnerships.relationship} = 1` }
      : { existingId: existing.id, guard: or(isNotNull(partnerships.challengeReason), isNotNull(partnerships.challengedAt)) as ReturnType<typeof sql> };

  let id: string | null;
  try {
    id = await reportPartnership({
      db: ctx.db, now: ctx.now, leadProvider: ctx.leadProvider, school, cohort, deliveryPartner, target,
      schoolEmail: await schoolContactEmail(ctx.db, school), serviceUrl: ctx.config.SERVICE_URL, template: 'partnership_confirmed',
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    id = null;
  }
  // Lost a race (another confirmation got in first, or the row changed under us): check again,
  // which now reports why; if nothing is wrong any more, try once more.
  if (!id) {
    if (attempt >= 3) throw new Error('partnership confirmation kept conflicting');
    return confirmPartnership(ctx, input, attempt + 1);
  }
  return getPartnership(ctx, id);
}

export interface ConfirmManyInput {
  cohort: CohortRow;
  deliveryPartnerId: string;
  schoolIds: string[];
}

export type ConfirmManyResult =
  | { ok: true; partnershipIds: string[] }
  /** Schools that can no longer be confirmed (the data changed since they were checked): nothing was written. */
  | { ok: false; problems: Map<string, SchoolProblem> };

/**
 * Confirms partnerships with many schools and one delivery partner at once (the web service's
 * CSV upload): the same checks as `confirmPartnership`, and every school's writes in one batch,
 * so either all the partnerships (with their emails) are written or none is.
 */
export async function confirmPartnerships(ctx: RequestContext, input: ConfirmManyInput, attempt = 1): Promise<ConfirmManyResult> {
  const errors = new ErrorCollector();
  const deliveryPartner = await checkDeliveryPartner(ctx.db, errors, input.deliveryPartnerId, input.cohort, ctx.leadProvider.id);
  errors.throwIfAny();
  if (!deliveryPartner) throw new Error('unreachable: checks passed without a delivery partner');
  const schoolIds = [...new Set(input.schoolIds)];
  if (schoolIds.length === 0) return { ok: true, partnershipIds: [] };

  const schoolRows = await loadSchools(ctx.db, schoolIds);
  const previousCohort = await findCohortByYear(ctx.db, input.cohort.startYear - 1);
  const facts = await loadSchoolFacts(ctx.db, [...schoolRows.values()], input.cohort, previousCohort);
  const problems = new Map<string, SchoolProblem>();
  for (const id of schoolIds) {
    const problem = schoolProblem(facts.get(id) ?? { school: null, confirmedWith: null, confirmedLastCohort: false, hasSchoolCohort: false }, ctx.leadProvider.id);
    if (problem) problems.set(id, problem);
  }
  if (problems.size > 0) return { ok: false, problems };

  const existing = await existingRows(ctx, schoolIds, input.cohort.id, deliveryPartner.id);
  const contacts = await schoolContactEmails(ctx.db, schoolIds);
  const { ids, statements } = reportPartnershipsStatements({
    db: ctx.db, now: ctx.now, leadProvider: ctx.leadProvider, cohort: input.cohort, deliveryPartner,
    serviceUrl: ctx.config.SERVICE_URL, template: 'partnership_confirmed',
    // A guarded update that no longer matches (the row changed since it was read) aborts the
    // whole batch, as a unique index does for a new row: all or nothing.
    strict: true,
    items: schoolIds.map((schoolId) => {
      const row = existing.get(schoolId);
      const target: ReportTarget = !row ? {} : { existingId: row.id, guard: row.relationship ? promotableRelationship : reconfirmableChallenge };
      return { school: schoolRows.get(schoolId)!, target, schoolEmail: contacts.get(schoolId) ?? null };
    }),
  });
  try {
    await runBatch(ctx.db, statements);
  } catch (err) {
    if (!isUniqueViolation(err) && !isAbortedBatch(err)) throw err;
    // Lost a race: check again, which now names the schools at fault; else try once more.
    if (attempt >= 3) throw new Error('partnership confirmation kept conflicting');
    return confirmPartnerships(ctx, input, attempt + 1);
  }
  return { ok: true, partnershipIds: ids };
}

// Shared guard objects: the report groups the updates of existing rows by guard.
const promotableRelationship = sql`${partnerships.relationship} = 1`;
const reconfirmableChallenge = or(isNotNull(partnerships.challengeReason), isNotNull(partnerships.challengedAt)) as ReturnType<typeof sql>;

const idsJson = (ids: string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
const CHUNK = 2_000;

async function loadSchools(db: Db, ids: string[]): Promise<Map<string, SchoolRow>> {
  const found = new Map<string, SchoolRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const row of await db.select().from(schools).where(sql`${schools.id} IN ${idsJson(ids.slice(i, i + CHUNK))}`)) found.set(row.id, row);
  }
  return found;
}

/** The provider's own rows per school, as `confirmPartnership` picks them (main row first). */
async function existingRows(ctx: RequestContext, ids: string[], cohortId: string, deliveryPartnerId: string) {
  const found = new Map<string, { id: string; relationship: boolean }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db.select({ id: partnerships.id, schoolId: partnerships.schoolId, relationship: partnerships.relationship })
      .from(partnerships)
      .where(and(
        eq(partnerships.leadProviderId, ctx.leadProvider.id),
        eq(partnerships.cohortId, cohortId),
        sql`${partnerships.schoolId} IN ${idsJson(ids.slice(i, i + CHUNK))}`,
        or(eq(partnerships.relationship, false), eq(partnerships.deliveryPartnerId, deliveryPartnerId)),
      ))
      .orderBy(partnerships.relationship);
    for (const row of rows) if (!found.has(row.schoolId)) found.set(row.schoolId, row);
  }
  return found;
}

/** `schoolContactEmail` for many schools at once: the first induction tutor, else the GIAS contacts. */
async function schoolContactEmails(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.all<{ id: string; email: string | null }>(sql`
      SELECT s.id, coalesce((
        SELECT u.email FROM ${inductionCoordinators} ic JOIN ${users} u ON u.id = ic.user_id
        WHERE ic.school_id = s.id ORDER BY ic.created_at, ic.id LIMIT 1
      ), s.primary_contact_email, s.secondary_contact_email) AS email
      FROM ${schools} s WHERE s.id IN ${idsJson(ids.slice(i, i + CHUNK))}
    `);
    for (const row of rows) found.set(row.id, row.email);
  }
  return found;
}
