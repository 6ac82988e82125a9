import { and, asc, exists, isNull } from 'drizzle-orm';
import { deliveryPartners } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { cohortYearCondition } from '../cohorts/cohort-condition';
import { deliveryPartnerColumns, relationshipExists, toDeliveryPartnerRecord, type DeliveryPartnerRecord } from './visibility';

export interface ListDeliveryPartnersInput {
  cohortYears: number[] | null;
  sort: string | undefined;
  page: Page;
}

/** Sortable by any of the delivery partner's own columns, as the contract allows. */
const sortable = {
  name: deliveryPartners.name,
  created_at: deliveryPartners.createdAt,
  updated_at: deliveryPartners.updatedAt,
  id: deliveryPartners.id,
};

/** Delivery partners working with the caller in the given cohorts; one query for the page. */
export async function listDeliveryPartners(ctx: RequestContext, input: ListDeliveryPartnersInput): Promise<DeliveryPartnerRecord[]> {
  const { db, leadProvider } = ctx;
  const rows = await db
    .select(deliveryPartnerColumns(leadProvider.id))
    .from(deliveryPartners)
    .where(and(
      isNull(deliveryPartners.discardedAt),
      exists(relationshipExists(db, leadProvider.id, cohortYearCondition(input.cohortYears))),
    ))
    .orderBy(...parseSort(input.sort, sortable, [asc(deliveryPartners.createdAt)], deliveryPartners.id))
    .limit(input.page.perPage)
    .offset(input.page.offset);
  return rows.map(toDeliveryPartnerRecord);
}
