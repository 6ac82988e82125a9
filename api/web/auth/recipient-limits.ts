import { and, count, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { emails, supportRequests } from '../../../db/schema';
import { sha256 } from '../security';
import { withinRateLimit } from './sessions';

// Limits per recipient and per sender, on top of the per-IP sign-in throttle. An address anyone
// can type must not become a way to flood someone's inbox from many IP addresses, and a signed-in
// user must not flood the support team.
//
// Each limit is checked twice, both in the database so it holds across processes and Worker
// isolates: an exact count over the last rolling hour (the outbox records every sign-in email,
// support_requests every message), then a fixed-window counter whose upsert is atomic, so
// requests racing at the same instant past the count are still capped.

const HOUR = 60 * 60 * 1000;

/** Sign-in emails (a link, or "no account for this address") to one address per hour. */
export const SIGN_IN_EMAILS_PER_ADDRESS = { emails: 5, windowMs: HOUR };
/** Support messages from one user per hour. */
export const SUPPORT_MESSAGES_PER_USER = { messages: 5, windowMs: HOUR };

const signInTemplates = ['sign_in_link', 'sign_in_unknown_email'];

/** True when another sign-in email may go to `email` now (and counts it). */
export async function maySendSignInEmail(db: Db, email: string, now: Date): Promise<boolean> {
  const { emails: limit, windowMs } = SIGN_IN_EMAILS_PER_ADDRESS;
  const [row] = await db.select({ n: count() }).from(emails)
    .where(and(eq(emails.to, email), inArray(emails.template, signInTemplates), gt(emails.createdAt, new Date(now.getTime() - windowMs))));
  if ((row?.n ?? 0) >= limit) return false;
  return withinRateLimit(db, `sign-in-email:${await sha256(email)}`, limit, windowMs, now);
}

/** True when the user may send another support message now (and counts it). */
export async function maySendSupportMessage(db: Db, userId: string, now: Date): Promise<boolean> {
  const { messages: limit, windowMs } = SUPPORT_MESSAGES_PER_USER;
  const [row] = await db.select({ n: count() }).from(supportRequests)
    .where(and(eq(supportRequests.userId, userId), gt(supportRequests.createdAt, new Date(now.getTime() - windowMs))));
  if ((row?.n ?? 0) >= limit) return false;
  return withinRateLimit(db, `support:${userId}`, limit, windowMs, now);
}
