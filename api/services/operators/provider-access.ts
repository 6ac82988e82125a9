import { and, eq, isNull } from 'drizzle-orm';
import { rowsAffected } from '../../../db/client';
import { apiTokens, leadProviderUsers, signInTokens, webSessions } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import { createMailer } from '../../email/mailer';
import { DomainError, NotFoundError } from '../../errors/api-error';
import { createLeadProviderUser, UserInputError } from '../../web/auth/users';
import { generateToken, hashToken } from '../auth/api-tokens';
import { findLeadProvider } from '../lead-providers/update-lead-provider';
import { operatorAudit, recordAudit } from './audit';
import { forgetCachedTokens } from '../auth/token-cache';
import { runBatch } from '../../../db/batch';

// How lead providers get in: API tokens for their systems, web accounts for their people.

/** A new API token for a lead provider, returned once; the audit row never holds it. */
export async function createProviderToken(ctx: OperatorContext, leadProviderId: string, input: { description?: unknown }) {
  await findLeadProvider(ctx.db, leadProviderId);
  const description = typeof input.description === 'string' && input.description.trim() ? input.description.trim().slice(0, 200) : null;
  const token = generateToken();
  const id = crypto.randomUUID();
  await runBatch(ctx.db, [
    ctx.db.insert(apiTokens).values({ id, leadProviderId, hashedToken: await hashToken(token), description, createdAt: ctx.now }),
    operatorAudit(ctx, 'create_api_token', [id, leadProviderId], { description }),
  ]);
  return { id, lead_provider_id: leadProviderId, token, description };
}

export async function revokeProviderToken(ctx: OperatorContext, tokenId: string) {
  const [row] = await ctx.db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt, leadProviderId: apiTokens.leadProviderId }).from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1);
  if (!row) throw new NotFoundError('api token');
  if (row.revokedAt) throw new DomainError([{ title: 'token', detail: 'This token is already revoked.' }]);
  const [result] = await runBatch(ctx.db, [
    ctx.db.update(apiTokens).set({ revokedAt: ctx.now }).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))),
    operatorAudit(ctx, 'revoke_api_token', [tokenId, row.leadProviderId], {}),
  ]);
  forgetCachedTokens(ctx.db); // this host stops accepting it now, not in a few seconds
  if (rowsAffected(result) !== 1) throw new DomainError([{ title: 'token', detail: 'This token is already revoked.' }]);
  return { id: tokenId, lead_provider_id: row.leadProviderId, revoked_at: ctx.now };
}

/** A web service account for a person at a lead provider, with its welcome email. */
export async function createWebUser(ctx: OperatorContext, leadProviderId: string, input: { email?: unknown; full_name?: unknown }) {
  const provider = await findLeadProvider(ctx.db, leadProviderId);
  const mailer = createMailer({ db: ctx.db, config: ctx.config });
  try {
    const user = await createLeadProviderUser({ db: ctx.db, mailer, config: ctx.config },
      { leadProvider: { id: provider.id, name: provider.name }, email: String(input.email ?? ''), fullName: String(input.full_name ?? '') }, ctx.now);
    await recordAudit(ctx.db, { actor: ctx.actor, now: ctx.now, method: ctx.via.method, path: ctx.via.path, operation: 'create_web_user', targetIds: [user.id, provider.id], input, requestId: ctx.requestId });
    return { id: user.id, lead_provider_id: provider.id, email: user.email, welcome_email: mailer.delivers ? 'sent' : 'queued' };
  } catch (err) {
    if (err instanceof UserInputError) throw new DomainError([{ title: /name/i.test(err.message) ? 'full_name' : 'email', detail: err.message }]);
    throw err;
  }
}

/**
 * Takes a person's web service account away: their sign-in link and sessions end at once and no
 * new link is sent (sign-in treats the account as unknown). The account row stays, with what it
 * uploaded.
 */
export async function revokeWebUser(ctx: OperatorContext, userId: string) {
  const [user] = await ctx.db.select({ id: leadProviderUsers.id, leadProviderId: leadProviderUsers.leadProviderId, revokedAt: leadProviderUsers.revokedAt })
    .from(leadProviderUsers).where(eq(leadProviderUsers.id, userId)).limit(1);
  if (!user) throw new NotFoundError('web user');
  if (user.revokedAt) throw new DomainError([{ title: 'user', detail: 'This account is already revoked.' }]);
  const [result] = await runBatch(ctx.db, [
    ctx.db.update(leadProviderUsers).set({ revokedAt: ctx.now, updatedAt: ctx.now }).where(and(eq(leadProviderUsers.id, userId), isNull(leadProviderUsers.revokedAt))),
    ctx.db.delete(webSessions).where(eq(webSessions.userId, userId)),
    ctx.db.delete(signInTokens).where(eq(signInTokens.userId, userId)),
    operatorAudit(ctx, 'revoke_web_user', [userId, user.leadProviderId], {}),
  ]);
  if (rowsAffected(result) !== 1) throw new DomainError([{ title: 'user', detail: 'This account is already revoked.' }]);
  return { id: userId, lead_provider_id: user.leadProviderId, revoked_at: ctx.now };
}
