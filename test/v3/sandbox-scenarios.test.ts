import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { partnershipMessages as m } from '../../api/services/partnerships/messages';
import { seedSandbox } from '../../db/seed/sandbox';
import { schools } from '../../db/schema';
import { isCipOnly, isEligibleForFunding } from '../../api/domain/school-eligibility';
import { createHarness, readJson, type Harness } from '../support/harness';

// The sandbox data set, used through the API as a provider would: it must show every situation
// the partnerships rules distinguish, and the rules must hold on it.

let h: Harness;
let token: string;
let leadProviderId: string;

const all = async (sql: string, args: (string | number)[] = []) => (await h.client.execute({ sql, args })).rows;

beforeAll(async () => {
  h = await createHarness();
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
  leadProviderId = providers[0]!.id;
  token = await createApiToken(h.db, leadProviderId, h.clock.now);
});
afterAll(() => h.close());

async function get(path: string) {
  const res = await h.request(path, { token });
  expect(res.status, path).toBe(200);
  return (await readJson(res)).data as { id: string; attributes: Record<string, unknown> }[];
}

describe('sandbox data through the API', () => {
  it('lists only eligible or partnered schools, with and without partnerships', async () => {
    const listed = await get('/api/v3/schools/ecf?filter[cohort]=2025&page[per_page]=3000');
    const ids = new Set(listed.map((s) => s.id));
    const everySchool = await h.db.select().from(schools);
    const cipOnly = everySchool.filter(isCipOnly);
    const ineligible = everySchool.filter((s) => !isEligibleForFunding(s) && !isCipOnly(s));
    expect(cipOnly.length).toBeGreaterThan(0);
    expect(ineligible.length).toBeGreaterThan(0);
    // CIP-only schools never show; ineligible ones only with a confirmed partnership in the cohort
    expect(cipOnly.some((s) => ids.has(s.id))).toBe(false);
    const partneredIn2025 = new Set((await all(`SELECT p.school_id FROM partnerships p JOIN cohorts c ON c.id = p.cohort_id
      WHERE c.start_year = 2025 AND p.relationship = 0 AND p.challenge_reason IS NULL`)).map((r) => String(r[0])));
    expect(ineligible.filter((s) => ids.has(s.id)).every((s) => partneredIn2025.has(s.id))).toBe(true);
    expect(everySchool.filter((s) => isEligibleForFunding(s)).every((s) => ids.has(s.id))).toBe(true);
    expect(listed.some((s) => s.attributes.in_partnership === true)).toBe(true);
    expect(listed.some((s) => s.attributes.in_partnership === false)).toBe(true);
  });

  it('shows the provider challenged partnerships with every reason', async () => {
    const partnerships = await get('/api/v3/partnerships/ecf?page[per_page]=3000');
    const reasons = new Set(partnerships.map((p) => p.attributes.challenged_reason).filter(Boolean));
    expect([...reasons].sort()).toEqual(['another_provider', 'do_not_recognise', 'mistake', 'no_ects', 'not_confirmed']);
  });

  it('has schools partnered by another provider, and schools waiting to confirm they continue', async () => {
    const [theirs] = await all(`
      SELECT p.school_id, c.start_year FROM partnerships p JOIN cohorts c ON c.id = p.cohort_id
      WHERE p.lead_provider_id <> ? AND p.relationship = 0 AND p.challenge_reason IS NULL AND c.start_year = 2025 LIMIT 1`, [leadProviderId]);
    const [waiting] = await all(`
      SELECT p.school_id FROM partnerships p JOIN cohorts c ON c.id = p.cohort_id
      WHERE c.start_year = 2024 AND p.relationship = 0 AND p.challenge_reason IS NULL
        AND NOT EXISTS (SELECT 1 FROM school_cohorts sc JOIN cohorts c2 ON c2.id = sc.cohort_id WHERE sc.school_id = p.school_id AND c2.start_year = 2025)
        AND NOT EXISTS (SELECT 1 FROM partnerships p2 JOIN cohorts c3 ON c3.id = p2.cohort_id WHERE p2.school_id = p.school_id AND c3.start_year = 2025)
      LIMIT 1`);
    const [dp] = await all(`SELECT pr.delivery_partner_id FROM provider_relationships pr JOIN cohorts c ON c.id = pr.cohort_id
      JOIN delivery_partners d ON d.id = pr.delivery_partner_id
      WHERE pr.lead_provider_id = ? AND c.start_year = 2025 AND pr.discarded_at IS NULL AND d.discarded_at IS NULL LIMIT 1`, [leadProviderId]);
    const confirm = (schoolId: unknown) => h.request('/api/v3/partnerships/ecf', {
      method: 'POST', token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'ecf-partnership', attributes: { cohort: '2025', school_id: schoolId, delivery_partner_id: dp![0] } } }),
    });
    expect((await readJson(await confirm(theirs![0]))).errors).toEqual([{ title: 'school_id', detail: m.anotherProvider }]);
    expect((await readJson(await confirm(waiting![0]))).errors).toEqual([{ title: 'school_id', detail: m.notContinued }]);
  });
});
