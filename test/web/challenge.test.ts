import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortId } from '../../db/reference-data/load';
import { emails, partnerships, schoolCohorts } from '../../db/schema';
import { queuePartnershipReminders } from '../../api/email/reminders';
import { challengeReasonLabels } from '../../api/web/challenge/reasons';
import { createDeliveryPartner, createLeadProvider, createProviderRelationship, createSchool, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { browser, createWebUser, lastEmailTo, pathOf, signIn, textOf } from './web-support';

let h: Harness;
let lp: LeadProviderFixture;
let dp: string;
let users: { id: string; email: string }[];

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { name: 'Challenged Provider' });
  dp = (await createDeliveryPartner(h.db, { name: 'Challenge DP' })).id;
  await createProviderRelationship(h.db, lp.id, dp, 2025);
  users = [await createWebUser(h.db, lp.id, { name: 'First Person' }), await createWebUser(h.db, lp.id, { name: 'Second Person' })];
});
afterAll(() => h.close());

/** Confirms a partnership through the API and returns the school's emailed challenge link. */
async function confirmed(opts: { email?: string } = {}) {
  const school = await createSchool(h.db, { name: `Challenging School ${crypto.randomUUID().slice(0, 4)}`, primaryEmail: opts.email ?? `office-${crypto.randomUUID().slice(0, 8)}@school.example` });
  const res = await h.request('/api/v3/partnerships/ecf', {
    method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { type: 'ecf-partnership', attributes: { cohort: '2025', school_id: school.id, delivery_partner_id: dp } } }),
  });
  expect(res.status).toBe(200);
  const id = (await readJson(res)).data.id as string;
  const email = (await lastEmailTo(h.db, school.primaryContactEmail!))!;
  return { school, id, link: pathOf(email.fields.challenge_url!) };
}

describe('a school reports that a partnership is wrong', () => {
  it('shows the reasons, needs one, then records the challenge through the partnership service and tells the provider', async () => {
    const { school, id, link } = await confirmed();
    const s = browser(h);
    const form = await s.get(link);
    expect(form.status).toBe(200);
    const text = await textOf(form);
    expect(text).toContain(`Challenged Provider, with the delivery partner Challenge DP, told DfE that ${school.name} has agreed to work with them`);
    for (const label of Object.values(challengeReasonLabels)) expect(text).toContain(label);
    const token = new URL(`http://x${link}`).searchParams.get('token')!;

    const none = await s.post('/report-incorrect-partnership', { token });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('<a href="#reason">Select why this confirmation is wrong</a>');
    const bogus = await s.post('/report-incorrect-partnership', { token, reason: 'because' });
    expect(bogus.status).toBe(400);

    const [before] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    const done = await s.post('/report-incorrect-partnership', { token, reason: 'not_confirmed' });
    expect(done.headers.get('location')).toBe('/report-incorrect-partnership/success');
    expect(await textOf(await s.get('/report-incorrect-partnership/success'))).toContain('We have received your report');

    const [after] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    expect(after!.challengeReason).toBe('not_confirmed');
    expect(after!.challengedAt!.getTime()).toBe(h.clock.now.getTime());
    expect(after!.apiUpdatedAt.getTime()).toBeGreaterThan(before!.apiUpdatedAt.getTime());
    // The API shows it challenged.
    const api = await readJson(await h.request(`/api/v3/partnerships/ecf/${id}`, { token: lp.token }));
    expect(api.data.attributes).toMatchObject({ status: 'challenged', challenged_reason: 'not_confirmed' });

    // Every user of the provider is emailed.
    for (const user of users) {
      const email = (await lastEmailTo(h.db, user.email, 'partnership_challenged'))!;
      expect(email.template).toBe('partnership_challenged');
      expect(email.fields).toMatchObject({ school_name: school.name, school_urn: school.urn, reason: challengeReasonLabels.not_confirmed, cohort: '2025 to 2026' });
      expect(email.fields.school_url).toBe(`http://localhost:8787/lead-providers/partnerships/${id}`);
    }

    // The provider sees the tag and the notice.
    const lpBrowser = await signIn(h, users[0]!.email);
    const list = await textOf(await lpBrowser.get(`/lead-providers/your-schools?cohort=2025&query=${encodeURIComponent(school.urn)}`));
    expect(list).toContain(`${school.name} Reported error`);
    const page = await textOf(await lpBrowser.get(`/lead-providers/partnerships/${id}`));
    expect(page).toContain(`“${challengeReasonLabels.not_confirmed}”`);

    // Using the link again: already reported.
    const again = await s.get(link);
    expect(again.headers.get('location')).toBe(`/report-incorrect-partnership/already-challenged?token=${token}`);
    expect(await textOf(await s.get(again.headers.get('location')!))).toContain(`Someone at ${school.name} has already reported this`);
    const twice = await s.post('/report-incorrect-partnership', { token, reason: 'mistake' });
    expect(twice.headers.get('location')).toBe(`/report-incorrect-partnership/already-challenged?token=${token}`);
  });

  it('records “no early career teachers” as the school’s choice for the cohort', async () => {
    const { school, link } = await confirmed();
    const s = browser(h);
    await s.get(link);
    const token = new URL(`http://x${link}`).searchParams.get('token')!;
    await s.post('/report-incorrect-partnership', { token, reason: 'no_ects' });
    const [choice] = await h.db.select().from(schoolCohorts).where(and(eq(schoolCohorts.schoolId, school.id), eq(schoolCohorts.cohortId, cohortId(2025))));
    expect(choice!.inductionProgrammeChoice).toBe('no_early_career_teachers');
  });

  it('says the link has expired after the challenge deadline', async () => {
    const { id, link } = await confirmed();
    const [row] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    const saved = h.clock.now;
    h.clock.now = new Date(row!.challengeDeadline!.getTime() + 1000);
    try {
      const s = browser(h);
      const res = await s.get(link);
      expect(res.headers.get('location')).toBe('/report-incorrect-partnership/link-expired');
      expect(await textOf(await s.get('/report-incorrect-partnership/link-expired'))).toContain('This link has expired');
      const token = new URL(`http://x${link}`).searchParams.get('token')!;
      expect((await s.post('/report-incorrect-partnership', { token, reason: 'mistake' })).headers.get('location')).toBe('/report-incorrect-partnership/link-expired');
    } finally {
      h.clock.now = saved;
    }
    const [still] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    expect(still!.challengeReason).toBeNull();
  });

  it('is a 404 for an unknown token, and for the old link once the partnership is reported again', async () => {
    const s = browser(h);
    expect((await s.get('/report-incorrect-partnership?token=nope')).status).toBe(404);
    expect((await s.get('/report-incorrect-partnership')).status).toBe(404);
    await s.get('/lead-providers');
    expect((await s.post('/report-incorrect-partnership', { token: 'nope', reason: 'mistake' })).status).toBe(404);
  });
});

