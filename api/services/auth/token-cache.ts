import type { Db } from '../../../db/client';
import type { Authenticated } from './api-tokens';

// Every API request looks its token up (a SHA-256 and a query: about 0.7 ms, a tenth of a
// 100-row page). A known token's answer is kept for a few seconds per database handle, so a
// client paging through a list pays for it once. What that costs: a token revoked by another
// host (another Node process, another Worker isolate) keeps working for at most TTL_MS; on this
// host, revoking a token or changing its lead provider forgets the cache at once
// (forgetCachedTokens). Unknown tokens are never cached, so guessing cannot fill the memory.

export const TOKEN_CACHE_TTL_MS = 5_000;
/** Enough for every provider's tokens many times over; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 1_000;

interface Entry { auth: Omit<Authenticated, 'recordUse'>; until: number }

const caches = new WeakMap<Db, Map<string, Entry>>();

/** Monotonic, not the app's clock: the sandbox moves that one per request (X-With-Server-Date). */
const monotonicNow = () => performance.now();

export function cachedToken(db: Db, token: string): Omit<Authenticated, 'recordUse'> | null {
  const cache = caches.get(db);
  const entry = cache?.get(token);
  if (!entry) return null;
  if (entry.until <= monotonicNow()) {
    cache!.delete(token);
    return null;
  }
  return entry.auth;
}

export function cacheToken(db: Db, token: string, auth: Authenticated): void {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(token, { auth: { tokenId: auth.tokenId, leadProvider: auth.leadProvider }, until: monotonicNow() + TOKEN_CACHE_TTL_MS });
}

/** After a token is revoked or a lead provider changes: the next request reads the database. */
export function forgetCachedTokens(db: Db): void {
  caches.delete(db);
}
