import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium-path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { configSchema } from '../../api/env';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';
import { copyGovukAssets } from '../../api/web/build/copy-govuk-assets';
import { type Db } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { applyMigrations } from '../../db/migrate';
import { cohortId, loadReferenceData } from '../../db/reference-data/load';
import { leadProviderCohorts } from '../../db/schema';
import { createDeliveryPartner, createLeadProvider, createPartnership, createProviderRelationship, createSchool } from '../support/factories';
import { createWebUser } from '../web/web-support';

// The whole journey in a real Chromium against the Node app on a random port, serving the
// GOV.UK Frontend assets as `npm start` does: sign in through the outbox, upload a CSV with good
// and bad rows, continue with the good ones, confirm, see the schools; a school challenges from
// its emailed link; the provider sees it. Every page is checked with axe-core and photographed.

const root = fileURLToPath(new URL('../..', import.meta.url));
const staticRoot = join(root, 'docs/dist');
const screenshots = join(root, 'test/bench/results/screenshots');
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

let dir: string;
let db: Db;
let closeDb: () => void;
let server: ServerType;
let base: string;
let browser: Browser;
const schools: Record<string, { id: string; urn: string; name: string }> = {};
let userEmail: string;
const axeResults: { page: string; serious: string[]; other: string[] }[] = [];
const consoleProblems: string[] = [];

beforeAll(async () => {
  copyGovukAssets();
  mkdirSync(screenshots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'lpapi-browser-'));
  const conn = connectLibsql(`file:${join(dir, 'browser.db')}`);
  db = conn.db;
  closeDb = () => conn.client.close();
  await applyMigrations(db);
  const now = new Date();
  await loadReferenceData(db, now);

  // A provider with two delivery partners in the current registration cohort, and schools.
  const lp = await createLeadProvider(db, { name: 'Horizon Teaching Alliance' });
  const year = await registrationYear(db, now);
  await db.insert(leadProviderCohorts).values({ leadProviderId: lp.id, cohortId: cohortId(year) });
  const dp = await createDeliveryPartner(db, { name: 'Riverside Teaching School Hub' });
  const dp2 = await createDeliveryPartner(db, { name: 'Moorland Learning Trust' });
  await createProviderRelationship(db, lp.id, dp.id, year);
  await createProviderRelationship(db, lp.id, dp2.id, year);
  const rival = await createLeadProvider(db, { name: 'Other Provider' });
  const rivalDp = await createDeliveryPartner(db, { name: 'Elsewhere DP' });
  await createProviderRelationship(db, rival.id, rivalDp.id, year);
  for (const [key, name, opts] of [
    ['oak', 'Oakfield Primary School', {}], ['elm', 'Elmwood Academy', {}], ['ash', 'Ashgrove Community School', {}],
    ['closed', 'Closed Lane Infants', { status: '2' }], ['taken', 'Taken Road Primary', {}],
  ] as const) {
    schools[key] = await createSchool(db, { name, primaryEmail: `office@${key}.school.example`, ...opts });
  }
  await createPartnership(db, { leadProviderId: rival.id, schoolId: schools.taken!.id, year, deliveryPartnerId: rivalDp.id });
  userEmail = (await createWebUser(db, lp.id, { name: 'Priya Shah', email: 'priya.shah@horizon.example' })).email;

  let app: ReturnType<typeof createApp> | undefined;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = configSchema.parse({ APP_ENV: 'development', SERVICE_URL: base });
  app = createApp({
    db, config, clock: () => new Date(), staticFiles: serveStatic({ root: staticRoot }),
    rateLimiter: createMemoryRateLimiter(),
  });

  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  closeDb?.();
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(screenshots, 'axe-summary.json'), JSON.stringify(axeResults, null, 2));
});

async function registrationYear(database: Db, now: Date): Promise<number> {
  const rows = await database.query.cohorts.findMany();
  const open = rows.filter((c) => c.registrationStartDate <= now.toISOString().slice(0, 10)).sort((a, b) => b.startYear - a.startYear);
  return open[0]!.startYear;
}

async function newContext(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  // axe-core is put into every page by the browser (not by the page, whose CSP allows no inline script).
  if (options.javaScriptEnabled !== false) await context.addInitScript({ content: axeSource });
  // Errors in the page's console (script errors, blocked by the content security policy). The
  // error pages' own 4xx statuses are expected.
  context.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
      consoleProblems.push(`${msg.location().url}: ${msg.text()}`);
    }
  });
  context.on('weberror', (err) => consoleProblems.push(String(err.error())));
  return context;
}

/** The main pages, photographed for review (every page is checked with axe). */
const photographed = new Set(['01-landing', '02-sign-in-error', '05-continue-to-sign-in', '06-overview', '08-delivery-partner-error', '09-upload',
  '10-csv-results', '12-review-after-removal', '13-success', '15-challenge-form', '17-challenge-success', '18-your-schools-with-challenge',
  '19-school-with-challenge', '20-support', '26-your-schools-375', '27-overview-375']);

