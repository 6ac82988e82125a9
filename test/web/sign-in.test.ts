import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { emails, signInTokens, webSessions } from '../../db/schema';
import { sha256 } from '../../api/web/security';
import { deleteExpiredAuthData } from '../../api/web/auth/sessions';
import { deleteAbandonedWizards } from '../../api/web/report-schools/wizard';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { browser, createWebUser, lastEmailTo, pathOf, signIn, textOf } from './web-support';

let h: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { name: 'Sign In Provider' });
});
afterAll(() => h.close());

const ip = (n: number) => ({ 'x-real-ip': `10.0.0.${n}` });
let ipCounter = 0;
/** Each test signs in from its own address, so the per-IP limit only bites where tested. */
const fresh = () => {
  const b = browser(h);
  const headers = ip(++ipCounter);
  return {
    b,
    requestLink: async (email: string) => {
      await b.get('/users/sign_in');
      return b.post('/users/sign_in', { email }, { headers });
    },
  };
};

describe('signing in with an emailed link', () => {
  it('shows the sign-in form with a labelled email field', async () => {
    const res = await browser(h).get('/users/sign_in');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label class="govuk-label govuk-label--s" for="email">Email address</label>');
    expect(html).toMatch(/<input[^>]+name="_csrf"/);
    expect(html).toContain('Sign in – Manage early career teacher training – GOV.UK');
  });

  it('emails a known user a single-use link; the link asks to continue, then signs in', async () => {
    const user = await createWebUser(h.db, lp.id, { name: 'Alex Provider' });
    const { b, requestLink } = fresh();
    const res = await requestLink(user.email.toUpperCase());
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain(`We have sent a sign-in link to ${user.email}`);

    const email = (await lastEmailTo(h.db, user.email))!;
    expect(email.template).toBe('sign_in_link');
    expect(email.fields.full_name).toBe('Alex Provider');
    const link = email.fields.sign_in_url!;
    expect(link).toMatch(/^http:\/\/localhost:8787\/users\/confirm_sign_in\?login_token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(link).searchParams.get('login_token')!;
    // Only a hash of the token is stored.
    const [stored] = await h.db.select().from(signInTokens);
    expect(stored!.tokenHash).toBe(await sha256(token));
    expect(JSON.stringify(await h.db.select().from(signInTokens))).not.toContain(token);
    expect(stored!.expiresAt.getTime() - h.clock.now.getTime()).toBe(60 * 60 * 1000);

    // Opening the link (as a mail scanner would) signs nobody in and uses nothing up.
    const landing = await b.get(pathOf(link));
    expect(await textOf(landing)).toContain('Continue to sign in');
    expect(await b.get('/dashboard').then((r) => r.status)).toBe(302);

    const done = await b.post('/users/sign_in_with_token', { login_token: token });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/dashboard');
    const dashboard = await b.get('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(await textOf(dashboard)).toContain('Sign In Provider');
  });

  it('gives the same answer for an unknown address, and emails it how to get an account', async () => {
    const { requestLink } = fresh();
    const res = await requestLink('nobody@unknown.example');
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain('We have sent a sign-in link to nobody@unknown.example');
    const email = (await lastEmailTo(h.db, 'nobody@unknown.example'))!;
    expect(email.template).toBe('sign_in_unknown_email');
    expect(email.fields.sign_in_url).toBe('http://localhost:8787/users/sign_in');
  });

  it('explains a blank or badly formed address, linked to the field', async () => {
    const { requestLink } = fresh();
    const blank = await requestLink('  ');
    expect(blank.status).toBe(400);
    const html = await blank.text();
    expect(html).toContain('<a href="#email">Enter your email address</a>');
    expect(html).toContain('Error: Sign in');
    expect(html).toMatch(/aria-describedby="email-hint email-error"/);
    const bad = await requestLink('not..an@address');
    expect(await bad.text()).toContain('Enter an email address in the correct format, like name@example.com');
    for (const wrong of ['a@b', 'a b@example.com', 'a@-example.com', 'a@example.c0m']) {
      expect((await fresh().requestLink(wrong)).status, wrong).toBe(400);
    }
  });

  it('rejects a used link, an expired link and a replaced link', async () => {
    const user = await createWebUser(h.db, lp.id);
    const { b, requestLink } = fresh();
    await requestLink(user.email);
    const first = new URL((await lastEmailTo(h.db, user.email))!.fields.sign_in_url!).searchParams.get('login_token')!;
    expect((await b.post('/users/sign_in_with_token', { login_token: first })).status).toBe(303);

    // Used: a second browser cannot sign in with it.
    const other = browser(h);
    await other.get('/users/sign_in');
    const reused = await other.post('/users/sign_in_with_token', { login_token: first });
    expect(reused.headers.get('location')).toBe('/users/link-invalid');
    expect((await other.get(`/users/confirm_sign_in?login_token=${first}`)).headers.get('location')).toBe('/users/link-invalid');
    const invalid = await other.get('/users/link-invalid');
    expect(await textOf(invalid)).toContain('Get a new sign-in link');

    // Replaced: only the newest link works.
    await requestLink(user.email);
    const second = new URL((await lastEmailTo(h.db, user.email))!.fields.sign_in_url!).searchParams.get('login_token')!;
    await requestLink(user.email);
    const third = new URL((await lastEmailTo(h.db, user.email))!.fields.sign_in_url!).searchParams.get('login_token')!;
    expect((await other.post('/users/sign_in_with_token', { login_token: second })).headers.get('location')).toBe('/users/link-invalid');

    // Expired: 60 minutes later it no longer works.
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 60 * 60 * 1000 + 1);
    try {
      expect((await other.get(`/users/confirm_sign_in?login_token=${third}`)).headers.get('location')).toBe('/users/link-invalid');
      expect((await other.post('/users/sign_in_with_token', { login_token: third })).headers.get('location')).toBe('/users/link-invalid');
    } finally {
      h.clock.now = saved;
    }
    expect((await other.get('/dashboard')).status).toBe(302);
  });

  it('keeps the session on the server: the cookie is HttpOnly, SameSite=Lax, and Secure over https', async () => {
    const user = await createWebUser(h.db, lp.id);
    const b = browser(h, 'https://lp.example');
    await b.get('/users/sign_in');
    await b.post('/users/sign_in', { email: user.email }, { headers: ip(++ipCounter) });
    const token = new URL((await lastEmailTo(h.db, user.email))!.fields.sign_in_url!).searchParams.get('login_token')!;
    const res = await h.app.request('https://lp.example/users/sign_in_with_token', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: b.csrf(), login_token: token }),
      headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-lp_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/Path=\//);
    const id = session.split(';')[0]!.split('=')[1]!;
    const [row] = await h.db.select().from(webSessions).where(eq(webSessions.idHash, await sha256(id)));
    expect(row!.userId).toBe(user.id);
    expect(JSON.stringify(await h.db.select().from(webSessions))).not.toContain(id);

    // Over plain http (local development) the cookie cannot be Secure.
    const local = await signIn(h, (await createWebUser(h.db, lp.id)).email, browser(h));
    expect(local.cookies.has('lp_session')).toBe(true);
  });

  it('signs out: the session row is deleted and the old cookie no longer works', async () => {
    const user = await createWebUser(h.db, lp.id);
    const b = await signIn(h, user.email);
    const cookie = b.cookies.get('lp_session')!;
    const out = await b.get('/users/sign_out');
    expect(out.headers.get('location')).toBe('/users/signed-out');
    expect(await textOf(await b.get('/users/signed-out'))).toContain('You have signed out');
    const replay = await h.app.request('http://localhost/dashboard', { headers: { cookie: `lp_session=${cookie}` } });
    expect(replay.status).toBe(302);
    expect(await h.db.select().from(webSessions).where(eq(webSessions.idHash, await sha256(cookie)))).toHaveLength(0);
  });

  it('does not sign out from a link on another site without asking', async () => {
    const user = await createWebUser(h.db, lp.id);
    const b = await signIn(h, user.email);
    const res = await b.get('/users/sign_out', { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(200);
    expect((await b.get('/dashboard')).status).toBe(200);
  });

  it('throttles sign-in requests: 5 per 20 seconds per IP address', async () => {
    const b = browser(h);
    await b.get('/users/sign_in');
    const headers = { 'x-real-ip': '192.0.2.77' };
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await b.post('/users/sign_in', { email: `throttle${i}@unknown.example` }, { headers })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const before = await h.db.select().from(emails).where(eq(emails.to, 'throttle5@unknown.example'));
    expect(before).toHaveLength(0);
    // Another address is not affected; the next window is open again.
    expect((await b.post('/users/sign_in', { email: 'other@unknown.example' }, { headers: { 'x-real-ip': '192.0.2.78' } })).status).toBe(200);
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 20_000);
    try {
      expect((await b.post('/users/sign_in', { email: 'again@unknown.example' }, { headers })).status).toBe(200);
    } finally {
      h.clock.now = saved;
    }
  });

  it('on Node, throttles by the connection’s address: a forged X-Real-IP does not help, unless a proxy header is configured', async () => {
    const b = browser(h);
    await b.get('/users/sign_in');
    const post = (app: Harness['app'], i: number) => app.request('http://localhost/users/sign_in', {
      method: 'POST',
      headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', 'x-real-ip': `203.0.113.${i}` },
      body: new URLSearchParams({ _csrf: b.csrf(), email: `forged${i}@unknown.example` }),
    }, { incoming: { socket: { remoteAddress: '198.51.100.9' } } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(h.app, i)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const proxied = await createHarness({ CLIENT_IP_HEADER: 'X-Real-IP' });
    try {
      const again = [];
      for (let i = 0; i < 6; i++) again.push((await post(proxied.app, i)).status);
      expect(again).toEqual([200, 200, 200, 200, 200, 200]);
    } finally {
      proxied.close();
    }
  });

  it('ends a session after two weeks without use, and the housekeeping job deletes what has expired', async () => {
    const user = await createWebUser(h.db, lp.id);
    const b = await signIn(h, user.email);
    const saved = h.clock.now;
    try {
      h.clock.now = new Date(saved.getTime() + 13 * 86_400_000);
      expect((await b.get('/dashboard')).status).toBe(200); // used: good for another two weeks
      h.clock.now = new Date(saved.getTime() + 26 * 86_400_000);
      expect((await b.get('/dashboard')).status).toBe(200);
      h.clock.now = new Date(saved.getTime() + 41 * 86_400_000);
      expect((await b.get('/dashboard')).status).toBe(302);
      const before = (await h.db.select().from(webSessions)).length;
      await deleteExpiredAuthData(h.db, h.clock.now);
      await deleteAbandonedWizards(h.db, h.clock.now);
      expect((await h.db.select().from(webSessions)).length).toBeLessThan(before);
      expect((await h.db.select().from(webSessions)).every((s) => s.expiresAt > h.clock.now)).toBe(true);
      expect((await h.db.select().from(signInTokens)).every((t) => t.expiresAt > h.clock.now)).toBe(true);
    } finally {
      h.clock.now = saved;
    }
  });

  it('sends signed-out visitors of provider pages to sign in, remembering the page they asked for', async () => {
    expect((await browser(h).get('/dashboard')).headers.get('location')).toBe('/users/sign_in');
    for (const path of ['/lead-providers/your-schools', '/lead-providers/report-schools/start?cohort=2025', '/support']) {
      const res = await browser(h).get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe(`/users/sign_in?return_to=${encodeURIComponent(path)}`);
    }
  });

  it('after sign-in, returns to the page that was asked for, through the emailed link', async () => {
    const user = await createWebUser(h.db, lp.id);
    const { b } = fresh();
    const asked = '/lead-providers/your-schools?cohort=2025&query=school';
    const first = await b.get(asked);
    const signInPath = first.headers.get('location')!;
    const form = await (await b.get(signInPath)).text();
    expect(form).toContain(`<input type="hidden" name="return_to" value="${asked.replace(/&/g, '&amp;')}"/>`);
    await b.post('/users/sign_in', { email: user.email, return_to: asked }, { headers: ip(++ipCounter) });
    const link = (await lastEmailTo(h.db, user.email, 'sign_in_link'))!.fields.sign_in_url!;
    expect(new URL(link).searchParams.get('return_to')).toBe(asked);
    const confirm = await (await b.get(pathOf(link))).text();
    expect(confirm).toContain('name="return_to"');
    const done = await b.post('/users/sign_in_with_token', { login_token: new URL(link).searchParams.get('login_token')!, return_to: asked });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(asked);
    // Already signed in: the sign-in page sends straight there too.
    expect((await b.get(signInPath)).headers.get('location')).toBe(asked);
  });

  it('never returns to another site, or to sign-in or sign-out itself, whatever return_to says', async () => {
    const hostile = [
      '//evil.example', '//evil.example/lead-providers', 'https://evil.example/', 'http:evil.example', '/\\evil.example', '\\\\evil.example',
      '/\t/evil.example', '/\n/evil.example', '/%09/evil.example', ' /dashboard', 'javascript:alert(1)', '/users/sign_out', '/users/sign_in?return_to=//evil',
      '/lead-providers/..//evil.example', '/api/v3/participants', 'lead-providers', '/lead-providers\\@evil.example', '',
    ];
    const user = await createWebUser(h.db, lp.id);
    for (const value of hostile) {
      const { b } = fresh();
      const form = await (await b.get(`/users/sign_in?return_to=${encodeURIComponent(value)}`)).text();
      expect(form, value).not.toContain('name="return_to"');
    }
    // Straight to the last step, with a real link and a hostile return_to: the overview.
    const saved = h.clock.now;
    onTestFinished(() => { h.clock.now = saved; });
    for (const value of hostile.slice(0, 4)) {
      const { b, requestLink } = fresh();
      await requestLink(user.email);
      h.clock.now = new Date(h.clock.now.getTime() + 13 * 60 * 1000); // stay under 5 links an hour per address
      const token = new URL((await lastEmailTo(h.db, user.email, 'sign_in_link'))!.fields.sign_in_url!).searchParams.get('login_token')!;
      const done = await b.post('/users/sign_in_with_token', { login_token: token, return_to: value });
      expect(done.headers.get('location'), value).toBe('/dashboard');
    }
  });
});
