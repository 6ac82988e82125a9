import { and, desc, eq, sql } from 'drizzle-orm';
import type { EmailTemplate } from '../../api/email/outbox';
import { expect } from 'vitest';
import type { Db } from '../../db/client';
import { emails, leadProviderUsers } from '../../db/schema';
import type { Harness } from '../support/harness';

// Helpers for the web service's route tests: a tiny browser (cookie jar, forms with the CSRF
// token) over the harness's in-process app.

let sequence = 0;

export async function createWebUser(db: Db, leadProviderId: string, opts: { email?: string; name?: string } = {}) {
  const n = ++sequence;
  const id = crypto.randomUUID();
  const email = (opts.email ?? `lp-user-${n}-${id.slice(0, 8)}@provider.example`).toLowerCase();
  const now = new Date('2025-01-01T00:00:00Z');
  await db.insert(leadProviderUsers).values({ id, leadProviderId, email, fullName: opts.name ?? `Provider Person ${n}`, createdAt: now, updatedAt: now });
  return { id, email };
}

export interface Browser {
  cookies: Map<string, string>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Posts a form with this browser's CSRF token (unless `_csrf` is given or `csrf: false`). */
  post(path: string, fields?: Record<string, string | Blob>, opts?: { csrf?: boolean; multipart?: boolean; headers?: Record<string, string> }): Promise<Response>;
  csrf(): string;
  /** Follows redirects (GET) until a page; returns the last response. */
  follow(res: Response): Promise<Response>;
}

export function browser(h: Harness, base = 'http://localhost'): Browser {
  const cookies = new Map<string, string>();
  const absorb = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const self: Browser = {
    cookies,
    async get(path, headers = {}) {
      return absorb(await h.app.request(`${base}${path}`, { headers: { cookie: cookieHeader(), ...headers } }));
    },
    async post(path, fields = {}, opts = {}) {
      const all: Record<string, string | Blob> = opts.csrf === false || '_csrf' in fields ? { ...fields } : { _csrf: self.csrf(), ...fields };
      let body: FormData | URLSearchParams;
      if (opts.multipart || Object.values(all).some((v) => typeof v !== 'string')) {
        const form = new FormData();
        for (const [k, v] of Object.entries(all)) form.append(k, v);
        body = form;
      } else {
        body = new URLSearchParams(all as Record<string, string>);
      }
      return absorb(await h.app.request(`${base}${path}`, { method: 'POST', body, headers: { cookie: cookieHeader(), ...(opts.headers ?? {}) } }));
    },
    csrf() {
      const token = cookies.get('lp_csrf') ?? cookies.get('__Host-lp_csrf');
      if (!token) throw new Error('no CSRF cookie yet: GET a page first');
      return token;
    },
    async follow(res) {
      let current = res;
      for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
        const location = current.headers.get('location')!;
        current = await self.get(location.startsWith('http') ? new URL(location).pathname + new URL(location).search : location);
      }
      return current;
    },
  };
  return self;
}

/** The newest email to an address, with its personalisation parsed. */
export async function lastEmailTo(db: Db, to: string, template?: EmailTemplate) {
  const [row] = await db.select().from(emails).where(and(eq(emails.to, to), template ? eq(emails.template, template) : undefined))
    .orderBy(desc(emails.createdAt), desc(sql`rowid`)).limit(1);
  return row ? { ...row, fields: JSON.parse(row.personalisation) as Record<string, string> } : null;
}

/** A path (with query) from an absolute link in an email. */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Signs a user in the way a person does: request a link, open it, continue. */
export async function signIn(h: Harness, email: string, b = browser(h)): Promise<Browser> {
  await b.get('/users/sign_in');
  const res = await b.post('/users/sign_in', { email });
  expect(res.status).toBe(200);
  const link = (await lastEmailTo(h.db, email, 'sign_in_link'))!.fields.sign_in_url!;
  const confirm = await b.get(pathOf(link));
  expect(confirm.status).toBe(200);
  const token = new URL(link).searchParams.get('login_token')!;
  const done = await b.post('/users/sign_in_with_token', { login_token: token });
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe('/dashboard');
  return b;
}

/** The text of a page without tags, whitespace collapsed: for "the page says ..." checks. */
export async function textOf(res: Response): Promise<string> {
  const html = await res.text();
  // Cells' phone-only labels (aria-hidden) are not part of what the page says at desktop width.
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<span class="app-table__cell-label" aria-hidden="true">[^<]*<\/span>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();
}
