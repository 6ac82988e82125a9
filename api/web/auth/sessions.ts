import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import type { Db } from '../../../db/client';
import { leadProviders, leadProviderUsers, signInTokens, webRateLimits, webSessions } from '../../../db/schema';
import type { WebEnv, WebUser } from '../context';
import { clearCookie, randomSecret, readCookie, sha256, writeCookie } from '../security';

// Sign-in links and sessions. A link's token and a session's id are random secrets that live
// only in the email and the cookie; the database keeps their SHA-256 hashes.

export const SIGN_IN_LINK_MINUTES = 60;
/** A session ends after two weeks without use. */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;
/** Recording use on every page would make every read a write: once an hour is enough. */
const SESSION_TOUCH_MS = 60 * 60 * 1000;

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ id: leadProviderUsers.id, email: leadProviderUsers.email, fullName: leadProviderUsers.fullName, leadProviderId: leadProviders.id, leadProviderName: leadProviders.name })
    .from(leadProviderUsers)
    .innerJoin(leadProviders, eq(leadProviders.id, leadProviderUsers.leadProviderId))
    // A revoked account is as unknown as a missing one: no sign-in link.
    .where(and(eq(leadProviderUsers.email, email.toLowerCase()), isNull(leadProviderUsers.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** A new sign-in link for the user: replaces any earlier one, which stops working. */
export async function issueSignInToken(db: Db, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60 * 1000);
  const tokenHash = await sha256(token);
  await db.insert(signInTokens).values({ userId, tokenHash, expiresAt, createdAt: now })
    .onConflictDoUpdate({ target: signInTokens.userId, set: { tokenHash, expiresAt, createdAt: now } });
  return { token, expiresAt };
}

/** Whether a link still works (the confirmation page), without using it up. */
export async function signInTokenIsLive(db: Db, token: string, now: Date): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const [row] = await db.select({ userId: signInTokens.userId }).from(signInTokens)
    .where(and(eq(signInTokens.tokenHash, await sha256(token)), gt(signInTokens.expiresAt, now))).limit(1);
  return Boolean(row);
}

/** Uses a link up: deleting the row is the one atomic step, so a link signs in at most once. */
export async function consumeSignInToken(db: Db, token: string, now: Date): Promise<string | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db.delete(signInTokens)
    .where(and(eq(signInTokens.tokenHash, await sha256(token)), gt(signInTokens.expiresAt, now)))
    .returning({ userId: signInTokens.userId });
  return row?.userId ?? null;
}

/** Starts a session for the user; returns the id for the cookie. */
export async function createSession(db: Db, userId: string, now: Date): Promise<string> {
  const id = randomSecret();
  await db.batch([
    db.insert(webSessions).values({ idHash: await sha256(id), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) }),
    db.update(leadProviderUsers).set({ lastSignedInAt: now }).where(eq(leadProviderUsers.id, userId)),
  ]);
  return id;
}

export function setSessionCookie(c: Context, id: string) {
  writeCookie(c, 'session', id, SESSION_IDLE_MS / 1000);
}

/** The signed-in user of this request, if any (and keeps the session alive). */
export async function loadSession(c: Context<WebEnv>): Promise<{ user: WebUser; idHash: string } | null> {
  const id = readCookie(c, 'session');
  if (!id || id.length > 200) return null;
  const { db, clock } = c.var.web;
  const now = clock();
  const idHash = await sha256(id);
  const [row] = await db
    .select({
      lastSeenAt: webSessions.lastSeenAt,
      id: leadProviderUsers.id, email: leadProviderUsers.email, fullName: leadProviderUsers.fullName,
      leadProviderId: leadProviders.id, leadProviderName: leadProviders.name,
    })
    .from(webSessions)
    .innerJoin(leadProviderUsers, eq(leadProviderUsers.id, webSessions.userId))
    .innerJoin(leadProviders, eq(leadProviders.id, leadProviderUsers.leadProviderId))
    .where(and(eq(webSessions.idHash, idHash), gt(webSessions.expiresAt, now), isNull(leadProviderUsers.revokedAt)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await db.update(webSessions).set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) }).where(eq(webSessions.idHash, idHash));
    setSessionCookie(c, id); // the cookie lives as long as the session
  }
  return {
    idHash,
    user: { id: row.id, email: row.email, fullName: row.fullName, leadProvider: { id: row.leadProviderId, name: row.leadProviderName } },
  };
}

export async function endSession(c: Context<WebEnv>) {
  const id = readCookie(c, 'session');
  if (id && id.length <= 200) await c.var.web.db.delete(webSessions).where(eq(webSessions.idHash, await sha256(id)));
  clearCookie(c, 'session');
}

/** The value an upsert tried to insert into `column` (SQLite's `excluded` row names it bare). */
const excluded = (column: SQLiteColumn) => sql`excluded.${sql.identifier(column.name)}`;

/**
 * Counts an attempt against `key` in fixed windows; true while within `limit` per window. One
 * upsert, in the database, so every process and Worker isolate shares the count.
 */
export async function withinRateLimit(db: Db, key: string, limit: number, windowMs: number, now: Date): Promise<boolean> {
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const [row] = await db.insert(webRateLimits).values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: webRateLimits.key,
      set: {
        count: sql`CASE WHEN ${webRateLimits.windowStart} = ${excluded(webRateLimits.windowStart)} THEN ${webRateLimits.count} + 1 ELSE 1 END`,
        windowStart: excluded(webRateLimits.windowStart),
      },
    })
    .returning({ count: webRateLimits.count });
  return (row?.count ?? 1) <= limit;
}

/** Deletes what has expired: sessions, sign-in links and old rate-limit windows. */
export async function deleteExpiredAuthData(db: Db, now: Date) {
  await db.batch([
    db.delete(webSessions).where(lt(webSessions.expiresAt, now)),
    db.delete(signInTokens).where(lt(signInTokens.expiresAt, now)),
    db.delete(webRateLimits).where(lt(webRateLimits.windowStart, now.getTime() - 24 * 60 * 60 * 1000)),
  ]);
}