describe('a school’s pages', () => {
  it('tell a school using a replaced link that a newer one was sent (not “page not found”), and the new link works', async () => {
    const { school, id, link } = await confirmed();
    const dp2 = (await createDeliveryPartner(h.db, { name: 'Second Challenge DP' })).id;
    await createProviderRelationship(h.db, lp.id, dp2, 2025);
    // The provider reports the partnership again (a new delivery partner): a new email, a new link.
    const res = await h.request(`/api/v3/partnerships/ecf/${id}`, {
      method: 'PUT', token: lp.token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'ecf-partnership', attributes: { delivery_partner_id: dp2 } } }),
    });
    expect(res.status).toBe(200);
    const newLink = pathOf((await lastEmailTo(h.db, school.primaryContactEmail!, 'partnership_delivery_partner_changed'))!.fields.challenge_url!);
    expect(newLink).not.toBe(link);
    const s = browser(h);
    const old = await s.get(link);
    expect(old.status).toBe(410);
    const text = await textOf(old);
    expect(text).toContain(`We have sent ${school.name} a newer link`);
    expect(text).toContain('Use the link in the most recent email from us');
    expect(text).not.toContain('Page not found');
    // Posting the old token gets the same answer and changes nothing.
    await s.get('/lead-providers');
    const oldToken = new URL(`http://x${link}`).searchParams.get('token')!;
    expect((await s.post('/report-incorrect-partnership', { token: oldToken, reason: 'mistake' })).status).toBe(410);
    const [row] = await h.db.select().from(partnerships).where(eq(partnerships.id, id));
    expect(row!.challengeReason).toBeNull();
    expect((await s.get(newLink)).status).toBe(200);
    // A token that never existed is still "page not found".
    expect((await s.get(`/report-incorrect-partnership?token=${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('show no provider navigation, even to a provider signed in on the same browser', async () => {
    const { link } = await confirmed();
    const signedIn = await signIn(h, users[0]!.email);
    for (const path of [link, '/report-incorrect-partnership?token=unknown', '/report-incorrect-partnership/success', '/report-incorrect-partnership/link-expired']) {
      const html = await (await signedIn.get(path)).text();
      expect(html, path).not.toContain('href="/dashboard"');
      expect(html, path).not.toContain('href="/lead-providers/your-schools"');
      expect(html, path).not.toContain('href="/users/sign_out"');
      expect(html, path).not.toContain('href="/users/sign_in"');
      expect(html, path).not.toContain('href="/support"');
      expect(html, path).toContain('Manage early career teacher training');
    }
    // The provider's own pages keep their navigation.
    expect(await (await signedIn.get('/dashboard')).text()).toContain('href="/users/sign_out"');
  });
});

describe('the reminder 7 days later', () => {
  it('is queued once per report, not before 7 days, and not for a challenged partnership', async () => {
    const start = h.clock.now;
    const a = await confirmed();
    const b = await confirmed();
    const s = browser(h);
    await s.get(b.link);
    await s.post('/report-incorrect-partnership', { token: new URL(`http://x${b.link}`).searchParams.get('token')!, reason: 'mistake' });

    expect(await queuePartnershipReminders(h.db, new Date(start.getTime() + 6 * 86_400_000))).toBe(0);
    const week = new Date(start.getTime() + 7 * 86_400_000 + 1000);
    expect(await queuePartnershipReminders(h.db, week)).toBeGreaterThanOrEqual(1);
    expect(await queuePartnershipReminders(h.db, week)).toBe(0);
    const reminder = (await lastEmailTo(h.db, a.school.primaryContactEmail!, 'partnership_reminder'))!;
    expect(reminder.template).toBe('partnership_reminder');
    expect(pathOf(reminder.fields.challenge_url!)).toBe(a.link);
    const forB = await h.db.select().from(emails).where(and(eq(emails.to, b.school.primaryContactEmail!), eq(emails.template, 'partnership_reminder')));
    expect(forB).toHaveLength(0);
  });
});
