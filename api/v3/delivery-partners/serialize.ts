import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { DeliveryPartnerRecord } from '../../services/delivery-partners/visibility';

export function serializeDeliveryPartner(dp: DeliveryPartnerRecord) {
  return resource('delivery-partner', dp.id, {
    name: dp.name,
    cohort: dp.cohorts,
    created_at: rfc3339(dp.createdAt),
    updated_at: rfc3339(dp.updatedAt),
  });
}
