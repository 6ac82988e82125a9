import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { deliveryPartners, leadProviders, providerRelationships } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import { ErrorCollector, NotFoundError } from '../../errors/api-error';
import { operatorAudit } from '../operators/audit';
import { cohortYears, requiredId, requiredName } from '../operators/input';
import { knownCohorts } from '../lead-providers/contracts';
import { runBatch } from '../../../db/batch';

// DfE's records of delivery partners and of which cohorts each lead provider and delivery
// partner pair runs (the provider relationships partnerships need).


async function findDeliveryPartner(db: Db, id: string) {
  const [row] = await db.select().from(deliveryPartners).where(and(eq(deliveryPartners.id, id), isNull(deliveryPartners.discardedAt))).limit(1);
  if (!row) throw new NotFoundError('delivery partner');
  return row;
}

export async function createDeliveryPartner(ctx: OperatorContext, input: { name?: unknown }) {
  const errors = new ErrorCollector();
  const name = requiredName(errors, input.name);
  errors.throwIfAny();
  const id = crypto.randomUUID();
  await runBatch(ctx.db, [
    ctx.db.insert(deliveryPartners).values({ id, name: name!, createdAt: ctx.now, updatedAt: ctx.now }),
    operatorAudit(ctx, 'create_delivery_partner', [id], input),
  ]);
  return { id, name: name! };
}

export async function updateDeliveryPartner(ctx: OperatorContext, id: string, input: { name?: unknown }) {
  await findDeliveryPartner(ctx.db, id);
  const errors = new ErrorCollector();
  const name = requiredName(errors, input.name);
  errors.throwIfAny();
  await runBatch(ctx.db, [
    // updated_at moves: the name is what providers' delivery partner lists show.
    ctx.db.update(deliveryPartners).set({ name: name!, updatedAt: ctx.now }).where(eq(deliveryPartners.id, id)),
    operatorAudit(ctx, 'update_delivery_partner', [id], input),
  ]);
  return { id, name: name! };
}

/**
 * Says which cohorts a lead provider and delivery partner run together: `cohorts` is the whole
 * list (cohorts left out are discarded, so the pair can no longer be used for new partnerships).
 */
export async function setProviderRelationships(ctx: OperatorContext, input: { lead_provider_id?: unknown; delivery_partner_id?: unknown; cohorts?: unknown }) {
  const errors = new ErrorCollector();
  const lpId = requiredId(errors, input.lead_provider_id, 'lead_provider_id');
  const dpId = requiredId(errors, input.delivery_partner_id, 'delivery_partner_id');
  if (input.cohorts === undefined) errors.add('cohorts', 'Enter cohorts as a list of start years, for example [2025].');
  const cohorts = await knownCohorts(ctx.db, errors, cohortYears(errors, input.cohorts ?? []));
  const [lp] = lpId ? await ctx.db.select({ id: leadProviders.id }).from(leadProviders).where(eq(leadProviders.id, lpId)).limit(1) : [];
  if (lpId && !lp) errors.add('lead_provider_id', 'There is no lead provider with that id.');
  const [dp] = dpId ? await ctx.db.select({ id: deliveryPartners.id }).from(deliveryPartners).where(and(eq(deliveryPartners.id, dpId), isNull(deliveryPartners.discardedAt))).limit(1) : [];
  if (dpId && !dp) errors.add('delivery_partner_id', 'There is no delivery partner with that id.');
  errors.throwIfAny();
  const t = ctx.now.getTime();
  const keep = [...cohorts!.values()];
  const pair = sql`lead_provider_id = ${lpId} AND delivery_partner_id = ${dpId}`;
  await runBatch(ctx.db, [
    ...keep.map((cohortId) => ctx.db.run(sql`
      INSERT INTO ${providerRelationships} (id, lead_provider_id, delivery_partner_id, cohort_id, created_at, updated_at)
      SELECT ${crypto.randomUUID()}, ${lpId}, ${dpId}, ${cohortId}, ${t}, ${t}
      WHERE NOT EXISTS (SELECT 1 FROM ${providerRelationships} WHERE ${pair} AND cohort_id = ${cohortId} AND discarded_at IS NULL)`)),
    ctx.db.run(sql`UPDATE ${providerRelationships} SET discarded_at = ${t}, updated_at = ${t}
      WHERE ${pair} AND discarded_at IS NULL AND cohort_id NOT IN (SELECT value FROM json_each(${JSON.stringify(keep)}))`),
    // The delivery partner's cohorts are part of what providers see of it.
    ctx.db.update(deliveryPartners).set({ updatedAt: ctx.now }).where(eq(deliveryPartners.id, dpId!)),
    operatorAudit(ctx, 'set_provider_relationships', [lpId!, dpId!], input),
  ]);
  const rows = await ctx.db.select({ cohortId: providerRelationships.cohortId }).from(providerRelationships)
    .where(and(eq(providerRelationships.leadProviderId, lpId!), eq(providerRelationships.deliveryPartnerId, dpId!), isNull(providerRelationships.discardedAt)));
  const years = [...cohorts!.entries()].filter(([, id]) => rows.some((r) => r.cohortId === id)).map(([y]) => y).sort();
  return { lead_provider_id: lpId!, delivery_partner_id: dpId!, cohorts: years };
}
