import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandbox } from '../../db/seed/sandbox';
import { databaseChecksum } from '../support/checksum';
import { createHarness, type Harness } from '../support/harness';
import { createWebUser, signIn, textOf, type Browser } from '../web/web-support';

// The web service's side of tenant isolation: every page that takes an id answers another
// provider's id exactly as it answers a missing one, ids sent in forms are checked against the
// signed-in provider, and lists never show another provider's schools. The routes come from the
// app itself, so a new page with an id must be added to `webIdKinds` or this fails.

let h: Harness;
let b: Browser;
let me: string;
const foreign: Record<string, string[]> = {};
let mine: string;

type Row = Record<string, unknown>;
const rows = async (sql: string, args: unknown[]) => (await h.client.execute({ sql, args: args as never[] })).rows as Row[];

/** Which kind of id each web route's path parameter takes. */
const webIdKinds: Record<string, string> = {
  '/lead-providers/partnerships/:id': 'partnership',
};

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
  me = providers[0]!.id;
  const user = await createWebUser(h.db, me);
  b = await signIn(h, user.email);
  // Partnerships of other providers at schools this provider has no partnership with.
  foreign.partnership = (await rows(`
    SELECT p.id FROM partnerships p WHERE p.lead_provider_id <> ?
      AND p.school_id NOT IN (SELECT school_id FROM partnerships WHERE lead_provider_id = ?) LIMIT 5`, [me, me])).map((r) => String(r.id));
  mine = String((await rows('SELECT id FROM partnerships WHERE lead_provider_id = ? AND relationship = 0 LIMIT 1', [me]))[0]!.id);
});
afterAll(() => h.close());

const webRoutes = () => h.app.routes.filter((r) => !r.path.startsWith('/api/') && !r.path.startsWith('/api-docs/'));

describe('web service tenant isolation', () => {
  it('every web route with an id is in the matrix', () => {
    const withIds = [...new Set(webRoutes().filter((r) => r.path.includes('/:')).map((r) => r.path))];
    expect(withIds.length).toBeGreaterThan(0);
    expect(withIds.filter((p) => !(p in webIdKinds))).toEqual([]);
  });

  it('another provider’s ids get exactly the page of a missing id, and nothing is written', async () => {
    expect(foreign.partnership!.length).toBeGreaterThan(0);
    const before = await databaseChecksum(h.client);
    let tried = 0;
    for (const path of Object.keys(webIdKinds)) {
      const url = (id: string) => path.replace(':id', id);
      const own = await b.get(url(mine));
      expect(own.status, `${path} with the provider's own id`).toBe(200);
      const missing = await b.get(url(crypto.randomUUID()));
      expect(missing.status).toBe(404);
      const missingText = await textOf(missing);
      for (const id of foreign[webIdKinds[path]!]!) {
        const res = await b.get(url(id));
        expect(res.status, `${path} with another provider's id`).toBe(404);
        expect(await textOf(res)).toBe(missingText);
        tried += 1;
      }
    }
    expect(await databaseChecksum(h.client)).toBe(before);
    console.info(`web tenant isolation: ${tried} pages with another provider's ids, all 404, no write`);
  });

  it('refuses a delivery partner the provider does not work with, sent in the form', async () => {
    const [cohort] = await rows(`
      SELECT c.start_year AS year, c.id FROM lead_provider_cohorts lc JOIN cohorts c ON c.id = lc.cohort_id
      WHERE lc.lead_provider_id = ? ORDER BY c.start_year DESC LIMIT 1`, [me]);
    const [other] = await rows(`
      SELECT d.id FROM delivery_partners d WHERE NOT EXISTS (
        SELECT 1 FROM provider_relationships r WHERE r.delivery_partner_id = d.id AND r.lead_provider_id = ? AND r.cohort_id = ? AND r.discarded_at IS NULL)
      LIMIT 1`, [me, cohort!.id]);
    expect(other).toBeDefined();
    const started = await b.follow(await b.post('/lead-providers/report-schools/start', { cohort: String(cohort!.year) }));
    expect(started.status).toBe(200);
    const before = await databaseChecksum(h.client);
    const res = await b.post('/lead-providers/report-schools/delivery-partner', { delivery_partner_id: String(other!.id) });
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain('Select the delivery partner');
    expect(await databaseChecksum(h.client)).toBe(before);
    // the wizard did not move on to the upload
    const upload = await b.get('/lead-providers/report-schools/csv');
    expect(upload.status).toBe(302);
    expect(upload.headers.get('location')).toBe('/lead-providers/report-schools/delivery-partner');
  });

  it('never lists another provider’s schools on the overview, your schools or the CSV download', async () => {
    const schools = await rows(`
      SELECT DISTINCT p.id, s.urn, s.name, c.start_year AS year FROM partnerships p JOIN schools s ON s.id = p.school_id JOIN cohorts c ON c.id = p.cohort_id
      WHERE p.id IN (${foreign.partnership!.map(() => '?').join(',')})`, foreign.partnership!);
    expect(schools.length).toBeGreaterThan(0);
    for (const school of schools) {
      // (a search echoes its query, so the pages are checked for the school's name and partnership)
      for (const path of [`/lead-providers/your-schools?cohort=${school.year}`, `/lead-providers/your-schools?cohort=${school.year}&query=${school.urn}`]) {
        const res = await b.get(path);
        expect(res.status, path).toBe(200);
        const html = await res.text();
        expect(html, path).not.toContain(String(school.id));
        expect(html, path).not.toContain(String(school.name));
      }
      const csv = await b.get(`/lead-providers/partnerships/active.csv?cohort=${school.year}`);
      expect(csv.status).toBe(200);
      expect(await csv.text()).not.toContain(String(school.urn));
    }
    const dashboard = await b.get('/dashboard');
    expect(dashboard.status).toBe(200);
  });
});
