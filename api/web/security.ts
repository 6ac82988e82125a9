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
 * The client's IP for throttling: Cloudflare's header on Workers, a proxy's X-Real-IP, else the
 * socket's address on Node. (Without a proxy in front, X-Real-IP is whatever the client sends.)
 */
export function clientIp(c: Context): string {
  const fromHeader = c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip');
  if (fromHeader) return fromHeader.trim();
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
