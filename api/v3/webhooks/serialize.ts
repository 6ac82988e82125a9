import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../../../db/schema';
import { resource } from '../../http/envelope';
import { rfc3339 } from '../../http/time';
import type { EventType } from '../../services/events/event-types';

export function serializeWebhook(w: WebhookSubscriptionRow) {
  return resource('webhook', w.id, {
    url: w.url,
    event_types: w.eventTypes ? JSON.parse(w.eventTypes) as EventType[] : null,
    state: w.state,
    cursor: String(w.cursor),
    consecutive_failures: w.consecutiveFailures,
    disabled_at: rfc3339(w.disabledAt),
    created_at: rfc3339(w.createdAt),
    updated_at: rfc3339(w.updatedAt),
  });
}

/** Only at creation and rotation: the secret, once. */
export function serializeWebhookWithSecret(w: WebhookSubscriptionRow) {
  const out = serializeWebhook(w);
  return { ...out, attributes: { ...out.attributes, secret: w.secret } };
}

export function serializeDelivery(d: WebhookDeliveryRow) {
  return resource('webhook-delivery', String(d.eventSeq), {
    event_type: d.eventType as EventType,
    resource_id: d.resourceId,
    state: d.state,
    attempts: d.attempts,
    last_attempt_at: rfc3339(d.lastAttemptAt),
    last_status: d.lastStatus,
    last_error: d.lastError,
    next_attempt_at: d.state === 'pending' ? rfc3339(d.nextAttemptAt) : null,
    delivered_at: rfc3339(d.deliveredAt),
    created_at: rfc3339(d.createdAt),
  });
}
