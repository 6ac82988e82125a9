import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../db/seed/random';
import { seedSandbox } from '../../db/seed/sandbox';
import { createHarness, type Harness } from '../support/harness';
import { browser, createWebUser, signIn, type Browser } from '../web/web-support';

// Hostile input against every page and form of the web service, signed in and not: strange
// form fields, huge and binary values, SQL and HTML metacharacters, wrong CSRF tokens, files
// that are not CSV. The routes come from the app, so a new page is fuzzed automatically. Nothing
// may answer 5xx, and no page may echo a value unescaped.

const REQUESTS = 2_000;
const SEED = 20261130;
let h: Harness;
let signedIn: Browser;
let anonymous: Browser;
let knownIds: string[] = [];

const hostile = [
  '', ' ', '\u0000', 'null', '-1', '0', '2025', '2021', '99999999999999999999', '2024-02-30', "'; DROP TABLE partnerships; --",
  '" OR 1=1 --', '<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', '%00', '../../etc/passwd', '{{7*7}}',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e\u200b', 'a@b.c', 'x'.repeat(5000), '=HYPERLINK("http://x")', 'mistake', 'not_confirmed', 'https://evil.example/',
];
const fieldNames = ['email', 'cohort', 'delivery_partner_id', 'school_id', 'login_token', 'token', 'reason', 'message', 'subject', 'query', 'page', 'csv', '_csrf', 'x[y]', ''];

function value(r: Random): string {
  switch (r.int(0, 5)) {
    case 0: return r.pick(knownIds);
    case 1: return crypto.randomUUID();
    case 2: return 'ä'.repeat(r.int(1, 20_000));
    default: return r.pick(hostile);
  }
}

function file(r: Random): Blob {
  switch (r.int(0, 4)) {
    case 0: return new Blob([new Uint8Array(Array.from({ length: r.int(1, 4000) }, () => r.int(0, 255)))], { type: 'application/octet-stream' });
    case 1: return new Blob([Array.from({ length: r.int(1, 300) }, () => value(r).slice(0, 200)).join('\n')], { type: 'text/csv' });
    case 2: return new Blob(['urn\n', ...Array.from({ length: r.int(1, 200) }, () => `${r.int(100000, 150000)}\n`)], { type: 'text/csv' });
    case 3: return new Blob([''], { type: 'text/csv' });
    default: return new Blob(['\uFEFFURN,"unterminated\n1,2,3'], { type: r.pick(['text/csv', 'image/png', '']) });
  }
}

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 1 });
  const user = await createWebUser(h.db, providers[0]!.id);
  signedIn = await signIn(h, user.email);
  anonymous = browser(h);
  await anonymous.get('/users/sign_in');
  knownIds = (await h.client.execute('SELECT id FROM partnerships UNION ALL SELECT id FROM schools UNION ALL SELECT id FROM delivery_partners UNION ALL SELECT report_id FROM partnerships WHERE report_id IS NOT NULL LIMIT 300')).rows.map((r) => String(r.id));
});
afterAll(() => h.close());

describe('web service hostile input', () => {
  it(`${REQUESTS} hostile requests to every page and form: no 5xx, nothing echoed unescaped`, async () => {
    const r = createRandom(SEED);
    const routes = [...new Map(h.app.routes
      .filter((x) => (x.method === 'GET' || x.method === 'POST') && !x.path.startsWith('/api') && !x.path.includes('*') && x.path !== '/users/sign_out')
      .map((x) => [`${x.method} ${x.path}`, x])).values()];
    expect(routes.length).toBeGreaterThan(20);
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const route = r.pick(routes);
      const who = r.chance(0.8) ? signedIn : anonymous;
      const path = route.path.replace(':id', value(r).slice(0, 100));
      const query = Array.from({ length: r.int(0, 3) }, () => `${encodeURIComponent(r.pick(fieldNames))}=${encodeURIComponent(value(r).slice(0, 2000))}`).join('&');
      const url = `${encodeURI(path)}${query ? `?${query}` : ''}`;
      let res: Response;
      if (route.method === 'GET') {
        res = await who.get(url);
      } else {
        const fields: Record<string, string | Blob> = {};
        for (let n = r.int(0, 5); n > 0; n--) fields[r.pick(fieldNames)] = value(r);
        if (route.path.endsWith('/csv') && r.chance(0.7)) fields.csv = file(r);
        const csrf = r.chance(0.85) ? undefined : value(r).slice(0, 100);
        res = await who.post(url, csrf === undefined ? fields : { ...fields, _csrf: csrf }, { multipart: r.chance(0.3) });
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${route.method} ${url.slice(0, 200)}`).toBeLessThan(500);
      const body = await res.text();
      expect(body, `${route.method} ${url.slice(0, 200)}`).not.toMatch(/<script>alert|<img src=x onerror/);
    }
    console.info(`web fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 180_000);
});
