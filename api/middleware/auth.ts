import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { authenticateToken, type Authenticated } from '../services/auth/api-tokens';
import { cachedToken, cacheToken } from '../services/auth/token-cache';
import { JSON_API } from '../http/envelope';
import { executionWaitUntil } from '../http/execution-context';
import { limitToken, limitUnauthenticated } from './rate-limit';

/** `Bearer <t>`, `Token <t>` or `Token token="<t>"` (forms existing clients already send). */
export function extractToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(?:Bearer|Token)\s+(?:token="([^"]+)"|(\S+))\s*$/i.exec(header.trim());
  const token = match?.[1] ?? match?.[2];
  return token && token.length <= 256 ? token : null;
}

/**
 * The contract's answer to a missing or unknown token (429 instead once the client address has
 * failed too often). Both doors (provider and operator tokens) answer exactly this.
 */
export async function accessDenied(c: Context<AppEnv>): Promise<Response> {
  await limitUnauthenticated(c);
  return c.body(JSON.stringify({ error: 'HTTP Token: Access denied' }), 401, {
    'Content-Type': JSON_API,
    'WWW-Authenticate': 'Token realm="Application"',
  });
}

/** Notes a token's last use after the response where the host allows it (Workers), else now. */
export async function recordTokenUse(c: Context<AppEnv>, recordUse: (() => Promise<unknown>) | undefined): Promise<void> {
  if (!recordUse) return;
  const work = recordUse().catch(() => undefined); // bookkeeping must never fail a request
  const waitUntil = c.var.deps.waitUntil ?? executionWaitUntil(c);
  if (waitUntil) waitUntil(work);
  else await work;
}

/**
 * Missing or unknown token → 401 with the contract's exact body (429 once the client address has
 * failed too often). A known token is then rate limited by its id. Sets `leadProvider`.
 */
export const requireApiToken = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = extractToken(c.req.header('Authorization'));
    const auth = token ? await knownToken(c, token) : null;
    if (!auth) return accessDenied(c);
    await limitToken(c, auth.tokenId);
    c.set('leadProvider', auth.leadProvider);
    await recordTokenUse(c, auth.recordUse);
    await next();
  });

/** The token's owner, from the few-seconds cache (api/services/auth/token-cache.ts) or the database. */
async function knownToken(c: Context<AppEnv>, token: string): Promise<Authenticated | null> {
  const { db } = c.var.deps;
  const cached = cachedToken(db, token);
  if (cached) return cached;
  const auth = await authenticateToken(db, token, c.var.deps.clock());
  if (auth) cacheToken(db, token, auth);
  return auth;
}
