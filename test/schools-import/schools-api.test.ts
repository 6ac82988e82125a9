import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSchools, type ImportSchoolsResult } from '../../api/services/schools/gias/import-schools';
import { readGiasEstablishments } from '../../api/services/schools/gias/read-establishments';
import { createDeliveryPartner, createLeadProvider, createPartnership, type LeadProviderFixture } from '../support/factories';
import { allPages, createHarness, readJson, type Harness, type Json } from '../support/harness';
import { schools } from '../../db/schema';
import { eq } from 'drizzle-orm';

// Imported schools are what providers see at GET /api/v3/schools/ecf: the eligible ones in every
// cohort, with their GIAS names, moving in filter[updated_since] only when GIAS changed them.

const sample = readFileSync(new URL('../fixtures/gias/establishments-sample.csv', import.meta.url));
let h: Harness;
let lp: LeadProviderFixture;
let first: ImportSchoolsResult;
const clock = { now: new Date('2025-09-01T06:00:00Z') };
const run = (bytes: Buffer) => importSchools(readGiasEstablishments([bytes]), { db: h.db, clock: () => clock.now });

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  first = await run(sample);
});
afterAll(() => h.close());

const list = async (query: string) => {
  const res = await h.request(`/api/v3/schools/ecf?${query}`, { token: lp.token });
  expect(res.status).toBe(200);
  return (await readJson(res)).data as Json[];
};

describe('imported schools in the v3 schools API', () => {
  it('lists every eligible imported school for a cohort, and no closed or ineligible one', async () => {
    const listed = await allPages(h, '/api/v3/schools/ecf?filter[cohort]=2025', lp.token);
    expect(listed).toHaveLength(first.funding.eligible);
    const urns = new Set(listed.map((s) => s.attributes.urn));
    expect(urns.has('700011')).toBe(true); // open community school
    expect(urns.has('700030')).toBe(false); // closed
    expect(urns.has('700010')).toBe(false); // British school overseas: core induction materials only
    expect(urns.has('700022')).toBe(false); // higher education institution
    expect(listed.find((s) => s.attributes.urn === '700011').attributes).toMatchObject({
      name: 'St Thérèse of Lisieux Catholic Primary School', cohort: '2025', in_partnership: false, induction_programme_choice: 'not_yet_known',
    });
  });

  it('a closed school stays visible in a cohort where it is partnered', async () => {
    const [closed] = await h.db.select().from(schools).where(eq(schools.urn, '700030'));
    await createPartnership(h.db, { leadProviderId: lp.id, schoolId: closed!.id, year: 2024, deliveryPartnerId: (await createDeliveryPartner(h.db)).id });
    expect((await list('filter[cohort]=2024&filter[urn]=700030')).map((s) => s.attributes.name)).toEqual([closed!.name]);
    expect(await list('filter[cohort]=2025&filter[urn]=700030')).toEqual([]);
  });

  it('a re-import moves updated_at only for the schools GIAS changed', async () => {
    const since = new Date('2025-10-01T00:00:00Z');
    clock.now = new Date('2025-10-02T06:00:00Z');
    expect(await run(sample)).toMatchObject({ added: 0, changed: 0 });
    expect(await list(`filter[cohort]=2025&filter[updated_since]=${since.toISOString()}`)).toEqual([]);

    const renamed = Buffer.from(sample.toString('latin1').replace('Thérèse of Lisieux', 'Thérèse'), 'latin1');
    expect(await run(renamed)).toMatchObject({ added: 0, changed: 1 });
    const changed = await list(`filter[cohort]=2025&filter[updated_since]=${since.toISOString()}`);
    expect(changed.map((s) => [s.attributes.urn, s.attributes.name, s.attributes.updated_at])).toEqual([
      ['700011', 'St Thérèse Catholic Primary School', '2025-10-02T06:00:00Z'],
    ]);
  });
});
