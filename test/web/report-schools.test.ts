import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortId } from '../../db/reference-data/load';
import { emails, leadProviderCohorts, partnershipUploadRows, partnershipUploads, partnerships, schoolCohorts } from '../../db/schema';
import { csvProblemText, rowProblemText } from '../../api/web/report-schools/messages';
import {
  createDeliveryPartner, createLeadProvider, createPartnership, createProviderRelationship, createSchool, createSchoolCohort, type LeadProviderFixture,
} from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { browser, createWebUser, signIn, textOf, type Browser } from './web-support';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let dp: string;
let dp2: string;
let otherDp: string;
let discardedDp: string;
let b: Browser;

const BASE = '/lead-providers/report-schools';

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { name: 'Upload Provider' });
  other = await createLeadProvider(h.db, { name: 'Rival Provider' });
  await h.db.insert(leadProviderCohorts).values([2024, 2025].map((y) => ({ leadProviderId: lp.id, cohortId: cohortId(y) })));
  dp = (await createDeliveryPartner(h.db, { name: 'Alpha Partnerships' })).id;
  dp2 = (await createDeliveryPartner(h.db, { name: 'Beta Learning' })).id;
  otherDp = (await createDeliveryPartner(h.db, { name: 'Rival DP' })).id;
  discardedDp = (await createDeliveryPartner(h.db, { name: 'Gone DP', discardedAt: new Date('2025-01-01T00:00:00Z') })).id;
  await createProviderRelationship(h.db, lp.id, dp, 2025);
  await createProviderRelationship(h.db, lp.id, dp2, 2025);
  await createProviderRelationship(h.db, lp.id, dp2, 2024);
  await createProviderRelationship(h.db, lp.id, discardedDp, 2025);
  await createProviderRelationship(h.db, other.id, otherDp, 2025);
  await createProviderRelationship(h.db, other.id, otherDp, 2024);
  const user = await createWebUser(h.db, lp.id);
  b = await signIn(h, user.email);
});
afterAll(() => h.close());

const csv = (text: string, name = 'schools.csv') => new File([text], name, { type: 'text/csv' });

async function startFor(br: Browser, year = 2025, deliveryPartnerId = dp) {
  expect((await br.post(`${BASE}/start`, { cohort: String(year) })).headers.get('location')).toBe(`${BASE}/delivery-partner`);
  expect((await br.post(`${BASE}/delivery-partner`, { delivery_partner_id: deliveryPartnerId })).headers.get('location')).toBe(`${BASE}/csv`);
}

describe('choosing the cohort and the delivery partner', () => {
  it('starts from a cohort of the provider; an unknown cohort is a 404', async () => {
    const start = await b.get(`${BASE}/start?cohort=2025`);
    expect(start.status).toBe(200);
    expect(await textOf(start)).toContain('2025 to 2026 academic year');
    expect((await b.get(`${BASE}/start?cohort=2019`)).status).toBe(404);
    expect((await b.get(`${BASE}/start?cohort=abc`)).status).toBe(404);
    expect((await b.post(`${BASE}/start`, { cohort: '2019' })).status).toBe(404);
  });

  it('offers only the delivery partners working with the provider in that cohort', async () => {
    await b.post(`${BASE}/start`, { cohort: '2025' });
    const html = await (await b.get(`${BASE}/delivery-partner`)).text();
    expect(html).toContain('Alpha Partnerships');
    expect(html).toContain('Beta Learning');
    expect(html).not.toContain('Rival DP');
    expect(html).not.toContain('Gone DP');
    expect(html).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"><h1 class="govuk-fieldset__heading">');
  });

  it('asks again when no delivery partner, or one not offered, is chosen', async () => {
    await b.post(`${BASE}/start`, { cohort: '2025' });
    for (const choice of [{}, { delivery_partner_id: otherDp }, { delivery_partner_id: discardedDp }] as Record<string, string>[]) {
      const res = await b.post(`${BASE}/delivery-partner`, choice);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('<a href="#delivery_partner_id">Select the delivery partner who will work with these schools</a>');
      expect(html).toContain('id="delivery_partner_id-error"');
    }
  });

  it('says so when no delivery partner works with the provider in the cohort', async () => {
    const lonely = await createLeadProvider(h.db, { name: 'Lonely Provider' });
    await h.db.insert(leadProviderCohorts).values({ leadProviderId: lonely.id, cohortId: cohortId(2025) });
    const lb = await signIn(h, (await createWebUser(h.db, lonely.id)).email);
    await lb.post(`${BASE}/start`, { cohort: '2025' });
    const text = await textOf(await lb.get(`${BASE}/delivery-partner`));
    expect(text).toContain('You have no delivery partners for 2025 to 2026');
    expect((await lb.get(`${BASE}/csv`)).headers.get('location')).toBe(`${BASE}/delivery-partner`);
  });

  it('shows the upload page with the CSV rules and a labelled file field', async () => {
    await startFor(b);
    const html = await (await b.get(`${BASE}/csv`)).text();
    expect(html).toContain('<label class="govuk-label govuk-label--m" for="csv_file">CSV file</label>');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(await textOf(new Response(html))).toContain('Alpha Partnerships, 2025 to 2026');
  });

  it('keeps the wizard on the server, per session: another session of the same user has none', async () => {
    await startFor(b);
    const [upload] = await h.db.select().from(partnershipUploads).where(eq(partnershipUploads.deliveryPartnerId, dp));
    expect(upload).toBeDefined();
    expect([...b.cookies.keys()].sort()).toEqual(['lp_csrf', 'lp_session']);
    const second = await signIn(h, (await createWebUser(h.db, lp.id)).email);
    expect((await second.get(`${BASE}/csv`)).headers.get('location')).toBe('/dashboard');
  });
});

