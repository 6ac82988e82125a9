import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { createLeadProvider } from '../services/lead-providers/create-lead-provider';
import { openStatements } from '../services/lead-providers/open-statements';
import { updateLeadProvider } from '../services/lead-providers/update-lead-provider';
import { createProviderToken, createWebUser } from '../services/operators/provider-access';
import { attributes, attributesBody, operatorContext, operatorRoute, resource, single, tag } from './shared';

const tags = tag('lead providers');
const cohortsProperty = { type: 'array' as const, items: { type: 'integer' as const }, description: 'Start years of the cohorts the provider is contracted for; each cohort’s statements open from DfE’s calendar', example: [2025] };
const LeadProviderSchema = resource('lead-provider', {
  name: z.string(),
  cohorts: z.array(z.number().int()).openapi({ description: 'Cohorts the provider holds a contract for' }),
}).openapi('OperatorLeadProviderResponse');

const ApiTokenSchema = resource('api-token', {
  lead_provider_id: z.string(),
  token: z.string().openapi({ description: 'The token: shown this once only, never stored. Give it to the provider through a secure channel.' }),
  description: z.string().nullable(),
}).openapi('OperatorApiTokenResponse');

const WebUserSchema = resource('web-user', {
  lead_provider_id: z.string(),
  email: z.string(),
  welcome_email: z.enum(['sent', 'queued']).openapi({ description: 'sent through GOV.UK Notify, or queued in the outbox when Notify is not configured' }),
}).openapi('OperatorWebUserResponse');

/** A lead provider as the operator API answers it. */
const leadProviderJson = (lp: { id: string; name: string; cohorts: number[] }) =>
  single(lp.id, 'lead-provider' as const, { name: lp.name, cohorts: lp.cohorts });

export function leadProviderRoutes() {
  const api = new OpenAPIHono<AppEnv>();

  api.openapi(operatorRoute({
    method: 'post', path: '/lead-providers', operationId: 'create_lead_provider', tags,
    summary: 'Create a lead provider', description: 'DfE contracts a lead provider. Its statements for the given cohorts open from DfE’s statement calendar.',
    body: attributesBody({ name: { type: 'string', description: 'Unique name', example: 'Ambition Institute' }, cohorts: cohortsProperty }, ['name']),
    response: LeadProviderSchema,
  }), async (c) => {
    const lp = await createLeadProvider(operatorContext(c), await attributes(c));
    return c.json(leadProviderJson(lp), 200);
  });

  api.openapi(operatorRoute({
    method: 'patch', path: '/lead-providers/{id}', operationId: 'update_lead_provider', tags, withId: 'The lead provider’s id',
    summary: 'Rename a lead provider or add cohorts to its contract', description: 'Cohorts given are added (their statements open); none are taken away.',
    body: attributesBody({ name: { type: 'string', description: 'New unique name' }, cohorts: cohortsProperty }),
    response: LeadProviderSchema,
  }), async (c) => {
    const lp = await updateLeadProvider(operatorContext(c), c.req.param('id')!, await attributes(c));
    return c.json(leadProviderJson(lp), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/lead-providers/{id}/statements', operationId: 'open_statements', tags, withId: 'The lead provider’s id',
    summary: 'Open a lead provider’s statements for a cohort', description: 'Creates the cohort’s statements from DfE’s calendar (and the contract for the cohort). Running it again changes nothing.',
    body: attributesBody({ cohort: { type: 'integer', description: 'Start year of the cohort', example: 2025 } }, ['cohort']),
    response: LeadProviderSchema,
  }), async (c) => {
    const lp = await openStatements(operatorContext(c), c.req.param('id')!, await attributes(c));
    return c.json(leadProviderJson(lp), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/lead-providers/{id}/api-tokens', operationId: 'create_api_token', tags, withId: 'The lead provider’s id',
    summary: 'Create an API token for a lead provider', description: 'The token is in the response only: only its hash is kept, and the audit never records it.',
    body: attributesBody({ description: { type: 'string', description: 'What the token is for', example: 'Production integration' } }),
    response: ApiTokenSchema,
  }), async (c) => {
    const t = await createProviderToken(operatorContext(c), c.req.param('id')!, await attributes(c));
    return c.json(single(t.id, 'api-token' as const, { lead_provider_id: t.lead_provider_id, token: t.token, description: t.description }), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/lead-providers/{id}/users', operationId: 'create_web_user', tags, withId: 'The lead provider’s id',
    summary: 'Give a person at a lead provider a web service account', description: 'They are sent the welcome email, with the sign-in link.',
    body: attributesBody({ email: { type: 'string', description: 'Their work email', example: 'jo@example.com' }, full_name: { type: 'string', description: 'Their name', example: 'Jo Bloggs' } }, ['email', 'full_name']),
    response: WebUserSchema,
  }), async (c) => {
    const u = await createWebUser(operatorContext(c), c.req.param('id')!, await attributes(c));
    return c.json(single(u.id, 'web-user' as const, { lead_provider_id: u.lead_provider_id, email: u.email, welcome_email: u.welcome_email as 'sent' | 'queued' }), 200);
  });

  return api;
}

