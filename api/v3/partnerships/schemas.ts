import { z } from '@hono/zod-openapi';
import { challengeReasons } from '../../services/partnerships/messages';

export const ECFPartnershipAttributesSchema = z.object({
  cohort: z.string().openapi({ description: 'The cohort (start year) of the partnership', example: '2025' }),
  urn: z.string().openapi({ description: 'URN of the school', example: '123456' }),
  school_id: z.string().openapi({ format: 'uuid', description: 'Id of the school', example: 'dd4a1134-7308-4879-942a-c4a70ced400a' }),
  delivery_partner_id: z.string().openapi({ format: 'uuid', description: 'Id of the delivery partner', example: 'cd3a1234-7308-4879-942a-c4a70ced400a' }),
  delivery_partner_name: z.string().openapi({ description: 'Name of the delivery partner', example: 'Northern Teaching Partnership' }),
  status: z.enum(['active', 'challenged']).openapi({ description: 'challenged once the school has said the partnership is wrong; otherwise active', example: 'active' }),
  challenged_reason: z.enum(challengeReasons).nullable().openapi({ description: 'Why the school challenged the partnership', example: null }),
  challenged_at: z.string().nullable().openapi({ format: 'date-time', description: 'When the school challenged the partnership', example: null }),
  induction_tutor_name: z.string().nullable().openapi({ description: 'Name of the school’s induction tutor', example: 'Sam Taylor' }),
  induction_tutor_email: z.string().openapi({ description: 'Email of the school’s induction tutor, or the school’s contact email', example: 'sam.taylor@example.sch.uk' }),
  updated_at: z.string().openapi({ format: 'date-time', description: 'When the partnership, its school, delivery partner or induction tutor last changed', example: '2025-05-31T02:22:32Z' }),
  created_at: z.string().openapi({ format: 'date-time', example: '2025-05-31T02:22:32Z' }),
}).openapi('ECFPartnershipAttributes');

export const ECFPartnershipSchema = z.object({
  id: z.string().openapi({ format: 'uuid', example: 'cd3a1234-7308-4879-942a-c4a70ced400a' }),
  type: z.literal('partnership'),
  attributes: ECFPartnershipAttributesSchema,
}).openapi('ECFPartnership');

export const MultipleECFPartnershipsResponseSchema = z.object({ data: z.array(ECFPartnershipSchema) }).openapi('MultipleECFPartnershipsResponse');
export const ECFPartnershipResponseSchema = z.object({ data: ECFPartnershipSchema }).openapi('ECFPartnershipResponse');

export const PartnershipsFilterSchema = z.object({
  cohort: z.string().openapi({ description: 'Only partnerships in these cohorts: start years separated by commas', example: '2024,2025' }),
  updated_since: z.string().openapi({ description: 'Only partnerships changed at or after this time (RFC 3339)', example: '2025-01-13T11:21:55Z' }),
  delivery_partner_id: z.string().openapi({ description: 'Only partnerships with these delivery partners: ids separated by commas' }),
}).partial().openapi('PartnershipsFilter');

// Request bodies are documented here but read by our own code, so that every business-rule
// failure is a 422 naming its attribute rather than a generic schema error.
export const ECFPartnershipRequestSchema = z.object({
  data: z.object({
    type: z.enum(['ecf-partnership']),
    attributes: z.object({
      cohort: z.string().openapi({ description: 'Start year of the cohort', example: '2025' }),
      school_id: z.string().openapi({ format: 'uuid', description: 'Id of the school, from GET /api/v3/schools/ecf' }),
      delivery_partner_id: z.string().openapi({ format: 'uuid', description: 'Id of the delivery partner, from GET /api/v3/delivery-partners' }),
    }),
  }),
}).openapi('ECFPartnershipRequest');

export const ECFPartnershipUpdateRequestSchema = z.object({
  data: z.object({
    type: z.enum(['ecf-partnership-update']),
    attributes: z.object({
      delivery_partner_id: z.string().openapi({ format: 'uuid', description: 'Id of the new delivery partner' }),
    }),
  }),
}).openapi('ECFPartnershipUpdateRequest');

export const jsonBodyRef = (name: string, description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
});
