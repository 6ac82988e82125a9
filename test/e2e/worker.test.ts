import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { connectD1 } from '../../db/client';
import { cohortId, loadReferenceData } from '../../db/reference-data/load';
import { leadProviderCohorts } from '../../db/schema';
import { createDeliveryPartner, createLeadProvider, createProviderRelationship, createSchool, type LeadProviderFixture } from '../support/factories';
import { readJson } from '../support/harness';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { seedSandbox } from '../../db/seed/sandbox';
import { createWebUser } from '../web/web-support';

// The Worker in the real workerd runtime (`wrangler dev`) on a local D1 that was migrated with
// `wrangler d1 migrations apply` and seeded through the same D1 binding.

const root = new URL('../..', import.meta.url).pathname;
const wrangler = join(root, 'node_modules/.bin/wrangler');
let dir: string;
let server: ChildProcess | undefined;
let base: string;
let lp: LeadProviderFixture;
let ownDp: string;
let webUserEmail: string;
let webLp: LeadProviderFixture;
/** A token of one provider of the seeded sandbox data set. */
let sandboxToken: string;
const webSchoolUrns: string[] = [];

function run(args: string[]) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(wrangler, args, { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.join(' ')} failed:\n${out}`))));
  });
}

beforeAll(async () => {
  // wrangler.toml serves the guidance site from docs/dist ([assets]); the folder must exist even
  // when the site has not been built.
  mkdirSync(join(root, 'docs/dist'), { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'lpapi-d1-'));
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir]);

  const proxy = await getPlatformProxy<{ DB: Parameters<typeof connectD1>[0] }>({ persist: { path: join(dir, 'v3') } });
  try {
    const db = connectD1(proxy.env.DB);
    await loadReferenceData(db, new Date());
    lp = await createLeadProvider(db, { name: 'Workers Test Provider' });
    const other = await createLeadProvider(db, { name: 'Someone Else' });
    ownDp = (await createDeliveryPartner(db, { name: 'Our Delivery Partner' })).id;
    const otherDp = (await createDeliveryPartner(db, { name: 'Their Delivery Partner' })).id;
    await createProviderRelationship(db, lp.id, ownDp, 2024);
    await createProviderRelationship(db, other.id, otherDp, 2024);
    // The web service's provider: a 2025 contract, a delivery partner, eligible schools, a user.
    webLp = await createLeadProvider(db, { name: 'Workers Web Provider' });
    await db.insert(leadProviderCohorts).values({ leadProviderId: webLp.id, cohortId: cohortId(2025) });
    await createProviderRelationship(db, webLp.id, (await createDeliveryPartner(db, { name: 'Web Delivery Partner' })).id, 2025);
    for (let i = 0; i < 30; i++) webSchoolUrns.push((await createSchool(db, { urn: String(700000 + i) })).urn);
    webUserEmail = (await createWebUser(db, webLp.id, { name: 'Workers Person' })).email;
    // A small sandbox data set, written through D1 the way `npm run worker:seed:local` does.
    const seeded = await seedSandbox(db, { now: new Date(), scale: 1 });
    sandboxToken = await createApiToken(db, seeded[0]!.id, new Date());
  } finally {
    await proxy.dispose();
  }

  const port = 20000 + Math.floor(Math.random() * 20000);
  base = `http://127.0.0.1:${port}`;
  server = spawn(wrangler, ['dev', '--persist-to', dir, '--port', String(port), '--ip', '127.0.0.1', '--log-level', 'warn',
    // Small enough for the last test to reach; every other test here authenticates.
    '--var', 'UNAUTHENTICATED_RATE_LIMIT_REQUESTS:5'], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    // E2E_LOGS=1 shows the Worker's own log (its error lines) when a test here fails.
    stdio: process.env.E2E_LOGS ? 'inherit' : 'ignore',
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('wrangler dev did not start within 90 seconds');
}, 180_000);

