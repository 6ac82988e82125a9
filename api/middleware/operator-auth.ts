import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { authenticateOperatorToken } from '../services/operators/operator-tokens';
import { accessDenied, extractToken, recordTokenUse } from './auth';
import { limitToken } from './rate-limit';

/**
 * The operator API's door: only an operator token opens it. A provider token is, to this door,
 * just an unknown token: the same 401 as a wrong one (and the provider API answers an operator
 * token the same way), so neither door tells a caller what kind of token it holds. Known tokens
 * are rate limited per token, like providers'.
 */
export const requireOperatorToken = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = extractToken(c.req.header('Authorization'));
    const auth = token ? await authenticateOperatorToken(c.var.deps.db, token, c.var.deps.clock()) : null;
    if (!auth) return accessDenied(c);
    // Ids are UUIDs of their own table; the prefix keeps the two kinds of counter apart anyway.
    await limitToken(c, `operator-${auth.actor.tokenId}`);
    c.set('operator', auth.actor);
    await recordTokenUse(c, auth.recordUse);
    await next();
  });
