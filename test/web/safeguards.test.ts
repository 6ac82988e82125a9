import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { configSchema } from '../../api/env';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';
import { SIGN_IN_EMAILS_PER_ADDRESS, SUPPORT_MESSAGES_PER_USER } from '../../api/web/auth/recipient-limits';
import { OUTBOX_TOKEN_LIMIT } from '../../api/web/outbox/routes';
import { emails, supportRequests } from '../../db/schema';
import { createDeliveryPartner, createLeadProvider, createProviderRelationship, createSchool, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { browser, createWebUser, lastEmailTo, pathOf, signIn, textOf, type Browser } from './web-support';

// Issue 16: the sandbox's outbox must not hand out other people's sign-in links, and sign-in and
// support emails are limited per recipient and per sender.

let sandbox: Harness;
let dev: Harness;
let a: LeadProviderFixture;
let b: LeadProviderFixture;
let aUser: { id: string; email: string };
let bUser: { id: string; email: string };
let ipCounter = 0;
const freshIp = () => ({ 'x-real-ip': `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}` });

async function requestLink(h: Harness, email: string, br: Browser = browser(h)) {
  await br.get('/users/sign_in');
  return br.post('/users/sign_in', { email }, { headers: freshIp() });
}

/** Confirms a school with the provider through the API, so the school is emailed its challenge link. */
async function confirmSchool(h: Harness, lp: LeadProviderFixture, dp: string) {
  const school = await createSchool(h.db, { name: `Outbox School ${crypto.randomUUID().slice(0, 6)}`, primaryEmail: `office-${crypto.randomUUID().slice(0, 8)}@school.example` });
  const res = await h.request('/api/v3/partnerships/ecf', {
    method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { type: 'ecf-partnership', attributes: { cohort: '2025', school_id: school.id, delivery_partner_id: dp } } }),
  });
  expect(res.status).toBe(200);
  return { school, id: (await readJson(res)).data.id as string, link: (await lastEmailTo(h.db, school.primaryContactEmail!))!.fields.challenge_url! };
}

let aSchool: Awaited<ReturnType<typeof confirmSchool>>;
let bSchool: Awaited<ReturnType<typeof confirmSchool>>;

beforeAll(async () => {
  sandbox = await createHarness({ APP_ENV: 'sandbox' });
  dev = await createHarness({ APP_ENV: 'development' });
  a = await createLeadProvider(sandbox.db, { name: 'Outbox Provider A' });
  b = await createLeadProvider(sandbox.db, { name: 'Outbox Provider B' });
  const dpA = (await createDeliveryPartner(sandbox.db, { name: 'Outbox DP A' })).id;
  const dpB = (await createDeliveryPartner(sandbox.db, { name: 'Outbox DP B' })).id;
  await createProviderRelationship(sandbox.db, a.id, dpA, 2025);
  await createProviderRelationship(sandbox.db, b.id, dpB, 2025);
  aUser = await createWebUser(sandbox.db, a.id, { name: 'Alice at A' });
  bUser = await createWebUser(sandbox.db, b.id, { name: 'Bob at B' });
  expect((await requestLink(sandbox, aUser.email)).status).toBe(200);
  expect((await requestLink(sandbox, bUser.email)).status).toBe(200);
  aSchool = await confirmSchool(sandbox, a, dpA);
  bSchool = await confirmSchool(sandbox, b, dpB);
});
afterAll(() => {
  sandbox.close();
  dev.close();
});

const signInLinkOf = async (h: Harness, email: string) => (await lastEmailTo(h.db, email, 'sign_in_link'))!.fields.sign_in_url!;