describe('uploading a CSV of URNs', () => {
  it('checks every row against the partnership rules and lists the rows with errors', async () => {
    const valid = await createSchool(h.db, { name: 'Valid Primary' });
    const valid2 = await createSchool(h.db, { name: 'Second Valid School' });
    const zeros = await createSchool(h.db, { name: 'Leading Zero School', urn: '654321' });
    const cip = await createSchool(h.db, { name: 'Independent CIP School', type: '10' });
    const closed = await createSchool(h.db, { name: 'Closed School', status: '2' });
    const mine = await createSchool(h.db, { name: 'Already Mine' });
    await createPartnership(h.db, { leadProviderId: lp.id, schoolId: mine.id, year: 2025, deliveryPartnerId: dp });
    const theirs = await createSchool(h.db, { name: 'Rival School' });
    await createPartnership(h.db, { leadProviderId: other.id, schoolId: theirs.id, year: 2025, deliveryPartnerId: otherDp });
    const waiting = await createSchool(h.db, { name: 'Waiting School' });
    await createPartnership(h.db, { leadProviderId: other.id, schoolId: waiting.id, year: 2024, deliveryPartnerId: otherDp });

    await startFor(b);
    const text = [
      'URN', valid.urn, '', `"${valid2.urn} "`, valid.urn, '0654321', '999999', cip.urn, closed.urn, mine.urn, theirs.urn, waiting.urn,
      '=HYPERLINK("http://evil.example")', '<script>alert(1)</script>',
    ].join('\r\n');
    const res = await b.post(`${BASE}/csv`, { csv_file: csv(`\uFEFF${text}`) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}/csv/errors`);

    const page = await b.get(`${BASE}/csv/errors`);
    const html = await page.text();
    const body = await textOf(new Response(html));
    expect(body).toContain('We read 11 rows from schools.csv');
    expect(body).toContain('8 rows have errors');
    expect(body).toContain('3 rows match schools you can confirm');
    // Row numbers are the spreadsheet's: the header and the blank row count.
    expect(body).toContain(`7 999999 ${rowProblemText.schoolUnknown}`);
    expect(body).toContain(`8 ${cip.urn} Independent CIP School ${rowProblemText.schoolCipOnly}`);
    expect(body).toContain(`9 ${closed.urn} Closed School ${rowProblemText.schoolIneligible}`);
    expect(body).toContain(`10 ${mine.urn} Already Mine ${rowProblemText.alreadyYours}`);
    expect(body).toContain(`11 ${theirs.urn} Rival School ${rowProblemText.anotherProvider}`);
    expect(body).toContain(`12 ${waiting.urn} Waiting School ${rowProblemText.notContinued}`);
    // The repeated URN is merged, and the page says so.
    expect(body).toContain(`1 URN was on more than one row. We have listed each school once (1 row merged): ${valid.urn}: rows 2 and 5`);
    // Hostile cells are shown as text, never as markup.
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('Continue with 3 schools');

    // Continue with the valid ones: the review list.
    const proceed = await b.post(`${BASE}/csv/proceed`);
    expect(proceed.headers.get('location')).toBe(`${BASE}/confirm`);
    const review = await textOf(await b.get(`${BASE}/confirm`));
    expect(review).toContain('Confirm you have an agreement with 3 schools');
    for (const s of [valid, valid2, zeros]) expect(review).toContain(`${s.name} ${s.urn} Westminster Alpha Partnerships`);
    expect(review).not.toContain('Rival School');

    // Remove one.
    const removed = await b.post(`${BASE}/confirm/remove_school`, { school_id: valid2.id });
    expect(removed.headers.get('location')).toBe(`${BASE}/confirm?removed=${valid2.id}`);
    const after = await textOf(await b.get(`${BASE}/confirm?removed=${valid2.id}`));
    expect(after).toContain('Second Valid School has been removed from the list');
    expect(after).toContain('Confirm you have an agreement with 2 schools');
    // A school not on the list is not "removed", and names nothing.
    expect(await textOf(await b.get(`${BASE}/confirm?removed=${theirs.id}`))).not.toContain('has been removed');

    // Confirm: partnerships written, schools emailed, success page.
    const confirm = await b.post(BASE);
    expect(confirm.headers.get('location')).toBe(`${BASE}/success`);
    const success = await textOf(await b.get(`${BASE}/success`));
    expect(success).toContain('2 schools confirmed with Alpha Partnerships for 2025 to 2026');
    for (const s of [valid, zeros]) {
      const [p] = await h.db.select().from(partnerships).where(and(eq(partnerships.schoolId, s.id), eq(partnerships.cohortId, cohortId(2025))));
      expect(p).toMatchObject({ leadProviderId: lp.id, deliveryPartnerId: dp, challengeReason: null, relationship: false });
      const [email] = await h.db.select().from(emails).where(eq(emails.subjectId, p!.id));
      expect(email).toMatchObject({ template: 'partnership_confirmed', to: s.primaryContactEmail });
      expect(JSON.parse(email!.personalisation).challenge_url).toBe(`http://localhost:8787/report-incorrect-partnership?token=${p!.reportId}`);
      const [choice] = await h.db.select().from(schoolCohorts).where(and(eq(schoolCohorts.schoolId, s.id), eq(schoolCohorts.cohortId, cohortId(2025))));
      expect(choice!.inductionProgrammeChoice).toBe('full_induction_programme');
    }
    expect(await h.db.select().from(partnerships).where(eq(partnerships.schoolId, valid2.id))).toHaveLength(0);
    // A second click confirms nothing more.
    expect((await b.post(BASE)).headers.get('location')).toBe(`${BASE}/success`);
    expect(await h.db.select().from(partnerships).where(eq(partnerships.schoolId, valid.id))).toHaveLength(1);
  });

  it('reads column A only: a school in another column is not listed, and the page says the column was ignored, once', async () => {
    const current = await createSchool(h.db, { name: 'Current URN School' });
    const previous = await createSchool(h.db, { name: 'Previous URN School' });
    const other = await createSchool(h.db, { name: 'Third Column School' });
    await startFor(b);
    const file = `URN,Previous URN,Notes\r\n${current.urn},${previous.urn},\r\n${current.urn.slice(0, 0)},${other.urn},see ${other.urn}\r\n`;
    const res = await b.post(`${BASE}/csv`, { csv_file: csv(file) });
    // The row with nothing in column A is not a row: no errors, straight to the review.
    expect(res.headers.get('location')).toBe(`${BASE}/confirm`);
    const review = await b.get(`${BASE}/confirm`);
    const text = await textOf(review);
    expect(text).toContain('Confirm you have an agreement with 1 school');
    expect(text).toContain('Current URN School');
    expect(text).not.toContain('Previous URN School');
    expect(text).not.toContain('Third Column School');
    expect(text.match(/We only read column A/g)).toHaveLength(1);
    expect(text).toContain('Your file also has data in columns B and C, which we ignored');
    const [upload] = await h.db.select().from(partnershipUploads).where(eq(partnershipUploads.status, 'uploaded'));
    const stored = await h.db.select().from(partnershipUploadRows).where(eq(partnershipUploadRows.uploadId, upload!.id));
    expect(stored.map((r) => r.rowNumber)).toEqual([2]);
  });

  it('numbers rows as the spreadsheet does, and reads a spreadsheet’s decimal export (127228.0) as the URN', async () => {
    const decimal = await createSchool(h.db, { name: 'Decimal Export School' });
    const plain = await createSchool(h.db, { name: 'Plain School' });
    await startFor(b);
    const file = ['URN', '', `${decimal.urn}.0`, '', '999999', '127228.5', `${plain.urn}`, `${decimal.urn}`].join('\n');
    expect((await b.post(`${BASE}/csv`, { csv_file: csv(file) })).headers.get('location')).toBe(`${BASE}/csv/errors`);
    const text = await textOf(await b.get(`${BASE}/csv/errors`));
    expect(text).toContain(`5 999999 ${rowProblemText.schoolUnknown}`);
    expect(text).toContain(`6 127228.5 ${rowProblemText.schoolUnknown}`);
    expect(text).toContain('2 rows have errors');
    expect(text).toContain('2 rows match schools you can confirm');
    expect(text).toContain(`${decimal.urn}: rows 3 and 8`);
    await b.post(`${BASE}/csv/proceed`);
    const review = await textOf(await b.get(`${BASE}/confirm`));
    expect(review).toContain('Decimal Export School');
    expect(review).toContain('Plain School');
  });

  it('offers every row with errors as a CSV download when there are more than the page shows, formulas neutralised', async () => {
    await startFor(b);
    const unknown = Array.from({ length: 1_005 }, (_, i) => String(9_000_000 + i));
    const file = ['URN', '=1+2', ...unknown].join('\n');
    expect((await b.post(`${BASE}/csv`, { csv_file: csv(file) })).headers.get('location')).toBe(`${BASE}/csv/errors`);
    const html = await (await b.get(`${BASE}/csv/errors`)).text();
    expect(html).toContain(`href="${BASE}/csv/errors.csv"`);
    expect(await textOf(new Response(html))).toContain('Download all 1,006 rows with errors (CSV)');
    const download = await b.get(`${BASE}/csv/errors.csv`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/csv');
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="rows-with-errors.csv"');
    const lines = (await download.text()).trim().split('\r\n');
    expect(lines[0]).toBe('row,your_data,school,error');
    expect(lines).toHaveLength(1 + 1_006);
    expect(lines[1]).toBe(`2,'=1+2,,${rowProblemText.schoolUnknown}`);
    expect(lines[1_006]).toBe(`1007,9001004,,${rowProblemText.schoolUnknown}`);
    // Another session (even of the same provider) has no such download.
    const stranger = await signIn(h, (await createWebUser(h.db, lp.id)).email);
    expect((await stranger.get(`${BASE}/csv/errors.csv`)).headers.get('location')).toBe('/dashboard');
  });

  it('goes straight to the review list when every row is fine', async () => {
    const s1 = await createSchool(h.db);
    const s2 = await createSchool(h.db);
    await startFor(b);
    const res = await b.post(`${BASE}/csv`, { csv_file: csv(`${s1.urn}\n${s2.urn}\n`) });
    expect(res.headers.get('location')).toBe(`${BASE}/confirm`);
    expect(await textOf(await b.get(`${BASE}/confirm`))).toContain('Confirm you have an agreement with 2 schools');
  });

  it('writes nothing when a school changed after the upload, and says which', async () => {
    const s1 = await createSchool(h.db, { name: 'Stays Fine' });
    const s2 = await createSchool(h.db, { name: 'Taken Meanwhile' });
    await startFor(b);
    await b.post(`${BASE}/csv`, { csv_file: csv(`${s1.urn}\n${s2.urn}`) });
    // Another provider confirms one school between the upload and the confirmation.
    await createPartnership(h.db, { leadProviderId: other.id, schoolId: s2.id, year: 2025, deliveryPartnerId: otherDp });
    const res = await b.post(BASE);
    expect(res.headers.get('location')).toBe(`${BASE}/csv/errors?changed=1`);
    expect(await h.db.select().from(partnerships).where(eq(partnerships.schoolId, s1.id))).toHaveLength(0);
    const page = await textOf(await b.get(`${BASE}/csv/errors?changed=1`));
    expect(page).toContain('Some schools changed since you uploaded your CSV');
    expect(page).toContain(`Taken Meanwhile ${rowProblemText.anotherProvider}`);
    expect(page).toContain('Continue with 1 school');
    // Continuing confirms the one that is still fine.
    await b.post(`${BASE}/csv/proceed`);
    expect((await b.post(BASE)).headers.get('location')).toBe(`${BASE}/success`);
    expect(await h.db.select().from(partnerships).where(eq(partnerships.schoolId, s1.id))).toHaveLength(1);
  });

  it('shows a page when every school is removed', async () => {
    const s1 = await createSchool(h.db);
    await startFor(b);
    await b.post(`${BASE}/csv`, { csv_file: csv(s1.urn) });
    await b.post(`${BASE}/confirm/remove_school`, { school_id: s1.id });
    const page = await textOf(await b.get(`${BASE}/confirm`));
    expect(page).toContain('You have removed every school from the list');
    expect(page).toContain('Upload a new CSV');
    expect((await b.post(BASE)).headers.get('location')).toBe(`${BASE}/confirm`);
  });

  it('asks for a file, and explains empty, binary, non-CSV and header-only files', async () => {
    await startFor(b);
    const cases: [Record<string, string | Blob>, string][] = [
      [{}, csvProblemText.missing],
      [{ csv_file: new File([], '') }, csvProblemText.missing],
      [{ csv_file: csv('') }, csvProblemText.empty],
      [{ csv_file: csv('\n \n,,\n') }, csvProblemText.empty],
      [{ csv_file: csv('URN\n') }, csvProblemText.no_urns],
      [{ csv_file: new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'schools.csv') }, csvProblemText.not_csv],
      [{ csv_file: new File([new Uint8Array([0x31, 0x32, 0x00, 0x33])], 'schools.csv') }, csvProblemText.not_csv],
      [{ csv_file: new File(['100001'], 'schools.xlsx') }, csvProblemText.not_csv],
    ];
    for (const [fields, message] of cases) {
      const res = await b.post(`${BASE}/csv`, fields, { multipart: true });
      expect(res.status, message).toBe(400);
      const html = await res.text();
      expect(html, message).toContain(`<a href="#csv_file">${message}</a>`);
      expect(html).toContain('id="csv_file-error"');
    }
  });

  it('refuses a file over 2 MB with the upload page, not the API’s error', async () => {
    await startFor(b);
    const big = new File([new Uint8Array(3 * 1024 * 1024).fill(0x31)], 'big.csv', { type: 'text/csv' });
    const res = await b.post(`${BASE}/csv`, { csv_file: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain(csvProblemText.too_large);
    // Just over 2 MB of file inside a body that fits the request limit: still refused.
    const justOver = new File([new Uint8Array(2 * 1024 * 1024 + 10).fill(0x31)], 'over.csv', { type: 'text/csv' });
    const res2 = await b.post(`${BASE}/csv`, { csv_file: justOver });
    expect(res2.status).toBe(413);
    // The API keeps its own limit.
    const api = await h.request('/api/v3/partnerships/ecf', { method: 'POST', token: lp.token, body: 'x'.repeat(2 * 1024 * 1024), headers: { 'Content-Type': 'application/json' } });
    expect(api.status).toBe(413);
  });

  it('handles tens of thousands of rows quickly', async () => {
    const { insertInChunks } = await import('../../db/bulk');
    const { schools } = await import('../../db/schema');
    const n = 20_000;
    const now = new Date('2025-01-01T00:00:00Z');
    const rows = Array.from({ length: n }, (_, i) => ({
      id: crypto.randomUUID(), urn: String(700000 + i), name: `Bulk School ${i}`, schoolStatusCode: '1', schoolTypeCode: '1',
      administrativeDistrictCode: 'E09000001', section41Approved: false, primaryContactEmail: `bulk${i}@school.example`, secondaryContactEmail: null,
      createdAt: now, updatedAt: now,
    }));
    await insertInChunks(h.db, schools, rows);
    await startFor(b, 2025, dp2);
    const file = csv(['URN', ...rows.map((r) => r.urn), '123'].join('\n'));
    let started = Date.now();
    const res = await b.post(`${BASE}/csv`, { csv_file: file });
    const uploadMs = Date.now() - started;
    expect(res.headers.get('location')).toBe(`${BASE}/csv/errors`);
    const page = await textOf(await b.get(`${BASE}/csv/errors`));
    expect(page).toContain('20,000 rows match schools you can confirm');
    expect(page).toContain('1 row has errors');
    const review = await b.get(`${BASE}/confirm?page=400`);
    expect(await textOf(review)).toContain('Bulk School 19999');
    started = Date.now();
    const confirm = await b.post(BASE);
    const confirmMs = Date.now() - started;
    expect(confirm.headers.get('location')).toBe(`${BASE}/success`);
    const [count] = await h.client.execute({ sql: 'SELECT count(*) AS n FROM partnerships WHERE delivery_partner_id = ?', args: [dp2] }).then((r) => r.rows);
    expect(Number(count!.n)).toBe(n);
    console.log(`20,000-row CSV: upload and check ${uploadMs} ms, confirm ${confirmMs} ms`);
    expect(uploadMs).toBeLessThan(10_000);
    expect(confirmMs).toBeLessThan(30_000);
    const emailsQueued = await h.client.execute({ sql: "SELECT count(*) AS n FROM emails WHERE template = 'partnership_confirmed' AND personalisation LIKE '%Beta Learning%'", args: [] });
    expect(Number(emailsQueued.rows[0]!.n)).toBe(n);
  }, 60_000);
});

describe('CSRF protection', () => {
  it('refuses every form without the token, with a wrong token, or from another site (403), and changes nothing', async () => {
    await startFor(b);
    const before = await h.db.select().from(partnershipUploads);
    const posts: [string, Record<string, string>][] = [
      [`${BASE}/start`, { cohort: '2025' }],
      [`${BASE}/delivery-partner`, { delivery_partner_id: dp2 }],
      [`${BASE}/csv/proceed`, {}],
      [`${BASE}/confirm/remove_school`, { school_id: 'x' }],
      [BASE, {}],
      ['/users/sign_in', { email: 'x@example.com' }],
      ['/users/sign_in_with_token', { login_token: 'x' }],
      ['/users/sign_out', {}],
      ['/report-incorrect-partnership', { token: 'x', reason: 'mistake' }],
      ['/support', { message: 'hello' }],
    ];
    for (const [path, fields] of posts) {
      const missing = await b.post(path, fields, { csrf: false });
      expect(missing.status, `${path} without a token`).toBe(403);
      expect(await missing.text()).toContain('Your form could not be sent');
      expect((await b.post(path, { ...fields, _csrf: 'wrong'.repeat(9) })).status, `${path} with a wrong token`).toBe(403);
      expect((await b.post(path, fields, { headers: { origin: 'https://evil.example' } })).status, `${path} from another site`).toBe(403);
    }
    const upload = await b.post(`${BASE}/csv`, { csv_file: csv('100001') }, { csrf: false });
    expect(upload.status).toBe(403);
    expect(await h.db.select().from(partnershipUploads)).toEqual(before);
    // Still signed in, and a form with the token works.
    expect((await b.post(`${BASE}/delivery-partner`, { delivery_partner_id: dp2 })).status).toBe(303);
  });

  it('needs the cookie too: a token copied into a form from another browser is refused', async () => {
    const stranger = browser(h);
    await stranger.get('/users/sign_in');
    const res = await h.app.request('http://localhost/users/sign_in', { method: 'POST', body: new URLSearchParams({ _csrf: stranger.csrf(), email: 'a@example.com' }) });
    expect(res.status).toBe(403);
  });
});

describe('wizard state', () => {
  it('is dropped when the provider starts again', async () => {
    const s1 = await createSchool(h.db);
    await startFor(b);
    await b.post(`${BASE}/csv`, { csv_file: csv(s1.urn) });
    const [upload] = await h.db.select().from(partnershipUploads).where(eq(partnershipUploads.status, 'uploaded'));
    expect(await h.db.select().from(partnershipUploadRows).where(eq(partnershipUploadRows.uploadId, upload!.id))).toHaveLength(1);
    await b.post(`${BASE}/start`, { cohort: '2025' });
    expect(await h.db.select().from(partnershipUploadRows).where(eq(partnershipUploadRows.uploadId, upload!.id))).toHaveLength(0);
    expect((await b.get(`${BASE}/confirm`)).headers.get('location')).toBe(`${BASE}/csv`);
  });

  it('keeps the school programme choice the partnership rules need', async () => {
    const s = await createSchool(h.db, { name: 'Continuing School' });
    await createPartnership(h.db, { leadProviderId: other.id, schoolId: s.id, year: 2024, deliveryPartnerId: otherDp });
    await createSchoolCohort(h.db, s.id, 2025);
    await startFor(b);
    expect((await b.post(`${BASE}/csv`, { csv_file: csv(s.urn) })).headers.get('location')).toBe(`${BASE}/confirm`);
  });
});
