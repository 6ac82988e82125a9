import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../../db/errors';
import { partnerships } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { ErrorCollector } from '../../errors/api-error';
import { findCohortByYear, type CohortRow } from '../cohorts/find-cohort';
import { schoolContactEmail } from '../schools/school-contact';
import { partnershipMessages as m } from './messages';
import { getPartnership } from './get-partnership';
import type { PartnershipRecord } from './partnership-queries';
import { checkDeliveryPartner, checkSchool } from './partnership-rules';
import { reportPartnership, type ReportTarget } from './report-partnership';

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
