import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortId } from '../../db/reference-data/load';
import { leadProviderCohorts, participantProfiles, partnerships } from '../../db/schema';
import { challengeReasonLabels } from '../../api/web/challenge/reasons';
import { csvCell, toCsv } from '../../api/web/csv-output';
import {
  addInductionTutor, createDeliveryPartner, createLeadProvider, createPartnership, createProviderRelationship, createSchool, type LeadProviderFixture,
} from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { createParticipant, createPlacement, type Placement } from '../support/participants';
import { createWebUser, signIn, textOf, type Browser } from './web-support';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let b: Browser;
let dp: string;
let placement: Placement;
let challenged: { id: string };
let theirs: { id: string };
let relationship: { id: string };

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { name: 'Schools Provider' });
  other = await createLeadProvider(h.db, { name: 'Someone Else' });
  await h.db.insert(leadProviderCohorts).values([2024, 2025].map((y) => ({ leadProviderId: lp.id, cohortId: cohortId(y) })));
  dp = (await createDeliveryPartner(h.db, { name: 'Northern Delivery' })).id;
  await createProviderRelationship(h.db, lp.id, dp, 2025);
  // 12 schools in 2025: one with participants and an induction tutor, one challenged.
  placement = await createPlacement(h.db, lp.id, 2025, { school: { name: 'Aardvark Academy', urn: '300001', district: 'E08000025' }, deliveryPartnerId: dp });
  await createParticipant(h.db, placement, { type: 'ect' });
  await createParticipant(h.db, placement, { type: 'ect' });
  const withdrawn = await createParticipant(h.db, placement, { type: 'ect' });
  await h.db.update(participantProfiles).set({ status: 'withdrawn' }).where(eq(participantProfiles.id, withdrawn.profileId));
  await createParticipant(h.db, placement, { type: 'mentor' });
  await addInductionTutor(h.db, placement.schoolId, { name: 'Tess Tutor', email: 'tess.tutor@aardvark.example' });
  const challengedSchool = await createSchool(h.db, { name: 'Beech Primary', urn: '300002' });
  challenged = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: challengedSchool.id, year: 2025, deliveryPartnerId: dp, challengeReason: 'do_not_recognise' });
  for (let i = 3; i <= 12; i++) {
    const s = await createSchool(h.db, { name: `School ${String(i).padStart(2, '0')} =cmd`, urn: String(300000 + i) });
    await createPartnership(h.db, { leadProviderId: lp.id, schoolId: s.id, year: 2025, deliveryPartnerId: dp });
  }
  const old = await createSchool(h.db, { name: 'Last Year School' });
  await createPartnership(h.db, { leadProviderId: lp.id, schoolId: old.id, year: 2024, deliveryPartnerId: dp });
  const otherSchool = await createSchool(h.db, { name: 'Not Yours School' });
  theirs = await createPartnership(h.db, { leadProviderId: other.id, schoolId: otherSchool.id, year: 2025, deliveryPartnerId: null });
  const relationSchool = await createSchool(h.db, { name: 'Relationship Only School' });
  relationship = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: relationSchool.id, year: 2025, deliveryPartnerId: dp, relationship: true });
  const formula = await createSchool(h.db, { name: '=HYPERLINK("http://evil.example","Click")' });
  await createPartnership(h.db, { leadProviderId: lp.id, schoolId: formula.id, year: 2024, deliveryPartnerId: dp });
  b = await signIn(h, (await createWebUser(h.db, lp.id)).email);
});
afterAll(() => h.close());

describe('overview', () => {
  it('names the provider and links each cohort’s confirm and schools pages', async () => {
    const text = await textOf(await b.get('/dashboard'));
    expect(text).toContain('Schools Provider');
    expect(text).toContain('2025 to 2026 academic year 11 schools confirmed');
    expect(text).toContain('2024 to 2025 academic year 2 schools confirmed');
    const html = await (await b.get('/dashboard')).text();
    expect(html).toContain('href="/lead-providers/report-schools/start?cohort=2025"');
    expect(html).toContain('href="/lead-providers/your-schools?cohort=2024"');
    expect(html).toContain('aria-current="true"');
  });
});

