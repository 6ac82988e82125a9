import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { apiTokens, leadProviders } from '../../../db/schema';
import type { LeadProviderRef } from '../../context';

// Tokens are 32 random URL-safe characters (~190 bits), so a plain SHA-256 is a safe one-way
// hash: there is nothing to brute-force, and lookup by hash needs no secret to be shared
// between the hosts and the command that creates tokens.

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';

export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates a token for a lead provider and returns it: the only time it is ever visible. */
export async function createApiToken(db: Db, leadProviderId: string, now: Date, description?: string): Promise<string> {
  const token = generateToken();
  await db.insert(apiTokens).values({
    id: crypto.randomUUID(),
    leadProviderId,
    hashedToken: await hashToken(token),
    description: description ?? null,
    createdAt: now,
  });
  return token;
}

// Recording use on every request would make every read a write; once an hour is plenty.
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

export interface Authenticated {
  /** The token's own id: what the rate limit counts, however the header spelled the token. */
  tokenId: string;
  leadProvider: LeadProviderRef;
  /** A bookkeeping write to run after the response, when one is due. */
  recordUse?: () => Promise<unknown>;
}

export async function authenticateToken(db: Db, token: string, now: Date): Promise<Authenticated | null> {
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, id: leadProviders.id, name: leadProviders.name })
    .from(apiTokens)
    .innerJoin(leadProviders, eq(leadProviders.id, apiTokens.leadProviderId))
    .where(and(eq(apiTokens.hashedToken, await hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const stale = !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS;
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  return {
    tokenId: row.tokenId,
    leadProvider: { id: row.id, name: row.name },
    recordUse: stale
      ? () => db.update(apiTokens).set({ lastUsedAt: now })
          .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, threshold))))
      : undefined,
  };
}