afterAll(() => {
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Worker on workerd with local D1', () => {
  it('serves GET /api/v3/delivery-partners with the caller’s delivery partners only', async () => {
    const res = await fetch(`${base}/api/v3/delivery-partners`, { headers: { Authorization: `Bearer ${lp.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
    const body = await readJson(res);
    expect(body.data.map((d: { id: string }) => d.id)).toEqual([ownDp]);
    expect(body.data[0].attributes).toMatchObject({ name: 'Our Delivery Partner', cohort: ['2024'] });
  });

  it('refuses a request without a valid token with the contract’s 401', async () => {
    const res = await fetch(`${base}/api/v3/delivery-partners`, { headers: { Authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await readJson(res)).toEqual({ error: 'HTTP Token: Access denied' });
  });

  it('serves the statements list through D1 too', async () => {
    const res = await fetch(`${base}/api/v3/statements`, { headers: { Authorization: `Bearer ${lp.token}` } });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ data: [] });
  });

  /** A browser: cookies kept, redirects not followed, forms sent with the CSRF token. */
  function webBrowser() {
    const jar = new Map<string, string>();
    const send = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      return res;
    };
    const csrf = () => [...jar].find(([k]) => k.endsWith('lp_csrf'))![1];
    const post = (path: string, fields: Record<string, string | Blob>) => {
      const body = new FormData();
      body.append('_csrf', csrf());
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      return send(path, { method: 'POST', body });
    };
    return { send, post };
  }

  async function signedIn() {
    const b = webBrowser();
    expect((await b.send('/users/sign_in')).status).toBe(200);
    const asked = await b.post('/users/sign_in', { email: webUserEmail });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Check your email');
    const outbox = await (await b.send('/outbox')).text();
    const link = new URL(outbox.match(/href="([^"]*confirm_sign_in\?login_token=[^"]+)"/)![1]!.replace(/&amp;/g, '&'));
    expect((await b.send(`${link.pathname}${link.search}`)).status).toBe(200);
    const done = await b.post('/users/sign_in_with_token', { login_token: link.searchParams.get('login_token')! });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/dashboard');
    return b;
  }

  it('signs a provider’s user in to the web service through D1: link from the outbox, confirm, dashboard', async () => {
    const b = await signedIn();
    const dashboard = await b.send('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Workers Web Provider');
  });

  it('confirms schools from an uploaded CSV through D1, and the API then shows the partnerships', async () => {
    const b = await signedIn();
    const wizard = '/lead-providers/report-schools';
    expect((await b.post(`${wizard}/start`, { cohort: '2025' })).headers.get('location')).toBe(`${wizard}/delivery-partner`);
    const choose = await (await b.send(`${wizard}/delivery-partner`)).text();
    const dpId = /name="delivery_partner_id"[^>]*value="([0-9a-f-]{36})"/.exec(choose)?.[1] ?? /value="([0-9a-f-]{36})"[^>]*name="delivery_partner_id"/.exec(choose)![1]!;
    expect((await b.post(`${wizard}/delivery-partner`, { delivery_partner_id: dpId })).headers.get('location')).toBe(`${wizard}/csv`);
    const upload = await b.post(`${wizard}/csv`, { csv_file: new File([`urn\n${webSchoolUrns.join('\n')}\n`], 'schools.csv', { type: 'text/csv' }) });
    expect(upload.headers.get("location"), `${upload.status} ${(await upload.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 3000)}`).toBe(`${wizard}/confirm`);
    const confirmed = await b.post(wizard, {});
    expect(confirmed.headers.get('location')).toBe(`${wizard}/success`);
    const res = await fetch(`${base}/api/v3/partnerships/ecf?filter[cohort]=2025&page[per_page]=100`, { headers: { Authorization: `Bearer ${webLp.token}` } });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(new Set(body.data.map((p: { attributes: { urn: string } }) => p.attributes.urn))).toEqual(new Set(webSchoolUrns));
  });

  it('writes through D1 in batches: void a declaration and submit it again, withdraw a participant, then reset the sandbox data', async () => {
    const api = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, {
      ...init, headers: { Authorization: `Bearer ${sandboxToken}`, 'Content-Type': 'application/json' },
    });
    const declarations = (await readJson(await api('/api/v3/participant-declarations?page[per_page]=3000'))).data as { id: string; attributes: { state: string } }[];
    const eligible = declarations.find((d) => d.attributes.state === 'eligible');
    expect(eligible).toBeDefined();
    const voided = await api(`/api/v3/participant-declarations/${eligible!.id}/void`, { method: 'PUT' });
    expect(voided.status).toBe(200);
    expect((await readJson(voided)).data.attributes.state).toBe('voided');
    // Submitted again once its slot is free: the submission's one read of its rules and its
    // (group-committed) batch, through D1.
    const { participant_id, declaration_type, declaration_date, course_identifier, evidence_held } = (eligible as unknown as { attributes: Record<string, string | null> }).attributes;
    const resubmitted = await api('/api/v3/participant-declarations', {
      method: 'POST', body: JSON.stringify({ data: { type: 'participant-declaration', attributes: { participant_id, declaration_type, declaration_date, course_identifier, ...(evidence_held ? { evidence_held } : {}) } } }),
    });
    const resubmittedBody = await readJson(resubmitted);
    expect(resubmitted.status, JSON.stringify(resubmittedBody)).toBe(200);
    expect(resubmittedBody.data.id).not.toBe(eligible!.id);
    expect(resubmittedBody.data.attributes.state).toBe('eligible');

    type Enrolment = { training_status: string; participant_status: string; participant_type: string };
    const participants = (await readJson(await api('/api/v3/participants/ecf?page[per_page]=3000'))).data as { id: string; attributes: { ecf_enrolments: Enrolment[] } }[];
    // (a record the school withdrew is not one the provider can act on: DOMAIN §9.4)
    const isActive = (e: Enrolment) => e.training_status === 'active' && e.participant_status === 'active';
    const active = participants.find((p) => p.attributes.ecf_enrolments.some(isActive))!;
    const enrolment = active.attributes.ecf_enrolments.find(isActive)!;
    const withdrawn = await api(`/api/v3/participants/ecf/${active.id}/withdraw`, {
      method: 'PUT', body: JSON.stringify({ data: { type: 'participant-withdraw', attributes: { reason: 'other', course_identifier: enrolment.participant_type === 'mentor' ? 'ecf-mentor' : 'ecf-induction' } } }),
    });
    expect(withdrawn.status).toBe(200);
    expect((await readJson(withdrawn)).data.attributes.ecf_enrolments.some((e: Enrolment) => e.training_status === 'withdrawn')).toBe(true);

    const reset = await api('/api/sandbox/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((await readJson(reset)).data.attributes.rows_changed).toBeGreaterThan(0);
    const again = await readJson(await api(`/api/v3/participant-declarations/${eligible!.id}`));
    expect(again.data.attributes.state).toBe('eligible');
    // Lists of 3000, two writes and a whole-sandbox reset through workerd's local D1: well under
    // 20 s on a quiet machine, but not when other suites share its two cores.
  }, 90_000);

  // Runs last: it uses up the failed-authentication allowance of this client address.
  it('counts failed authentication in the shared Durable Object limiter, then answers 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${base}/api/v3/statements`, { headers: { Authorization: `Bearer junk-${i}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
        expect((await readJson(res)).errors[0].title).toBe('Too many requests');
      } else await res.body?.cancel();
    }
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    // A valid token is counted on its own.
    expect((await fetch(`${base}/api/v3/statements`, { headers: { Authorization: `Bearer ${lp.token}` } })).status).toBe(200);
  });
});
