import { and, eq, isNull, ne } from 'drizzle-orm';
import { isUniqueViolation } from '../../../db/errors';
import { cohorts, partnerships, schools } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { ErrorCollector, NotFoundError } from '../../errors/api-error';
import { schoolContactEmail } from '../schools/school-contact';
import { getPartnership } from './get-partnership';
import { partnershipMessages as m } from './messages';
import type { PartnershipRecord } from './partnership-queries';
import { visibleTo } from './partnership-queries';
import { checkDeliveryPartner } from './partnership-rules';
import { reportPartnership } from './report-partnership';

/**
 * A provider changes the delivery partner of one of its active partnerships. The same delivery
 * partner changes nothing. A challenged partnership cannot be changed: the provider confirms a
 * new one instead.
 */
export async function changeDeliveryPartner(ctx: RequestContext, id: string, input: { delivery_partner_id?: unknown }): Promise<PartnershipRecord> {
  const [row] = await ctx.db
    .select({ partnership: partnerships, cohort: cohorts, school: schools })
    .from(partnerships)
    .innerJoin(cohorts, eq(cohorts.id, partnerships.cohortId))
    .innerJoin(schools, eq(schools.id, partnerships.schoolId))
    .where(and(eq(partnerships.id, id), visibleTo(ctx.leadProvider.id)))
    .limit(1);
  if (!row) throw new NotFoundError('partnership');
  const { partnership, cohort, school } = row;

  const errors = new ErrorCollector();
  const deliveryPartner = await checkDeliveryPartner(ctx.db, errors, input.delivery_partner_id, cohort, ctx.leadProvider.id);
  const challenged = partnership.challengeReason !== null || partnership.challengedAt !== null;
  if (!errors.has('delivery_partner_id') && challenged) errors.add('delivery_partner_id', m.challenged);
  if (!errors.has('delivery_partner_id') && deliveryPartner) {
    const [relationshipRow] = await ctx.db.select({ id: partnerships.id }).from(partnerships).where(and(
      eq(partnerships.leadProviderId, ctx.leadProvider.id), eq(partnerships.schoolId, school.id), eq(partnerships.cohortId, cohort.id),
      eq(partnerships.deliveryPartnerId, deliveryPartner.id), eq(partnerships.relationship, true), ne(partnerships.id, id),
    )).limit(1);
    if (relationshipRow) errors.add('delivery_partner_id', m.relationshipExists);
  }
  errors.throwIfAny();
  if (!deliveryPartner) throw new Error('unreachable: checks passed without a delivery partner');
  if (deliveryPartner.id === partnership.deliveryPartnerId) return getPartnership(ctx, id);

  let changed: string | null = null;
  try {
    changed = await reportPartnership({
      db: ctx.db, now: ctx.now, leadProvider: ctx.leadProvider, school, cohort, deliveryPartner,
      // Only while still unchallenged: a challenge that lands first wins.
      target: { existingId: id, guard: and(isNull(partnerships.challengeReason), isNull(partnerships.challengedAt)) as never },
      schoolEmail: await schoolContactEmail(ctx.db, school), serviceUrl: ctx.config.SERVICE_URL, template: 'partnership_delivery_partner_changed',
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  if (!changed) {
    const retryErrors = new ErrorCollector();
    retryErrors.add('delivery_partner_id', m.challenged);
    retryErrors.throwIfAny();
  }
  return getPartnership(ctx, id);
}
