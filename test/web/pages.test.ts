import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportRequests } from '../../db/schema';
import { isWebPath } from '../../api/web';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { browser, createWebUser, lastEmailTo, signIn, textOf } from './web-support';

let h: Harness;
let prod: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness({ SUPPORT_EMAIL: 'help@lp-support.example', FEEDBACK_URL: 'https://feedback.example/form' });
  prod = await createHarness({ APP_ENV: 'production' });
  lp = await createLeadProvider(h.db, { name: 'Pages Provider' });
});
afterAll(() => {
  h.close();
  prod.close();
});

describe('every page', () => {
  it('has the GOV.UK template: language, skip link, main landmark, stylesheet, scripts without inline code', async () => {
    const html = await (await browser(h).get('/lead-providers')).text();
    expect(html.startsWith('<!DOCTYPE html><html lang="en" class="govuk-template">')).toBe(true);
    expect(html).toContain('<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>');
    expect(html).toContain('<main class="govuk-main-wrapper" id="main-content">');
    expect(html).toContain('<link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css"/>');
    expect(html).toContain('<script type="module" src="/assets/govuk/init.js"></script>');
    expect(html).not.toMatch(/<script>[^<]/);
  });

  it('links the service’s own stylesheet, whose responsive tables label every cell on a phone', async () => {
    const html = await (await browser(h).get('/lead-providers')).text();
    expect(html).toContain('<link rel="stylesheet" href="/assets/govuk/app.css"/>');
    const { copyGovukAssets } = await import('../../api/web/build/copy-govuk-assets');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'lp-assets-'));
    try {
      copyGovukAssets(dir);
      const css = readFileSync(join(dir, 'app.css'), 'utf8');
      expect(css).toContain('@media (max-width: 40.0525em)');
      expect(css).toMatch(/\.app-table__cell-label \{ display: block;/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the configured feedback link in the phase banner and the configured support email in the footer', async () => {
    const html = await (await browser(h).get('/lead-providers')).text();
    expect(html).toContain('<strong class="govuk-tag govuk-phase-banner__content__tag">Test</strong>');
    expect(html).toContain('href="https://feedback.example/form" target="_blank" rel="noopener noreferrer">Tell us what you think (opens in new tab)</a>');
    expect(html).toContain('href="mailto:help@lp-support.example"');
    const production = await (await browser(prod).get('/lead-providers')).text();
    expect(production).toContain('govuk-phase-banner__content__tag">Beta</strong>');
  });

  it('sends security headers: no framing, a strict content security policy, no caching of personal pages', async () => {
    const res = await browser(h).get('/lead-providers');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers an unknown page of the service with a page, and leaves other paths to the API', async () => {
    const res = await browser(h).get('/lead-providers/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await textOf(res)).toContain('Page not found');
    const api = await h.request('/api/v3/nothing');
    expect(api.headers.get('content-type')).not.toContain('text/html');
    expect(isWebPath('/lead-providers')).toBe(true);
    expect(isWebPath('/users/sign_in')).toBe(true);
    expect(isWebPath('/api/v3/partnerships/ecf')).toBe(false);
    expect(isWebPath('/supporters')).toBe(false);
    expect(isWebPath('/dashboards')).toBe(false);
  });
});

describe('public pages', () => {
  it('the bare address sends people to the service’s front page, not a JSON 404', async () => {
    const res = await browser(h).get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/lead-providers');
    expect(await textOf(await browser(h).follow(res))).toContain('Confirm and check the schools you train');
  });

  it('the landing page links to sign in and the guide', async () => {
    const res = await browser(h).get('/lead-providers');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/dashboard"');
    expect(html).toContain('href="/lead-providers/partnership-guide"');
  });

  it('the partnership guide explains CSV rules, every row error and the challenge reasons', async () => {
    const text = await textOf(await browser(h).get('/lead-providers/partnership-guide'));
    expect(text).toContain('Guide for lead providers: managing your schools');
    expect(text).toContain('No school has this URN');
    expect(text).toContain('We have not agreed to work with this provider');
    expect(text).toContain('help@lp-support.example');
  });
});

describe('support', () => {
  it('is for signed-in users: the message is required, then stored and emailed to the support address', async () => {
    const user = await createWebUser(h.db, lp.id, { name: 'Help Seeker' });
    const b = await signIn(h, user.email);
    const form = await b.get('/support');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<label class="govuk-label govuk-label--l" for="message">How can we help?</label>');
    const empty = await b.post('/support', { message: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('<a href="#message">Enter your message</a>');
    const tooLong = await b.post('/support', { message: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
    const sent = await b.post('/support', { message: 'The CSV page says my file is empty <b>but</b> it is not' });
    expect(sent.headers.get('location')).toBe('/support/sent');
    expect(await textOf(await b.get('/support/sent'))).toContain(`We will reply to ${user.email}`);
    const [row] = await h.db.select().from(supportRequests).where(eq(supportRequests.userId, user.id));
    expect(row).toMatchObject({ leadProviderId: lp.id, message: 'The CSV page says my file is empty <b>but</b> it is not' });
    const email = (await lastEmailTo(h.db, 'help@lp-support.example', 'support_request'))!;
    expect(email.fields).toMatchObject({ lead_provider_name: 'Pages Provider', user_name: 'Help Seeker', user_email: user.email });
  });

  it('footer offers the support form when signed in', async () => {
    const b = await signIn(h, (await createWebUser(h.db, lp.id)).email);
    expect(await (await b.get('/dashboard')).text()).toContain('<a class="govuk-footer__link" href="/support">Send us a message</a>');
  });
});

describe('the outbox (sent emails)', () => {
  it('lists emails with their links outside production', async () => {
    const user = await createWebUser(h.db, lp.id);
    const b = browser(h);
    await b.get('/users/sign_in');
    await b.post('/users/sign_in', { email: user.email }, { headers: { 'x-real-ip': '198.51.100.1' } });
    const res = await b.get(`/outbox?to=${encodeURIComponent(user.email)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sign-in link');
    expect(html).toMatch(/<a class="govuk-link" href="http:\/\/localhost:8787\/users\/confirm_sign_in\?login_token=[A-Za-z0-9_-]+">/);
  });

  it('does not exist in production', async () => {
    const res = await browser(prod).get('/outbox');
    expect(res.status).toBe(404);
  });
});
