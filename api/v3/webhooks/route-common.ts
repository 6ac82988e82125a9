import { idParam } from '../../openapi/parameters';

// What every webhook operation shares: an extension, documented as such.
export const webhookRouteBase = {
  tags: ['Extensions'],
  security: [{ bearerAuth: [] }],
  'x-extension': true,
};

export const WebhookIdParam = idParam('The webhook’s id');
