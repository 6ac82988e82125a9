import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { browser, createWebUser, signIn } from '../web/web-support';

let h: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
});
afterAll(() => h.close());

/** Every value stored anywhere in the database, as text. */
async function everything(of: Harness = h): Promise<string> {
  const tables = (await of.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => String(r.name));
  const parts: string[] = [];
  for (const t of tables) parts.push(JSON.stringify((await of.client.execute(`SELECT * FROM "${t}"`)).rows));
  return parts.join('\n');
}

describe('secrets', () => {
  it('stores API tokens only as hashes', async () => {
    const token = await createApiToken(h.db, lp.id, new Date());
    const stored = await everything();
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(lp.token);
  });

  it('stores sign-in link tokens and session ids only as hashes, even on the way through the email outbox', async () => {
    const sent: string[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sent.push(String(init.body));
      return new Response(JSON.stringify({ id: crypto.randomUUID() }), { status: 201 });
    });
    const prod = await createHarness({
      APP_ENV: 'production',
      NOTIFY_API_KEY: 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0',
      NOTIFY_TEMPLATE_IDS: JSON.stringify({ sign_in_link: 'f33517ff-2a88-4f6e-b855-c550268ce08a' }),
    });
    try {
      const provider = await createLeadProvider(prod.db);
      const user = await createWebUser(prod.db, provider.id);
      const b = browser(prod, 'https://lp.example');
      await b.get('/users/sign_in');
      expect((await b.post('/users/sign_in', { email: user.email })).status).toBe(200);
      const link = new URL(JSON.parse(sent.at(-1)!).personalisation.sign_in_url as string);
      const token = link.searchParams.get('login_token')!;
      expect(token.length).toBeGreaterThan(20);
      expect((await b.get(`${link.pathname}${link.search}`)).status).toBe(200);
      expect((await b.post('/users/sign_in_with_token', { login_token: token })).status).toBe(303);
      const sessionId = [...b.cookies].find(([name]) => /session/i.test(name))?.[1];
      expect(sessionId).toBeTruthy();
      expect((await b.get('/dashboard')).status).toBe(200);
      const stored = await everything(prod);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(decodeURIComponent(sessionId!));
    } finally {
      prod.close();
      vi.unstubAllGlobals();
    }
  });

  it('never writes tokens, emails or request bodies to the logs', async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture));
    try {
      const secretEmail = 'very.private.person@example.com';
      await h.request('/api/v3/partnerships/ecf', { method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { attributes: { cohort: '2025', school_id: secretEmail, delivery_partner_id: 'x' } } }) });
      await h.request('/api/v3/statements', { headers: { Authorization: `Bearer not-${lp.token}` } });
      await h.request('/api/v3/participant-declarations', { method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' }, body: `{"data":{"attributes":{"participant_id":"${secretEmail}"` });
      // an unexpected failure is logged, but without the request's secrets
      const broken = await createHarness();
      try {
        const other = await createLeadProvider(broken.db);
        await broken.client.execute('DROP TABLE provider_relationships');
        // the failing query's bound values include the provider id and the page size; none may be logged
        const res = await broken.request(`/api/v3/delivery-partners?page[per_page]=4321`, { token: other.token });
        expect(res.status).toBe(500);
        expect(lines.join('\n')).not.toContain(other.token);
        expect(lines.join('\n')).not.toContain(other.id);
        expect(lines.join('\n')).not.toContain('4321');
      } finally {
        broken.close();
      }
      // and a web page that fails: the search words (bound values of the failing query) are not logged
      const brokenWeb = await createHarness();
      try {
        const other = await createLeadProvider(brokenWeb.db, { cohorts: [2025], withStatements: true });
        const user = await createWebUser(brokenWeb.db, other.id);
        const b = await signIn(brokenWeb, user.email);
        lines.length = 0;
        await brokenWeb.client.execute('DROP TABLE partnerships');
        const res = await b.get(`/lead-providers/your-schools?cohort=2025&query=${encodeURIComponent(secretEmail)}`);
        expect(res.status).toBe(500);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.join('\n')).not.toContain(secretEmail);
      } finally {
        brokenWeb.close();
      }
      const log = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      expect(log).not.toContain(lp.token);
      expect(log).not.toContain(secretEmail);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
