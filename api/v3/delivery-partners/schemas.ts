import { z } from '@hono/zod-openapi';

export const DeliveryPartnerAttributesSchema = z.object({
  name: z.string().openapi({ description: 'Name of the delivery partner', example: 'Northern Teaching Partnership' }),
  cohort: z.array(z.string()).openapi({ description: 'Cohorts (start years) in which you may confirm partnerships with this delivery partner', example: ['2023', '2024'] }),
  created_at: z.string().openapi({ format: 'date-time', example: '2024-05-31T02:22:32Z' }),
  updated_at: z.string().openapi({ format: 'date-time', example: '2024-05-31T02:22:32Z' }),
}).openapi('DeliveryPartnerAttributes');

export const DeliveryPartnerSchema = z.object({
  id: z.string().openapi({ format: 'uuid', example: 'cd3a1234-7308-4879-942a-c4a70ced400a' }),
  type: z.literal('delivery-partner'),
  attributes: DeliveryPartnerAttributesSchema,
}).openapi('DeliveryPartner');

export const DeliveryPartnersResponseSchema = z.object({ data: z.array(DeliveryPartnerSchema) }).openapi('DeliveryPartnersResponse');
export const DeliveryPartnerResponseSchema = z.object({ data: DeliveryPartnerSchema }).openapi('DeliveryPartnerResponse');

export const DeliveryPartnersFilterSchema = z.object({
  cohort: z.string().openapi({ description: 'Only delivery partners you work with in these cohorts: start years separated by commas', example: '2023,2024' }),
}).partial().openapi('DeliveryPartnersFilter');