describe('your schools', () => {
  it('counts confirmed and challenged schools apart, lists both, and pages 10 at a time by school name', async () => {
    const res = await b.get('/lead-providers/your-schools?cohort=2025');
    const text = await textOf(res);
    expect(text).toContain('11 schools confirmed for the 2025 to 2026 academic year');
    expect(text).toContain('1 other school has told us your confirmation is wrong. The list shows it with the tag “Reported error”; the download leaves it out.');
    expect(text).toContain('Schools in the 2025 cohort (12)');
    expect(text).toContain('Download confirmed schools for 2025 (CSV)');
    expect(text).toContain('Aardvark Academy 300001 Northern Delivery 2 1');
    expect(text).toContain('Beech Primary Reported error 300002 Northern Delivery 0 0');
    expect(text).not.toContain('Relationship Only School');
    expect(text).not.toContain('Not Yours School');
    expect(text).not.toContain('School 11');
    const page2 = await textOf(await b.get('/lead-providers/your-schools?cohort=2025&page=2'));
    expect(page2).toContain('School 11 =cmd');
    expect(page2).toContain('School 12 =cmd');
    expect(page2).not.toContain('Aardvark');
    // Out of range pages show the last page.
    expect(await textOf(await b.get('/lead-providers/your-schools?cohort=2025&page=99'))).toContain('School 12');
    // Another cohort.
    expect(await textOf(await b.get('/lead-providers/your-schools?cohort=2024'))).toContain('Last Year School');
  });

  it('searches by school name, URN or delivery partner', async () => {
    const byName = await textOf(await b.get('/lead-providers/your-schools?cohort=2025&query=beech'));
    expect(byName).toContain('1 school matches “beech”');
    expect(byName).toContain('Beech Primary');
    expect(await textOf(await b.get('/lead-providers/your-schools?cohort=2025&query=300001'))).toContain('Aardvark Academy');
    expect(await textOf(await b.get('/lead-providers/your-schools?cohort=2025&query=northern'))).toContain('12 schools match');
    const none = await textOf(await b.get('/lead-providers/your-schools?cohort=2025&query=zzz%25'));
    expect(none).toContain('No schools match “zzz%”');
  });

  it('uses a constant number of queries whatever the page', async () => {
    const q1 = await h.countQueries(() => b.get('/lead-providers/your-schools?cohort=2025'));
    const q2 = await h.countQueries(() => b.get('/lead-providers/your-schools?cohort=2025&page=2'));
    expect(q1).toBe(q2);
    expect(q1).toBeLessThanOrEqual(8);
  });

  it('downloads active partnerships as CSV, formula cells made harmless', async () => {
    const res = await b.get('/lead-providers/partnerships/active.csv?cohort=2025');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="schools-2025.csv"');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('urn,name,delivery_partner');
    expect(lines[1]).toBe('300001,Aardvark Academy,Northern Delivery');
    expect(lines).toHaveLength(1 + 11);
    expect(lines.join('\n')).not.toContain('Beech Primary');
    expect(lines[2]).toBe('300003,School 03 =cmd,Northern Delivery');
    const older = (await (await b.get('/lead-providers/partnerships/active.csv?cohort=2024')).text()).split('\r\n');
    expect(older).toContainEqual(expect.stringContaining(`,"'=HYPERLINK(""http://evil.example"",""Click"")",Northern Delivery`));
  });

  it('escapes every cell that a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+44 1234')).toBe("'+44 1234");
    expect(csvCell('-10')).toBe("'-10");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('Smith, Jones & Co')).toBe('"Smith, Jones & Co"');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a'], [['=x']])).toBe("a\r\n'=x\r\n");
  });
});

