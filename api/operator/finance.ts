import { OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { statements } from '../../db/schema';
import type { AppEnv } from '../context';
import { operatorChallenge, operatorCloseStatement, operatorMarkStatementPaid } from '../services/operators/school-events';
import { revokeProviderToken, revokeWebUser } from '../services/operators/provider-access';
import { attributes, attributesBody, operatorContext, operatorRoute, resource, single, tag } from './shared';

// Statements, challenges and revoking provider access: DfE's side of partnerships and payments.

const StatementSchema = resource('statement', {
  state: z.enum(['open', 'payable', 'paid']), marked_as_paid_at: z.string().nullable(),
}).openapi('OperatorStatementResponse');
const ChallengeSchema = resource('partnership', { challenged_reason: z.string() }).openapi('OperatorChallengeResponse');
const RevokedUserSchema = resource('web-user', { lead_provider_id: z.string(), revoked_at: z.string() }).openapi('OperatorRevokedWebUserResponse');
const RevokedSchema = resource('api-token', { lead_provider_id: z.string(), revoked_at: z.string() }).openapi('OperatorRevokedTokenResponse');

export function financeRoutes() {
  const api = new OpenAPIHono<AppEnv>();
  const statementJson = async (db: AppEnv['Variables']['deps']['db'], id: string) => {
    const [s] = await db.select({ state: statements.state, paidAt: statements.markedAsPaidAt }).from(statements).where(eq(statements.id, id)).limit(1);
    return single(id, 'statement' as const, { state: s!.state as 'open', marked_as_paid_at: s!.paidAt?.toISOString() ?? null });
  };

  api.openapi(operatorRoute({
    method: 'post', path: '/statements/{id}/close', operationId: 'close_statement', tags: tag('statements'), withId: 'The statement id',
    summary: 'DfE closes a statement now', description: 'Its eligible declarations become payable, whatever its cut-off date. Statements also close by themselves once their cut-off passes (hourly job).',
    response: StatementSchema,
  }), async (c) => {
    await operatorCloseStatement(operatorContext(c), c.req.param('id')!);
    return c.json(await statementJson(c.var.deps.db, c.req.param('id')!), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/statements/{id}/paid', operationId: 'mark_statement_paid', tags: tag('statements'), withId: 'The statement id',
    summary: 'DfE has paid a statement', description: 'Payable declarations become paid, and pending clawbacks clawed back.',
    response: StatementSchema,
  }), async (c) => {
    await operatorMarkStatementPaid(operatorContext(c), c.req.param('id')!);
    return c.json(await statementJson(c.var.deps.db, c.req.param('id')!), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/partnerships/{id}/challenge', operationId: 'challenge_partnership', tags: tag('partnerships'), withId: 'The partnership id',
    summary: 'Challenge a partnership on a school’s behalf', description: 'As the school’s own challenge link does, until the challenge deadline.',
    body: attributesBody({ reason: { type: 'string', enum: ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake'], description: 'Why it is wrong' } }, ['reason']),
    response: ChallengeSchema,
  }), async (c) => {
    const input = await attributes(c);
    await operatorChallenge(operatorContext(c), c.req.param('id')!, input);
    return c.json(single(c.req.param('id')!, 'partnership' as const, { challenged_reason: String(input.reason) }), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/api-tokens/{id}/revoke', operationId: 'revoke_api_token', tags: tag('lead providers'), withId: 'The API token’s id',
    summary: 'Revoke a lead provider’s API token', description: 'It stops working at once.',
    response: RevokedSchema,
  }), async (c) => {
    const r = await revokeProviderToken(operatorContext(c), c.req.param('id')!);
    return c.json(single(r.id, 'api-token' as const, { lead_provider_id: r.lead_provider_id, revoked_at: r.revoked_at.toISOString() }), 200);
  });

  api.openapi(operatorRoute({
    method: 'post', path: '/users/{id}/revoke', operationId: 'revoke_web_user', tags: tag('lead providers'), withId: 'The web user’s id',
    summary: 'Take a person’s web service account away', description: 'Their sessions and sign-in link end at once; signing in again treats them as unknown.',
    response: RevokedUserSchema,
  }), async (c) => {
    const r = await revokeWebUser(operatorContext(c), c.req.param('id')!);
    return c.json(single(r.id, 'web-user' as const, { lead_provider_id: r.lead_provider_id, revoked_at: r.revoked_at.toISOString() }), 200);
  });

  return api;
}
