import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashToken } from '../services/auth/api-tokens';

// Secrets, hashes and cookies of the web service. Every secret is 32 random bytes; only SHA-256
// hashes of sign-in tokens and session ids are stored (they are unguessable, so no salt needed).

export const sha256 = hashToken;

export function randomSecret(bytes = 32): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** https as the browser sees it (directly, or through a proxy that terminates TLS). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export type CookieName = 'session' | 'csrf';

/**
 * Cookie names: over https the `__Host-` prefix makes the browser insist on Secure, Path=/ and
 * no Domain, so a neighbouring subdomain cannot plant or overwrite them.
 */
const cookieName = (c: Context, name: CookieName) => (isHttps(c) ? `__Host-lp_${name}` : `lp_${name}`);

export function readCookie(c: Context, name: CookieName): string | undefined {
  return getCookie(c, cookieName(c, name));
}

/** HttpOnly, SameSite=Lax, Path=/, and Secure over https. */
export function writeCookie(c: Context, name: CookieName, value: string, maxAgeSeconds?: number) {
  setCookie(c, cookieName(c, name), value, {
    httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  });
}

export function clearCookie(c: Context, name: CookieName) {
  deleteCookie(c, cookieName(c, name), { path: '/', secure: isHttps(c) });
}

/**
 * The client's IP for throttling. On Workers (no Node socket) Cloudflare sets CF-Connecting-IP,
 * which a client cannot forge. On Node the socket's address is the truth: a header is believed
 * only when CLIENT_IP_HEADER names the one a trusted proxy in front of us sets, because without
 * such a proxy any client could send a new "address" with every request and never be throttled.
 */
export function clientIp(c: Context, trustedHeader?: string): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  if (!incoming) return (c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown').trim();
  const fromProxy = trustedHeader ? c.req.header(trustedHeader)?.split(',')[0]?.trim() : undefined;
  return fromProxy || incoming.socket?.remoteAddress || 'unknown';
}
