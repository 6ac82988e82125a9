import { uuidFromName } from '../../ids';
import { cohortId } from '../../reference-data/load';
import { deliveryPartners, providerRelationships } from '../../schema';
import { COHORT_YEARS, DAY, utc } from './calendar';
import type { SandboxGenerator } from './generator';
import type { Row, LeadProviderPlan } from './plans';

// ---------------------------------------------------------------------------------------------
// Delivery partners and provider relationships

export async function seedDeliveryPartners(g: SandboxGenerator): Promise<void> {
  const rng = g.rng.fork('delivery-partners');
  const dpRows: Row<typeof deliveryPartners>[] = [];
  const relRows: Row<typeof providerRelationships>[] = [];

  const addDp = (key: string, firstYear: number, discarded: boolean): string => {
    const id = uuidFromName(`delivery-partner:${key}`);
    const createdAt = g.time.at('delivery_partners.created_at', utc(firstYear, 3, 1) + rng.next() * 120 * DAY);
    const discardedAt = discarded ? g.time.after('delivery_partners.discarded_at', createdAt) : null;
    const updatedAt = discardedAt ? g.time.at('delivery_partners.updated_at', discardedAt.getTime()) : g.time.after('delivery_partners.updated_at', createdAt);
    dpRows.push({ id, name: g.dpName(rng), discardedAt, createdAt, updatedAt });
    g.dpUpdatedAt.set(id, updatedAt.getTime());
    return id;
  };
  const addRelationship = (lp: LeadProviderPlan, dpId: string, year: number, discarded: boolean) => {
    const createdAt = g.time.at('provider_relationships.created_at', utc(year, 3, 1) + rng.next() * 90 * DAY);
    const discardedAt = discarded ? g.time.after('provider_relationships.discarded_at', createdAt, 365) : null;
    relRows.push({
      id: uuidFromName(`provider-relationship:${lp.id}:${dpId}:${year}`),
      leadProviderId: lp.id, deliveryPartnerId: dpId, cohortId: cohortId(year), discardedAt, createdAt,
      updatedAt: discardedAt ? g.time.at('provider_relationships.updated_at', discardedAt.getTime()) : g.time.after('provider_relationships.updated_at', createdAt),
    });
    if (!discarded) lp.dps.get(year)!.push(dpId);
  };

  for (const lp of g.lps) {
    const schoolsCount = g.schoolsFor(lp);
    const own = Math.min(40, Math.max(3, Math.round(schoolsCount / 5)));
    for (let j = 0; j < own; j++) {
      // The first two work with the provider in every cohort; others joined later.
      const firstYear = j < 2 ? 2021 : rng.weighted<number>([[2021, 5], [2022, 2], [2023, 2], [2024, 1]]);
      const dpId = addDp(`${lp.name}:${j}`, firstYear, false);
      for (const y of COHORT_YEARS) if (y >= firstYear) addRelationship(lp, dpId, y, false);
    }
    // A delivery partner that stopped working with the provider: its relationships are discarded.
    const former = addDp(`${lp.name}:former`, 2021, false);
    addRelationship(lp, former, 2021, true);
    addRelationship(lp, former, 2022, true);
  }
  // Shared delivery partners: each works with two neighbouring providers in every cohort.
  for (const lp of g.lps) {
    const next = g.lps[(lp.index + 1) % g.lps.length]!;
    const dpId = addDp(`shared:${lp.name}:${next.name}`, 2021, false);
    for (const y of COHORT_YEARS) {
      addRelationship(lp, dpId, y, false);
      addRelationship(next, dpId, y, false);
    }
  }
  // Discarded (soft-deleted) delivery partners, invisible everywhere; their old relationships remain.
  for (let k = 0; k < 3; k++) {
    const lp = g.lps[k * 2]!;
    const dpId = addDp(`discarded:${k}`, 2021, true);
    for (const y of [2021, 2022]) {
      const createdAt = g.time.at('provider_relationships.created_at', utc(y, 3, 1) + rng.next() * 90 * DAY);
      relRows.push({
        id: uuidFromName(`provider-relationship:${lp.id}:${dpId}:${y}`),
        leadProviderId: lp.id, deliveryPartnerId: dpId, cohortId: cohortId(y), discardedAt: null,
        createdAt, updatedAt: g.time.after('provider_relationships.updated_at', createdAt),
      });
    }
  }

  await g.insert(deliveryPartners, dpRows);
  await g.insert(providerRelationships, relRows);
  g.progress('delivery partners and provider relationships');
}
