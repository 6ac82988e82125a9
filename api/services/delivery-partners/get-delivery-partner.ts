import { and, eq, exists, isNull } from 'drizzle-orm';
import { deliveryPartners } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { deliveryPartnerColumns, relationshipExists, toDeliveryPartnerRecord, type DeliveryPartnerRecord } from './visibility';

/** One delivery partner with any relationship with the caller (any cohort); otherwise not found. */
export async function getDeliveryPartner(ctx: RequestContext, id: string): Promise<DeliveryPartnerRecord> {
  const { db, leadProvider } = ctx;
  const [row] = await db
    .select(deliveryPartnerColumns(leadProvider.id))
    .from(deliveryPartners)
    .where(and(
      eq(deliveryPartners.id, id),
      isNull(deliveryPartners.discardedAt),
      exists(relationshipExists(db, leadProvider.id)),
    ))
    .limit(1);
  if (!row) throw new NotFoundError('delivery partner');
  return toDeliveryPartnerRecord(row);
}
