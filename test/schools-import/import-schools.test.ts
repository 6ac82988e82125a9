import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schools, partnerships } from '../../db/schema';
import { fundingCategory } from '../../api/domain/school-eligibility';
import { importSchools, type ImportSchoolsOptions } from '../../api/services/schools/gias/import-schools';
import { readGiasEstablishments } from '../../api/services/schools/gias/read-establishments';
import { databaseChecksum } from '../support/checksum';
import { createDeliveryPartner, createLeadProvider, createPartnership, createSchool } from '../support/factories';
import { establishment, establishments, giasCsv, seededRandom, windows1252, type GiasRow } from '../support/gias-extract';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

let tick = Date.parse('2025-06-01T09:00:00Z');
/** A clock that moves on a minute per call, so a write's time tells which run made it. */
const clock = () => new Date((tick += 60_000));
const run = (rows: GiasRow[] | Buffer, options: Partial<ImportSchoolsOptions> = {}) =>
  importSchools(readGiasEstablishments([Buffer.isBuffer(rows) ? rows : windows1252(giasCsv(rows))]), { db: h.db, clock, ...options });
const byUrn = async (urns: string[]) => new Map((await h.db.select().from(schools).where(inArray(schools.urn, urns))).map((s) => [s.urn, s]));

describe('importing schools from GIAS rows', () => {
  it('adds new schools, counts changed and closed ones, and leaves unchanged ones untouched', async () => {
    const rows: GiasRow[] = establishments(40, { seed: 7, firstUrn: 810001 }).map((r) => ({ ...r, 'EstablishmentStatus (code)': '1', 'EstablishmentStatus (name)': 'Open' }));
    const urns = rows.map((r) => r['URN']!);
    const first = await run(rows, { batchSize: 7 });
    expect(first).toMatchObject({ rows: 40, added: 40, changed: 0, closed: 0, unchanged: 0, skipped: 0 });
    const before = await byUrn(urns);
    expect(before.size).toBe(40);
    expect(before.get('810001')).toMatchObject({
      name: rows[0]!['EstablishmentName'], schoolTypeCode: rows[0]!['TypeOfEstablishment (code)'],
      administrativeDistrictCode: rows[0]!['DistrictAdministrative (code)'], primaryContactEmail: null,
    });

    const next: GiasRow[] = rows.map((r) => ({ ...r }));
    next[0]!['EstablishmentName'] = 'Ashcombe Vale Primary School';
    next[1]!['TypeOfEstablishment (code)'] = '34';
    next[2]!['DistrictAdministrative (code)'] = 'E06000054';
    next[3]!['Section41Approved (name)'] = next[3]!['Section41Approved (name)'] === 'Approved' ? 'Not approved' : 'Approved';
    Object.assign(next[4]!, { 'EstablishmentStatus (code)': '2', 'EstablishmentStatus (name)': 'Closed', 'CloseDate': '31-08-2025' });
    Object.assign(next[5]!, { 'EstablishmentStatus (code)': '3', 'EstablishmentStatus (name)': 'Open, but proposed to close' });
    // Columns the school does not keep change nothing.
    next[6]!['Postcode'] = 'ZZ9 9ZZ';
    next[6]!['NumberOfPupils'] = '1';
    next.push(establishment(seededRandom(3), { urn: 810041 }));
    const second = await run(next, { batchSize: 7 });
    expect(second).toMatchObject({ rows: 41, added: 1, changed: 5, closed: 1, unchanged: 34, skipped: 0 });

    const after = await byUrn([...urns, '810041']);
    expect(after.get('810001')!.name).toBe('Ashcombe Vale Primary School');
    expect(after.get('810002')!.schoolTypeCode).toBe('34');
    expect(after.get('810003')!.administrativeDistrictCode).toBe('E06000054');
    expect(after.get('810004')!.section41Approved).toBe(!before.get('810004')!.section41Approved);
    expect(after.get('810005')!.schoolStatusCode).toBe('2');
    expect(after.get('810006')!.schoolStatusCode).toBe('3');
    for (const urn of ['810001', '810002', '810003', '810004', '810005', '810006']) {
      expect(after.get(urn)!.updatedAt.getTime(), urn).toBeGreaterThan(before.get(urn)!.updatedAt.getTime());
      expect(after.get(urn)!.createdAt, urn).toEqual(before.get(urn)!.createdAt);
      expect(after.get(urn)!.id, urn).toBe(before.get(urn)!.id);
    }
    for (const urn of urns.slice(6)) expect(after.get(urn)!.updatedAt, urn).toEqual(before.get(urn)!.updatedAt);
  });

  it('running the same file again changes nothing: 0 added, 0 changed, no updated_at moved', async () => {
    const sample = readFileSync(new URL('../fixtures/gias/establishments-sample.csv', import.meta.url));
    const first = await run(sample);
    expect(first).toMatchObject({ rows: 300, added: 297, skipped: 3 });
    const checksum = await databaseChecksum(h.client);
    const again = await run(sample);
    expect(again).toMatchObject({ rows: 300, added: 0, changed: 0, closed: 0, unchanged: 297, skipped: 3 });
    expect(await databaseChecksum(h.client)).toBe(checksum);
  });

  it('derives eligibility from the imported GIAS data with the domain rule (not stored, not copied)', async () => {
    const rng = seededRandom(11);
    const cases: [string, Parameters<typeof establishment>[1], 'eligible' | 'cip_only' | 'not_eligible'][] = [
      ['open community school', { urn: 820001, type: ['1', 'Community school'] }, 'eligible'],
      ['open but proposed to close', { urn: 820002, type: ['34', 'Academy converter'], status: '3' }, 'eligible'],
      ['closed', { urn: 820003, type: ['1', 'Community school'], status: '2' }, 'not_eligible'],
      ['proposed to open', { urn: 820004, type: ['35', 'Free schools'], status: '4' }, 'not_eligible'],
      ['pupil referral unit', { urn: 820005, type: ['14', 'Pupil referral unit'] }, 'eligible'],
      ['Welsh establishment', { urn: 820006, type: ['30', 'Welsh establishment'], welsh: true }, 'cip_only'],
      ['community school in Wales', { urn: 820007, type: ['1', 'Community school'], welsh: true }, 'not_eligible'],
      ['independent, not section 41 approved', { urn: 820008, type: ['11', 'Other independent school'] }, 'cip_only'],
      ['independent, section 41 approved', { urn: 820009, type: ['11', 'Other independent school'], section41: true }, 'eligible'],
      ['British school overseas (district 9999)', { urn: 820010, type: ['37', 'British schools overseas'], overseas: true }, 'cip_only'],
      ['higher education institution', { urn: 820011, type: ['29', 'Higher education institutions'] }, 'not_eligible'],
      ['secure unit', { urn: 820012, type: ['24', 'Secure units'] }, 'not_eligible'],
    ];
    const result = await run(cases.map(([, o]) => establishment(rng, o)));
    expect(result.funding).toEqual({ eligible: 4, cip_only: 3, not_eligible: 5 });
    const stored = await byUrn(cases.map(([, o]) => String(o.urn)));
    for (const [what, o, expected] of cases) expect(fundingCategory(stored.get(String(o.urn))!), what).toBe(expected);
  });

  it('moves the updated_at of partnerships that show a changed school, and keeps its contact emails', async () => {
    const rng = seededRandom(5);
    const school = await createSchool(h.db, { urn: '830001', name: 'Old Name School', primaryEmail: 'office@old.example', updatedAt: new Date('2024-01-01T00:00:00Z'), createdAt: new Date('2024-01-01T00:00:00Z') });
    const lp = await createLeadProvider(h.db);
    const dp = await createDeliveryPartner(h.db);
    const p = await createPartnership(h.db, { leadProviderId: lp.id, schoolId: school.id, year: 2025, deliveryPartnerId: dp.id, createdAt: new Date('2024-02-01T00:00:00Z') });
    const result = await run([establishment(rng, { urn: 830001, name: 'New Name School', type: ['1', 'Community school'] })]);
    expect(result).toMatchObject({ added: 0, changed: 1 });
    const [row] = await h.db.select().from(schools).where(eq(schools.id, school.id));
    expect(row).toMatchObject({ name: 'New Name School', primaryContactEmail: 'office@old.example' });
    const [partnership] = await h.db.select().from(partnerships).where(eq(partnerships.id, p.id));
    expect(partnership!.apiUpdatedAt).toEqual(row!.updatedAt);
    expect(result.notInFile).toBeGreaterThan(0);
  });

  it('a dry run counts the same and writes nothing', async () => {
    const rows = establishments(25, { seed: 9, firstUrn: 840001 });
    const checksum = await databaseChecksum(h.client);
    const dry = await run(rows, { dryRun: true, batchSize: 4 });
    expect(dry).toMatchObject({ dryRun: true, rows: 25, added: 25, changed: 0 });
    expect(await databaseChecksum(h.client)).toBe(checksum);
    expect(await byUrn(['840001'])).toEqual(new Map());
    const real = await run(rows, { batchSize: 4 });
    expect(real).toMatchObject({ dryRun: false, added: 25 });
    expect(await databaseChecksum(h.client)).not.toBe(checksum);
  });
});
