import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
});
afterAll(() => h.close());

/** Every value stored anywhere in the database, as text. */
async function everything(): Promise<string> {
  const tables = (await h.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => String(r.name));
  const parts: string[] = [];
  for (const t of tables) parts.push(JSON.stringify((await h.client.execute(`SELECT * FROM "${t}"`)).rows));
  return parts.join('\n');
}

describe('secrets', () => {
  it('stores API tokens only as hashes', async () => {
    const token = await createApiToken(h.db, lp.id, new Date());
    const stored = await everything();
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(lp.token);
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
      const log = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      expect(log).not.toContain(lp.token);
      expect(log).not.toContain(secretEmail);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
