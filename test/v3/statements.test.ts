import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statements } from '../../db/schema';
import { StatementResponseSchema, StatementsResponseSchema } from '../../api/v3/statements/schemas';
import { readStatementCalendar } from '../../db/reference-data/load';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2021, 2023, 2024] });
  other = await createLeadProvider(h.db, { withStatements: true, cohorts: [2024] });
});
afterAll(() => h.close());

type StatementJson = { id: string; attributes: Record<string, unknown> };

async function list(query = '', token = lp.token) {
  const res = await h.request(`/api/v3/statements${query}`, { token });
  const body = await readJson(res);
  return { res, body, data: (body.data ?? []) as StatementJson[] };
}

describe('GET /api/v3/statements', () => {
  it('lists the caller’s output-fee statements of the cohorts asked for, earliest payment first', async () => {
    const { res, body, data } = await list('?filter[cohort]=2023,2024&page[per_page]=3000');
    expect(res.status).toBe(200);
    expect(StatementsResponseSchema.safeParse(body).success).toBe(true);
    const expected = readStatementCalendar().filter((s) => s.outputFee && [2023, 2024].includes(s.cohortYear));
    expect(data).toHaveLength(expected.length);
    const paymentDates = data.map((s) => s.attributes.payment_date as string);
    expect(paymentDates).toEqual([...paymentDates].sort());
    expect(new Set(data.map((s) => s.attributes.cohort))).toEqual(new Set(['2023', '2024']));
  });

  it('renders month, year, dates and paid as the contract says', async () => {
    const { data } = await list('?filter[cohort]=2024&page[per_page]=3000');
    const january = data.find((s) => s.attributes.month === 'January' && s.attributes.year === '2025');
    expect(january?.attributes).toMatchObject({
      type: 'ecf', cohort: '2024', cut_off_date: '2024-12-31', payment_date: '2025-01-25', paid: true,
    });
    expect(january?.attributes.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const future = data.find((s) => (s.attributes.payment_date as string) > '2026-12-01');
    expect(future?.attributes.paid).toBe(false);
  });

  it('filters by cohort, type and updated_since', async () => {
    expect((await list('?filter[cohort]=2021&page[per_page]=3000')).data.every((s) => s.attributes.cohort === '2021')).toBe(true);
    expect((await list('?filter[cohort]=2021&page[per_page]=3000')).data.length).toBeGreaterThan(0);
    expect((await list('?filter[cohort]=2020,1999,abc')).data).toEqual([]);
    expect((await list('?filter[type]=npq')).data).toEqual([]);
    expect((await list('?filter[type]=ecf')).data.length).toBeGreaterThan(0);
    const { data } = await list('?filter[cohort]=2024&page[per_page]=3000');
    const target = data[2]!;
    await h.db.update(statements).set({ updatedAt: new Date('2030-01-01T00:00:00Z') }).where(eq(statements.id, target.id));
    const since = await list('?filter[updated_since]=2029-12-31T23:59:59Z');
    expect(since.data.map((s) => s.id)).toEqual([target.id]);
    const encodedOffset = await list('?filter[updated_since]=2030-01-01T01:00:00%2B01:00');
    expect(encodedOffset.data.map((s) => s.id)).toEqual([target.id]);
  });

  it('rejects an unreadable updated_since with a 400 that says how to write it', async () => {
    for (const value of ['yesterday', '2024-13-01T00:00:00Z', '2024-02-30']) {
      const { res, body } = await list(`?filter[updated_since]=${value}`);
      expect(res.status, value).toBe(400);
      expect(body.errors[0].detail).toContain('RFC 3339');
    }
  });

  it('never shows another provider’s statements', async () => {
    const mine = new Set((await list('?page[per_page]=3000')).data.map((s) => s.id));
    const theirs = (await list('?page[per_page]=3000', other.token)).data.map((s) => s.id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((id) => mine.has(id))).toBe(false);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => list(q));
    expect((await list('?page[per_page]=1')).data).toHaveLength(1);
    expect((await list('?page[per_page]=3000')).data.length).toBeGreaterThan(10);
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=3000'));
  });
});

describe('GET /api/v3/statements/{id}', () => {
  it('returns one of the caller’s statements, service-fee ones included', async () => {
    const [serviceFee] = await h.db.select().from(statements).where(eq(statements.outputFee, false)).limit(1);
    const mine = await h.db.select().from(statements).where(eq(statements.leadProviderId, lp.id)).limit(1);
    for (const s of [mine[0]!, ...(serviceFee?.leadProviderId === lp.id ? [serviceFee] : [])]) {
      const res = await h.request(`/api/v3/statements/${s.id}`, { token: lp.token });
      const body = await readJson(res);
      expect(res.status).toBe(200);
      expect(StatementResponseSchema.safeParse(body).success).toBe(true);
      expect(body.data.id).toBe(s.id);
    }
  });

  it('is a 404 for another provider’s statement, an unknown id, or a non-ecf type filter', async () => {
    const [theirs] = await h.db.select().from(statements).where(eq(statements.leadProviderId, other.id)).limit(1);
    const [mine] = await h.db.select().from(statements).where(eq(statements.leadProviderId, lp.id)).limit(1);
    const unknown = await h.request(`/api/v3/statements/${crypto.randomUUID()}`, { token: lp.token });
    const unknownBody = await readJson(unknown);
    expect(unknown.status).toBe(404);
    const foreign = await h.request(`/api/v3/statements/${theirs!.id}`, { token: lp.token });
    expect(foreign.status).toBe(404);
    expect(await readJson(foreign)).toEqual(unknownBody);
    expect((await h.request(`/api/v3/statements/${mine!.id}?filter[type]=npq`, { token: lp.token })).status).toBe(404);
  });
});
