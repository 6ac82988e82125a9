import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohorts, deliveryPartners, providerRelationships } from '../../../db/schema';

/**
 * A delivery partner is visible to a lead provider when they have a (not discarded) provider
 * relationship; `cohortCondition` narrows the relationships that count.
 */
export function relationshipExists(db: Db, leadProviderId: string, cohortCondition?: SQL) {
  return db
    .select({ one: sql`1` })
    .from(providerRelationships)
    .innerJoin(cohorts, eq(cohorts.id, providerRelationships.cohortId))
    .where(and(
      eq(providerRelationships.deliveryPartnerId, deliveryPartners.id),
      eq(providerRelationships.leadProviderId, leadProviderId),
      isNull(providerRelationships.discardedAt),
      cohortCondition,
    ));
}

/** Start years of every cohort the DP works with the lead provider in, as one correlated column. */
export function relationshipCohortsColumn(leadProviderId: string) {
  // Written with aliases: drizzle leaves columns unqualified inside sql``, which would be ambiguous here.
  return sql<string | null>`(
    SELECT group_concat(DISTINCT c.start_year)
    FROM ${providerRelationships} pr
    JOIN ${cohorts} c ON c.id = pr.cohort_id
    WHERE pr.delivery_partner_id = "delivery_partners"."id"
      AND pr.lead_provider_id = ${leadProviderId}
      AND pr.discarded_at IS NULL
  )`;
}

export interface DeliveryPartnerRecord {
  id: string;
  name: string;
  cohorts: string[];
  createdAt: Date;
  updatedAt: Date;
}

export function toDeliveryPartnerRecord(row: { id: string; name: string; cohorts: string | null; createdAt: Date; updatedAt: Date }): DeliveryPartnerRecord {
  const cohortList = row.cohorts ? row.cohorts.split(',').sort() : [];
  return { id: row.id, name: row.name, cohorts: cohortList, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function deliveryPartnerColumns(leadProviderId: string) {
  return {
    id: deliveryPartners.id,
    name: deliveryPartners.name,
    createdAt: deliveryPartners.createdAt,
    updatedAt: deliveryPartners.updatedAt,
    cohorts: relationshipCohortsColumn(leadProviderId),
  };
}


