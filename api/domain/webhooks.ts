/** A subscription is active until we disable it after repeated failure (deleting removes it). */
export const webhookSubscriptionStates = ['active', 'disabled'] as const;
export type WebhookSubscriptionState = (typeof webhookSubscriptionStates)[number];

/** A delivery waits (and is retried) while pending; delivered and failed are final. */
export const webhookDeliveryStates = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];
