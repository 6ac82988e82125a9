import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { createDeliveryPartner, setProviderRelationships, updateDeliveryPartner } from '../services/delivery-partners/manage-delivery-partners';
import { attributes, attributesBody, operatorContext, operatorRoute, resource, single, tag } from './shared';

const tags = tag('delivery partners');
const DeliveryPartnerSchema = resource('delivery-partner', { name: z.string() }).openapi('OperatorDeliveryPartnerResponse');
const RelationshipSchema = resource('provider-relationship', {
  lead_provider_id: z.string(), delivery_partner_id: z.string(),
  cohorts: z.array(z.number().int()).openapi({ description: 'The cohorts the pair now runs together' }),
}).openapi('OperatorProviderRelationshipResponse');

export function deliveryPartnerRoutes() {
  const api = new OpenAPIHono<AppEnv>();

  api.openapi(operatorRoute({
    method: 'post', path: '/delivery-partners', operationId: 'create_delivery_partner', tags,
    summary: 'Create a delivery partner', description: 'Providers see it once it runs a cohort with them (provider relationships).',
    body: attributesBody({ name: { type: 'string', description: 'Name', example: 'Northern Teaching School Hub' } }, ['name']),
    response: DeliveryPartnerSchema,
  }), async (c) => {
    const dp = await createDeliveryPartner(operatorContext(c), await attributes(c));
    return c.json(single(dp.id, 'delivery-partner' as const, { name: dp.name }), 200);
  });

  api.openapi(operatorRoute({
    method: 'patch', path: '/delivery-partners/{id}', operationId: 'update_delivery_partner', tags, withId: 'The delivery partner’s id',
    summary: 'Rename a delivery partner', description: 'Its `updated_at` moves, so providers following changes see the new name.',
    body: attributesBody({ name: { type: 'string', description: 'New name' } }, ['name']),
    response: DeliveryPartnerSchema,
  }), async (c) => {
    const dp = await updateDeliveryPartner(operatorContext(c), c.req.param('id')!, await attributes(c));
    return c.json(single(dp.id, 'delivery-partner' as const, { name: dp.name }), 200);
  });

  api.openapi(operatorRoute({
    method: 'put', path: '/provider-relationships', operationId: 'set_provider_relationships', tags,
    summary: 'Say which cohorts a lead provider and delivery partner run together',
    description: '`cohorts` is the whole list: cohorts left out are discarded (no new partnerships with the pair in them). Sending the same list again changes nothing.',
    body: attributesBody({
      lead_provider_id: { type: 'string', description: 'The lead provider' }, delivery_partner_id: { type: 'string', description: 'The delivery partner' },
      cohorts: { type: 'array', items: { type: 'integer' as const }, description: 'Start years', example: [2025, 2026] },
    }, ['lead_provider_id', 'delivery_partner_id', 'cohorts']),
    response: RelationshipSchema,
  }), async (c) => {
    const r = await setProviderRelationships(operatorContext(c), await attributes(c));
    return c.json(single(`${r.lead_provider_id}:${r.delivery_partner_id}`, 'provider-relationship' as const, r), 200);
  });

  return api;
}