/** axe-core in the page: no serious or critical violations; then a full-page screenshot of the main pages. */
async function check(page: Page, name: string) {
  await page.waitForLoadState('load');
  // In-page code as strings: the project's TypeScript has no DOM types.
  const result = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))
  `);
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
  axeResults.push({ page: name, serious, other: result.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => `${v.id} (${v.impact})`) });
  if (photographed.has(name)) await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  expect(serious, `accessibility violations on ${name}`).toEqual([]);
}

describe('lead provider web service in Chromium', () => {
  it('signs in, uploads a CSV, confirms the valid schools; a school challenges; the provider sees it', async () => {
    const context = await newContext();
    const page = await context.newPage();

    // GOV.UK Frontend is served and its JavaScript runs.
    await page.goto(`${base}/lead-providers`);
    expect(await page.evaluate("document.body.classList.contains('govuk-frontend-supported')")).toBe(true);
    const css = await page.request.get(`${base}/assets/govuk/govuk-frontend.min.css`);
    expect(css.status()).toBe(200);
    expect(await css.text()).toContain('/assets/govuk/fonts/');
    await check(page, '01-landing');

    // Sign in: the start button leads to the sign-in page.
    await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/users/sign_in`);
    // Keyboard order: the first Tab reaches the skip link, which leads to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('email');
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
    // GOV.UK Frontend moves focus to the error summary.
    await expect.poll(() => page.evaluate("document.activeElement?.classList.contains('govuk-error-summary')")).toBe(true);
    await check(page, '02-sign-in-error');
    await page.getByLabel('Email address').fill(userEmail);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await check(page, '03-check-your-email');

    // Follow the link from the outbox.
    await page.goto(`${base}/outbox?to=${encodeURIComponent(userEmail)}`);
    await check(page, '04-outbox');
    await page.locator('a[href*="/users/confirm_sign_in?login_token="]').first().click();
    await page.getByRole('heading', { name: 'Continue to sign in' }).waitFor();
    await check(page, '05-continue-to-sign-in');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('heading', { name: 'Horizon Teaching Alliance' }).waitFor();
    await check(page, '06-overview');

    // Confirm schools: cohort, delivery partner, CSV upload.
    await page.getByRole('link', { name: /^Confirm schools for/ }).first().click();
    await check(page, '07-start');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the delivery partner');
    await check(page, '08-delivery-partner-error');
    await page.getByLabel('Riverside Teaching School Hub').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Upload a CSV of school URNs' }).waitFor();
    await check(page, '09-upload');
    const csvPath = join(dir, 'schools.csv');
    writeFileSync(csvPath, ['URN', schools.oak!.urn, schools.elm!.urn, schools.ash!.urn, schools.closed!.urn, schools.taken!.urn, '999999', '=1+1'].join('\n'));
    await page.locator('input[type=file]').setInputFiles(csvPath);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByRole('heading', { name: 'Some rows in your CSV cannot be confirmed' }).waitFor();
    const results = await page.locator('main').textContent();
    expect(results).toContain('4 rows have errors');
    expect(results).toContain('Closed Lane Infants');
    expect(results).toContain('Another lead provider has already confirmed this school');
    await check(page, '10-csv-results');
    await page.getByRole('button', { name: 'Continue with 3 schools' }).click();
    await page.getByRole('heading', { name: 'Confirm you have an agreement with 3 schools' }).waitFor();
    await check(page, '11-review');
    await page.getByRole('button', { name: 'Remove Ashgrove Community School' }).click();
    await page.getByText('Ashgrove Community School has been removed from the list').waitFor();
    await check(page, '12-review-after-removal');
    await page.getByRole('button', { name: 'Confirm 2 schools' }).click();
    await page.getByRole('heading', { name: 'Schools confirmed' }).waitFor();
    expect(await page.locator('.govuk-panel').textContent()).toContain('2 schools confirmed with Riverside Teaching School Hub');
    await check(page, '13-success');

    // Your schools.
    await page.getByRole('link', { name: 'See your schools' }).click();
    await page.getByRole('heading', { name: 'Your schools' }).waitFor();
    expect(await page.locator('table').textContent()).toContain('Oakfield Primary School');
    await check(page, '14-your-schools');

    // The school challenges through the link in its email (a separate browser, not signed in).
    const schoolContext = await newContext();
    const school = await schoolContext.newPage();
    await school.goto(`${base}/outbox?to=${encodeURIComponent('office@oak.school.example')}`);
    await school.locator('a[href*="/report-incorrect-partnership?token="]').first().click();
    await school.getByRole('group', { name: 'Why is this confirmation wrong?' }).waitFor();
    await check(school, '15-challenge-form');
    await school.getByRole('button', { name: 'Send' }).click();
    expect(await school.locator('.govuk-error-summary').textContent()).toContain('Select why this confirmation is wrong');
    await check(school, '16-challenge-error');
    await school.getByLabel('We have not agreed to work with this provider').check();
    await school.getByRole('button', { name: 'Send' }).click();
    await school.getByRole('heading', { name: 'We have received your report' }).waitFor();
    await check(school, '17-challenge-success');
    await schoolContext.close();

    // The provider sees it: tag in the list, notice on the school's page, and an email.
    await page.reload();
    const row = page.locator('tr', { hasText: 'Oakfield Primary School' });
    expect(await row.textContent()).toContain('Reported error');
    await check(page, '18-your-schools-with-challenge');
    await row.getByRole('link', { name: 'Oakfield Primary School' }).click();
    await page.getByText('This school says it has not agreed to work with you').waitFor();
    expect(await page.locator('main').textContent()).toContain('We have not agreed to work with this provider');
    await check(page, '19-school-with-challenge');
    await page.goto(`${base}/outbox?to=${encodeURIComponent(userEmail)}`);
    expect(await page.locator('main').textContent()).toContain('A school reported a partnership is wrong');

    // The other pages a provider meets.
    await page.goto(`${base}/support`);
    await check(page, '20-support');
    await page.goto(`${base}/lead-providers/partnership-guide`);
    await check(page, '21-guide');
    await page.goto(`${base}/lead-providers/nothing-here`);
    await check(page, '22-not-found');
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    await check(page, '23-signed-out');
    await page.goto(`${base}/users/link-invalid`);
    await check(page, '24-link-invalid');
    await context.close();

    expect(consoleProblems).toEqual([]);
  }, 120_000);

  // Runs after the journey above, whose schools (one challenged) fill the tables.
  it('is usable on a 375px phone: tables become labelled cards, nothing scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(10_000);
    await context.addInitScript({ content: axeSource });
    const page = await context.newPage();
    // Asked for "Your schools" while signed out: after sign-in, that is where the link leads.
    await page.goto(`${base}/lead-providers/your-schools`);
    await page.getByLabel('Email address').fill(userEmail);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.goto(`${base}/outbox?to=${encodeURIComponent(userEmail)}`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth'), 'outbox').toBeLessThanOrEqual(375);
    await page.goto((await page.locator('a[href*="/users/confirm_sign_in?login_token="]').first().getAttribute('href'))!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/lead-providers/your-schools`);
    const wide = () => page.evaluate<number>('document.documentElement.scrollWidth');
    for (const [path, name] of [['/lead-providers/your-schools', '26-your-schools-375'], ['/dashboard', '27-overview-375']] as const) {
      await page.goto(`${base}${path}`);
      await check(page, name);
      expect(await wide(), path).toBeLessThanOrEqual(375);
      // Each cell carries its column's heading where the header row is hidden.
      const label = page.locator('table .app-table__cell-label').first();
      expect(await label.isVisible(), path).toBe(true);
      expect(await page.evaluate<number>("document.querySelector('table thead').getBoundingClientRect().height"), path).toBeLessThanOrEqual(1);
    }
    await page.screenshot({ path: join(screenshots, '27-overview-375.png'), fullPage: true });
    // The same table at desktop width shows the header row and no cell labels.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/lead-providers/your-schools`);
    expect(await page.locator('table .app-table__cell-label').first().isVisible()).toBe(false);
    expect(await page.locator('table thead').isVisible()).toBe(true);
    await context.close();
  }, 60_000);

  it('works without JavaScript: sign in, choose a delivery partner and upload', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/users/sign_in`);
    await page.getByLabel('Email address').fill(userEmail);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: 5000 }).catch(async () => {
      throw new Error(`after sign-in request: ${await page.locator('main').textContent()}`);
    });
    await page.goto(`${base}/outbox?to=${encodeURIComponent(userEmail)}`);
    await page.locator('a[href*="/users/confirm_sign_in?login_token="]').first().click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: /^Confirm schools for/ }).first().click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Moorland Learning Trust').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    // A binary file is refused with a clear message.
    const binary = join(dir, 'schools.xlsx');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    await page.locator('input[type=file]').setInputFiles(binary);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('The selected file must be a CSV file');
    // (axe needs JavaScript in the page; this page was checked with JavaScript on above.)
    await page.screenshot({ path: join(screenshots, '25-upload-error-no-js.png'), fullPage: true });
    const csvPath = join(dir, 'ash.csv');
    writeFileSync(csvPath, `${schools.ash!.urn}\n`);
    await page.locator('input[type=file]').setInputFiles(csvPath);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByRole('button', { name: 'Confirm 1 school' }).click();
    await page.getByRole('heading', { name: 'Schools confirmed' }).waitFor();
    await context.close();
  }, 60_000);
});