describe('the totals', () => {
  it('agree across the overview, “Your schools” and the download, and the overview names each challenged school with its reason and date', async () => {
    await h.db.update(partnerships).set({ challengedAt: new Date('2025-10-03T09:00:00Z') }).where(eq(partnerships.id, challenged.id));
    // A pending partnership is in none of them.
    const pendingSchool = await createSchool(h.db, { name: 'Pending Lane School' });
    const pending = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: pendingSchool.id, year: 2025, deliveryPartnerId: dp });
    await h.db.update(partnerships).set({ pending: true }).where(eq(partnerships.id, pending.id));

    const overview = await textOf(await b.get('/dashboard'));
    expect(overview).toContain('2025 to 2026 academic year 11 schools confirmed. 1 school has told us your confirmation is wrong.');
    expect(overview).toContain(`Schools that reported an error School URN Reason they gave Reported on Beech Primary 300002 ${challengeReasonLabels.do_not_recognise} 3 October 2025`);
    expect(await (await b.get('/dashboard')).text()).toContain(`href="/lead-providers/partnerships/${challenged.id}"`);
    const schools = await textOf(await b.get('/lead-providers/your-schools?cohort=2025'));
    expect(schools).toContain('11 schools confirmed for the 2025 to 2026 academic year');
    expect(schools).toContain('Schools in the 2025 cohort (12)');
    expect(schools).not.toContain('Pending Lane School');
    const csvLines = (await (await b.get('/lead-providers/partnerships/active.csv?cohort=2025')).text()).trim().split('\r\n');
    expect(csvLines).toHaveLength(1 + 11);
    expect(csvLines.join('\n')).not.toContain('Pending Lane School');
    const page = await textOf(await b.get(`/lead-providers/partnerships/${challenged.id}`));
    expect(page).toContain(`The reason it gave on 3 October 2025: “${challengeReasonLabels.do_not_recognise}”`);
  });
});

describe('a school’s page', () => {
  it('shows participant counts, URN, delivery partner, the local authority’s name and the induction tutor', async () => {
    const res = await b.get(`/lead-providers/partnerships/${placement.partnershipId}`);
    expect(res.status).toBe(200);
    const text = await textOf(res);
    expect(text).toContain('Aardvark Academy');
    expect(text).toContain('2 ECTs added');
    expect(text).toContain('1 mentor added');
    expect(text).toContain('URN 300001');
    expect(text).toContain('Delivery partner Northern Delivery');
    expect(text).toContain('Local authority Birmingham');
    expect(text).not.toContain('E08000025');
    expect(text).toContain('Induction tutor Tess Tutor tess.tutor@aardvark.example');
    expect(await (await b.get(`/lead-providers/partnerships/${placement.partnershipId}`)).text()).toContain('href="mailto:tess.tutor@aardvark.example"');
    expect(text).not.toContain('has not agreed');
  });

  it('shows the school’s challenge and its reason', async () => {
    const text = await textOf(await b.get(`/lead-providers/partnerships/${challenged.id}`));
    expect(text).toContain('This school says it has not agreed to work with you');
    expect(text).toContain('“We do not know this training provider”');
    expect(text).toContain('The school has not named an induction tutor yet');
  });

  it('is a 404 for another provider’s partnership, a relationship row or an unknown id', async () => {
    const foreign = await b.get(`/lead-providers/partnerships/${theirs.id}`);
    expect(foreign.status).toBe(404);
    const text = await textOf(foreign);
    expect(text).toContain('Page not found');
    expect(text).not.toContain('Not Yours School');
    expect((await b.get(`/lead-providers/partnerships/${relationship.id}`)).status).toBe(404);
    expect((await b.get(`/lead-providers/partnerships/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await b.get('/lead-providers/partnerships/%27%20OR%201=1')).status).toBe(404);
  });
});
