import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { ApiError } from '../errors/api-error';

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string, nowMs: number): RateLimitDecision;
}

/**
 * Fixed windows counted in this process's memory. Enough for one Node process; on Workers each
 * isolate counts on its own, so put Cloudflare's rate limiting in front for a hard global limit
 * (see README).
 */
export function createMemoryRateLimiter(limit: number, windowSeconds: number): RateLimiter {
  const windowMs = windowSeconds * 1000;
  const counts = new Map<string, { window: number; count: number }>();
  return {
    hit(key, nowMs) {
      const window = Math.floor(nowMs / windowMs);
      const entry = counts.get(key);
      if (!entry || entry.window !== window) {
        if (counts.size > 10_000) counts.clear(); // old windows are worthless; bound the memory
        counts.set(key, { window, count: 1 });
        return { allowed: true, retryAfterSeconds: 0 };
      }
      entry.count += 1;
      const retryAfterSeconds = Math.ceil(((window + 1) * windowMs - nowMs) / 1000);
      return { allowed: entry.count <= limit, retryAfterSeconds };
    },
  };
}

/** Per API token (the Authorization header); requests without one are refused by auth anyway. */
export const rateLimit = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('Authorization');
    if (key) {
      const decision = c.var.deps.rateLimiter.hit(key, c.var.deps.clock().getTime());
      if (!decision.allowed) {
        throw new ApiError('rate_limited', [{
          title: 'Too many requests',
          detail: `You have sent too many requests with this token. Try again in ${decision.retryAfterSeconds} seconds.`,
        }], { 'Retry-After': String(decision.retryAfterSeconds) });
      }
    }
    await next();
  });
