import type { Context } from 'hono';
import type { AppEnv } from '../context';
import { ApiError } from '../errors/api-error';
import { clientIp } from '../web/security';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts hits per key in fixed windows. Keys are namespaced (`token:<id>`, `client:<address>`),
 * never a raw header, so one credential is one counter however its header is spelled.
 */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision>;
}

/** The decision of one fixed window, shared by the in-memory and the Durable Object limiters. */
export function countHit(entry: { window: number; count: number } | undefined, rule: RateLimitRule, nowMs: number) {
  const windowMs = rule.windowSeconds * 1000;
  const window = Math.floor(nowMs / windowMs);
  const next = entry && entry.window === window ? { window, count: entry.count + 1 } : { window, count: 1 };
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000));
  return { entry: next, decision: { allowed: next.count <= rule.limit, retryAfterSeconds } };
}

const OVERFLOW_KEY = '*overflow*';

/**
 * Fixed windows in this process's memory (Node; the Worker uses a Durable Object, see
 * api/worker/rate-limit-object.ts). Memory is bounded without ever forgetting a live counter:
 * when `maxKeys` is reached, counters of past windows are dropped; if every counter is still live
 * (a flood of new client addresses), further new keys of that namespace share one overflow
 * counter, so a flood throttles itself and no one's existing count is reset.
 */
export function createMemoryRateLimiter({ maxKeys = 50_000 }: { maxKeys?: number } = {}): RateLimiter & { size(): number } {
  const counts = new Map<string, { window: number; count: number; windowMs: number }>();
  let lastSweepMs = -Infinity;

  const sweep = (nowMs: number) => {
    for (const [key, entry] of counts) {
      if (Math.floor(nowMs / entry.windowMs) !== entry.window) counts.delete(key);
    }
    lastSweepMs = nowMs;
  };

  return {
    async hit(key, rule, nowMs) {
      const windowMs = rule.windowSeconds * 1000;
      let counterKey = key;
      if (!counts.has(key) && counts.size >= maxKeys) {
        // A sweep walks every counter, so at most one a second, however hard the flood.
        if (nowMs - lastSweepMs >= 1000) sweep(nowMs);
        if (counts.size >= maxKeys) counterKey = `${key.split(':')[0]}:${OVERFLOW_KEY}`;
      }
      const { entry, decision } = countHit(counts.get(counterKey), rule, nowMs);
      counts.set(counterKey, { ...entry, windowMs });
      return decision;
    },
    size: () => counts.size,
  };
}

/** Per-token rule (DfE's published limit) and the tighter one for requests that fail authentication. */
function tokenRule(c: Context<AppEnv>): RateLimitRule {
  const { config } = c.var.deps;
  return { limit: config.RATE_LIMIT_REQUESTS, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS };
}

function unauthenticatedRule(c: Context<AppEnv>): RateLimitRule {
  const { config } = c.var.deps;
  return { limit: config.UNAUTHENTICATED_RATE_LIMIT_REQUESTS, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS };
}

function refuse(decision: RateLimitDecision, detail: string): never {
  throw new ApiError('rate_limited', [{ title: 'Too many requests', detail: `${detail} Try again in ${decision.retryAfterSeconds} seconds.` }], {
    'Retry-After': String(decision.retryAfterSeconds),
  });
}

/** After authentication: one counter per API token (its id), whatever the header looked like. */
export async function limitToken(c: Context<AppEnv>, tokenId: string) {
  const decision = await c.var.deps.rateLimiter.hit(`token:${tokenId}`, tokenRule(c), c.var.deps.clock().getTime());
  if (!decision.allowed) refuse(decision, 'You have sent too many requests with this token.');
}

/**
 * A request that failed authentication counts against its client address, so guessing tokens
 * (or sending junk to wear the limiter down) is throttled; a valid token never shares it.
 */
export async function limitUnauthenticated(c: Context<AppEnv>) {
  const address = clientIp(c, c.var.deps.config.CLIENT_IP_HEADER);
  const decision = await c.var.deps.rateLimiter.hit(`client:${address}`, unauthenticatedRule(c), c.var.deps.clock().getTime());
  if (!decision.allowed) refuse(decision, 'Too many requests from your address were refused for want of a valid token.');
}