describe('the outbox in a deployed sandbox (APP_ENV=sandbox)', () => {
  it('shows an anonymous visitor no emails at all: only a form asking for the provider’s API token', async () => {
    const aLink = await signInLinkOf(sandbox, aUser.email);
    const stranger = browser(sandbox);
    for (const path of ['/outbox', `/outbox?to=${encodeURIComponent(aUser.email)}`, `/outbox?to=${encodeURIComponent(aSchool.school.primaryContactEmail!)}`]) {
      const res = await stranger.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain(aLink);
      expect(html).not.toContain('login_token');
      expect(html).not.toContain('report-incorrect-partnership?token');
      expect(html).not.toContain(aUser.email);
      expect(html).toContain('<label class="govuk-label govuk-label--s" for="api_token">Sandbox API token</label>');
    }
    // No token, a wrong token, a wrong bearer header: an error, still no emails.
    const empty = await stranger.post('/outbox', { api_token: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('<a href="#api_token">Enter your sandbox API token</a>');
    const wrong = await stranger.post('/outbox', { api_token: 'x'.repeat(32) });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('login_token');
    const bearer = await stranger.get('/outbox', { authorization: `Bearer ${'y'.repeat(32)}` });
    expect(bearer.status).toBe(401);
    expect(await bearer.text()).not.toContain('login_token');
  });

  it('with provider A’s API token shows A’s users’ sign-in links and A’s schools’ links, never B’s', async () => {
    const aLink = await signInLinkOf(sandbox, aUser.email);
    const bLink = await signInLinkOf(sandbox, bUser.email);
    const viewer = browser(sandbox);
    await viewer.get('/outbox');
    const viaForm = await viewer.post('/outbox', { api_token: a.token });
    const viaHeader = await browser(sandbox).get('/outbox', { authorization: `Bearer ${a.token}` });
    for (const res of [viaForm, viaHeader]) {
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`href="${aLink}"`);
      expect(html).toContain(`href="${aSchool.link}"`);
      expect(html).not.toContain(bLink);
      expect(html).not.toContain(bSchool.link);
      expect(html).not.toContain(bUser.email);
      expect(html).not.toContain(bSchool.school.name);
    }
    // Asking for B's address with A's token finds nothing.
    const probing = await viewer.post('/outbox', { api_token: a.token, to: bUser.email });
    expect(await probing.text()).not.toContain(bLink);
  });

  it('lets a provider sign in for the first time from its own outbox, then shows a signed-in user only its provider’s emails', async () => {
    const newcomer = await createWebUser(sandbox.db, a.id, { name: 'New at A' });
    const b1 = browser(sandbox);
    await requestLink(sandbox, newcomer.email, b1);
    const html = await (await b1.post('/outbox', { api_token: a.token, to: newcomer.email })).text();
    const link = /href="(http:\/\/localhost:8787\/users\/confirm_sign_in\?login_token=[A-Za-z0-9_-]+)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    expect(await textOf(await b1.get(pathOf(link!)))).toContain('Continue to sign in');
    const done = await b1.post('/users/sign_in_with_token', { login_token: new URL(link!).searchParams.get('login_token')! });
    expect(done.headers.get('location')).toBe('/dashboard');
    // Signed in: the outbox shows A's emails without the token, and none of B's.
    const signedIn = await (await b1.get('/outbox')).text();
    expect(signedIn).toContain(aSchool.link);
    expect(signedIn).not.toContain(await signInLinkOf(sandbox, bUser.email));
    expect(signedIn).not.toContain(bSchool.link);
  });

  it('throttles token guesses per IP address', async () => {
    const guesser = browser(sandbox);
    await guesser.get('/outbox');
    const headers = freshIp();
    for (let i = 0; i < OUTBOX_TOKEN_LIMIT.requests; i++) {
      expect((await guesser.post('/outbox', { api_token: `guess-${i}-${'z'.repeat(26)}` }, { headers })).status).toBe(401);
    }
    const over = await guesser.post('/outbox', { api_token: a.token }, { headers });
    expect(over.status).toBe(429);
    const text = await textOf(over);
    expect(text).toContain('You have tried to enter an API token too many times in a short time. Wait a minute, then try again.');
    expect(text).not.toContain('login_token');
  });
});

describe('the outbox in development', () => {
  it('still shows every email to anyone, each as its recipient reads it', async () => {
    const lp1 = await createLeadProvider(dev.db, { name: 'Dev Provider One' });
    const lp2 = await createLeadProvider(dev.db, { name: 'Dev Provider Two' });
    const u1 = await createWebUser(dev.db, lp1.id, { name: 'Dee Veloper' });
    const u2 = await createWebUser(dev.db, lp2.id);
    await requestLink(dev, u1.email);
    await requestLink(dev, u2.email);
    const res = await browser(dev).get('/outbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="${await signInLinkOf(dev, u1.email)}"`);
    expect(html).toContain(`href="${await signInLinkOf(dev, u2.email)}"`);
    // The email as it reads: its subject and body, with the fields filled in.
    const text = await textOf(new Response(html));
    expect(text).toContain('Your link to sign in');
    expect(text).toContain('Dear Dee Veloper Use this link to sign in to Manage early career teacher training:');
    expect(text).toMatch(/The link works once, until \d{1,2}:\d\d[ap]m on \d{1,2} \w+ \d{4} \(60 minutes\)/);
    expect(text).not.toContain('((');
  });
});

describe('sign-in emails per address', () => {
  it('sends at most 5 an hour to one address, from any IP and any server process, with the same page every time', async () => {
    const h = dev;
    const lp = await createLeadProvider(h.db, { name: 'Limited Provider' });
    const user = await createWebUser(h.db, lp.id);
    // A second app on the same database: a second server process or Worker isolate.
    const config = configSchema.parse({ APP_ENV: 'development' });
    const other = createApp({ db: h.db, config, clock: () => h.clock.now, rateLimiter: createMemoryRateLimiter() });
    const otherHarness = { ...h, app: other } as Harness;
    const sent = async () => (await h.db.select().from(emails).where(and(eq(emails.to, user.email), eq(emails.template, 'sign_in_link')))).length;
    const pages: string[] = [];
    for (let i = 0; i < SIGN_IN_EMAILS_PER_ADDRESS.emails + 3; i++) {
      const res = await requestLink(i % 2 === 0 ? h : otherHarness, user.email);
      expect(res.status).toBe(200);
      pages.push((await textOf(res)).replace(/Development|Test/g, ''));
    }
    expect(await sent()).toBe(SIGN_IN_EMAILS_PER_ADDRESS.emails);
    // The page does not say the limit was reached: it cannot be used to learn about an address.
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain(`We have sent a sign-in link to ${user.email}`);
    // An hour after the first, the address can be sent a link again.
    h.clock.now = new Date(h.clock.now.getTime() + 61 * 60 * 1000);
    await requestLink(h, user.email);
    expect(await sent()).toBe(SIGN_IN_EMAILS_PER_ADDRESS.emails + 1);
  });

  it('limits emails to an address with no account the same way', async () => {
    const address = `nobody-${crypto.randomUUID().slice(0, 8)}@unknown.example`;
    for (let i = 0; i < SIGN_IN_EMAILS_PER_ADDRESS.emails + 2; i++) expect((await requestLink(dev, address)).status).toBe(200);
    const rows = await dev.db.select().from(emails).where(eq(emails.to, address));
    expect(rows).toHaveLength(SIGN_IN_EMAILS_PER_ADDRESS.emails);
    expect(rows.every((r) => r.template === 'sign_in_unknown_email')).toBe(true);
  });
});

describe('support messages per user', () => {
  it('takes at most 5 an hour from one user; the 6th is refused with a clear error and the message kept in the form', async () => {
    const lp = await createLeadProvider(dev.db, { name: 'Chatty Provider' });
    const user = await createWebUser(dev.db, lp.id);
    const br = await signIn(dev, user.email);
    for (let i = 0; i < SUPPORT_MESSAGES_PER_USER.messages; i++) {
      expect((await br.post('/support', { message: `Question ${i}` })).headers.get('location')).toBe('/support/sent');
    }
    const over = await br.post('/support', { message: 'One more question' });
    expect(over.status).toBe(429);
    const html = await over.text();
    expect(html).toContain('<a href="#message">You have sent 5 messages in the last hour.');
    expect(html).toContain('One more question</textarea>');
    const stored = await dev.db.select().from(supportRequests).where(eq(supportRequests.userId, user.id));
    expect(stored).toHaveLength(SUPPORT_MESSAGES_PER_USER.messages);
    dev.clock.now = new Date(dev.clock.now.getTime() + 61 * 60 * 1000);
    expect((await br.post('/support', { message: 'Next hour' })).headers.get('location')).toBe('/support/sent');
  });
});
