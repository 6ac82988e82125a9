import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../db/client';
import { operatorTokens } from '../../../db/schema';
import { generateToken, hashToken } from '../auth/api-tokens';

// Operator tokens are made and hashed exactly like provider tokens (api-tokens.ts) but kept in
// their own table: a provider token is never found here, nor an operator token there.

export interface OperatorActor {
  /** The operator token's id, or null for the command line. */
  tokenId: string | null;
  /** The token's name, or `cli:<os user>`. */
  name: string;
}

/** Creates an operator token and returns it: the only time it is ever visible. */
export async function createOperatorToken(db: Db, name: string, now: Date): Promise<{ id: string; token: string }> {
  const token = generateToken();
  const id = crypto.randomUUID();
  await db.insert(operatorTokens).values({ id, name, hashedToken: await hashToken(token), scope: 'operator', createdAt: now });
  return { id, token };
}

// As for provider tokens: recording use on every request would make every read a write.
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

export async function authenticateOperatorToken(db: Db, token: string, now: Date): Promise<{ actor: OperatorActor & { tokenId: string }; recordUse?: () => Promise<unknown> } | null> {
  const [row] = await db.select().from(operatorTokens)
    .where(and(eq(operatorTokens.hashedToken, await hashToken(token)), isNull(operatorTokens.revokedAt), eq(operatorTokens.scope, 'operator')))
    .limit(1);
  if (!row) return null;
  const stale = !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS;
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  return {
    actor: { tokenId: row.id, name: row.name },
    recordUse: stale
      ? () => db.update(operatorTokens).set({ lastUsedAt: now })
          .where(and(eq(operatorTokens.id, row.id), or(isNull(operatorTokens.lastUsedAt), lt(operatorTokens.lastUsedAt, threshold))))
      : undefined,
  };
}

/** Revokes an operator token: true if this call revoked it. */
export async function revokeOperatorToken(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db.update(operatorTokens).set({ revokedAt: now }).where(and(eq(operatorTokens.id, id), isNull(operatorTokens.revokedAt)));
  return rowsAffected(result) === 1;
}
