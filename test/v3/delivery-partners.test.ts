import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryPartnerResponseSchema, DeliveryPartnersResponseSchema } from '../../api/v3/delivery-partners/schemas';
import { createDeliveryPartner, createLeadProvider, createProviderRelationship, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
const dp: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  // alpha: 2023 + 2024 with lp; bravo: 2021 with lp (created later, updated earlier);
  // charlie: only other's; delta: 2020 pilot only; echo: discarded relationship only; foxtrot: discarded DP.
  dp.alpha = (await createDeliveryPartner(h.db, { name: 'Alpha', createdAt: new Date('2024-01-01T00:00:00Z'), updatedAt: new Date('2024-06-01T00:00:00Z') })).id;
  dp.bravo = (await createDeliveryPartner(h.db, { name: 'Bravo', createdAt: new Date('2024-02-01T00:00:00Z'), updatedAt: new Date('2024-03-01T00:00:00Z') })).id;
  dp.charlie = (await createDeliveryPartner(h.db, { name: 'Charlie', createdAt: new Date('2024-03-01T00:00:00Z') })).id;
  dp.delta = (await createDeliveryPartner(h.db, { name: 'Delta', createdAt: new Date('2024-04-01T00:00:00Z') })).id;
  dp.echo = (await createDeliveryPartner(h.db, { name: 'Echo', createdAt: new Date('2024-05-01T00:00:00Z') })).id;
  dp.foxtrot = (await createDeliveryPartner(h.db, { name: 'Foxtrot', createdAt: new Date('2024-06-01T00:00:00Z'), discardedAt: new Date('2024-07-01T00:00:00Z') })).id;
  await createProviderRelationship(h.db, lp.id, dp.alpha!, 2024);
  await createProviderRelationship(h.db, lp.id, dp.alpha!, 2023);
  await createProviderRelationship(h.db, lp.id, dp.alpha!, 2023); // duplicate rows must not duplicate the DP
  await createProviderRelationship(h.db, lp.id, dp.bravo!, 2021);
  await createProviderRelationship(h.db, other.id, dp.bravo!, 2025); // other's cohorts never leak into ours
  await createProviderRelationship(h.db, other.id, dp.charlie!, 2024);
  await createProviderRelationship(h.db, lp.id, dp.delta!, 2020);
  await createProviderRelationship(h.db, lp.id, dp.echo!, 2024, { discarded: true });
  await createProviderRelationship(h.db, lp.id, dp.foxtrot!, 2024);
});
afterAll(() => h.close());

async function list(query = '', token = lp.token) {
  const res = await h.request(`/api/v3/delivery-partners${query}`, { token });
  const body = await readJson(res);
  return { res, body, names: (body.data ?? []).map((d: { attributes: { name: string } }) => d.attributes.name) };
}

describe('GET /api/v3/delivery-partners', () => {
  it('lists only delivery partners with a live relationship with the caller, oldest first, in the contract shape', async () => {
    const { res, body, names } = await list();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(names).toEqual(['Alpha', 'Bravo']);
    expect(Object.keys(body)).toEqual(['data']);
    expect(DeliveryPartnersResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data[0]).toEqual({
      id: dp.alpha,
      type: 'delivery-partner',
      attributes: { name: 'Alpha', cohort: ['2023', '2024'], created_at: '2024-01-01T00:00:00Z', updated_at: '2024-06-01T00:00:00Z' },
    });
    expect(body.data[1].attributes.cohort).toEqual(['2021']);
  });

  it('filters by cohort (comma list) without narrowing the cohort attribute; the 2020 pilot only when asked', async () => {
    expect((await list('?filter[cohort]=2021')).names).toEqual(['Bravo']);
    expect((await list('?filter[cohort]=2023,2021')).names).toEqual(['Alpha', 'Bravo']);
    const only2024 = await list('?filter[cohort]=2024');
    expect(only2024.names).toEqual(['Alpha']);
    expect(only2024.body.data[0].attributes.cohort).toEqual(['2023', '2024']);
    expect((await list('?filter[cohort]=2020')).names).toEqual(['Delta']);
    expect((await list('?filter[cohort]=1999,abc')).names).toEqual([]);
  });

  it('sorts by any delivery partner column, ignoring unknown ones', async () => {
    expect((await list('?sort=-name')).names).toEqual(['Bravo', 'Alpha']);
    expect((await list('?sort=updated_at')).names).toEqual(['Bravo', 'Alpha']);
    expect((await list('?sort=-created_at')).names).toEqual(['Bravo', 'Alpha']);
    expect((await list('?sort=nonsense')).names).toEqual(['Alpha', 'Bravo']);
  });

  it('paginates, and a page past the end is empty', async () => {
    expect((await list('?page[per_page]=1')).names).toEqual(['Alpha']);
    expect((await list('?page[per_page]=1&page[page]=2')).names).toEqual(['Bravo']);
    expect((await list('?page[per_page]=1&page[page]=3')).body).toEqual({ data: [] });
  });

  it('rejects bad pagination and a filter that is not an object with 400 in the error shape', async () => {
    for (const q of ['?page[page]=0', '?page[per_page]=abc', '?page[page]=-1', '?page=2']) {
      const { res, body } = await list(q);
      expect(res.status, q).toBe(400);
      expect(body.errors[0].title).toBe('Bad request');
    }
    const { res, body } = await list('?filter=2024');
    expect(res.status).toBe(400);
    expect(body).toEqual({ errors: [{ title: 'Bad parameter', detail: expect.stringContaining('filter[') }] });
  });

  it('shows the other provider only its own delivery partners', async () => {
    expect((await list('', other.token)).names).toEqual(['Bravo', 'Charlie']);
    expect((await list('', other.token)).body.data[0].attributes.cohort).toEqual(['2025']);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => list(q));
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
  });
});

describe('GET /api/v3/delivery-partners/{id}', () => {
  it('returns a delivery partner the caller works with in any cohort', async () => {
    const res = await h.request(`/api/v3/delivery-partners/${dp.delta}`, { token: lp.token });
    const body = await readJson(res);
    expect(res.status).toBe(200);
    expect(DeliveryPartnerResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data.attributes).toMatchObject({ name: 'Delta', cohort: ['2020'] });
  });

  it('is a 404, exactly like a missing id, for another provider’s, discarded or unknown delivery partners', async () => {
    const missing = await h.request(`/api/v3/delivery-partners/${crypto.randomUUID()}`, { token: lp.token });
    const missingBody = await readJson(missing);
    expect(missing.status).toBe(404);
    expect(missingBody.errors[0].title).toBeTruthy();
    for (const id of [dp.charlie, dp.echo, dp.foxtrot, 'not-a-uuid']) {
      const res = await h.request(`/api/v3/delivery-partners/${id}`, { token: lp.token });
      expect(res.status, id).toBe(404);
      expect(await readJson(res)).toEqual(missingBody);
    }
  });
});
