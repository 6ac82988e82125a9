import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, leadProviderUsers, statements, webSessions } from '../../db/schema';
import { createSession, findUserByEmail, issueSignInToken } from '../../api/web/auth/sessions';
import { createDeliveryPartner, createLeadProvider } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { auditRows, operator, operatorToken, refusedWithoutWrites } from './support';

let h: Harness;
let op: ReturnType<typeof operator>;
let actor: { id: string };

beforeAll(async () => {
  h = await createHarness();
  const t = await operatorToken(h, 'DfE finance');
  actor = { id: t.id };
  op = operator(h, t.token);
});
afterAll(() => h.close());

const lastAudit = async () => (await auditRows(h)).at(-1)!;
let n = 0;

describe('operator API: lead providers, delivery partners and access', () => {
  it('creates a lead provider with its cohorts’ statements, audited with who, what and the request id', async () => {
    const res = await op('POST', '/lead-providers', { name: `Provider ${++n}`, cohorts: [2025] }, { headers: { 'X-Request-Id': 'req-create-lp' } });
    expect(res.status).toBe(200);
    const json = await readJson(res);
    expect(json.data).toMatchObject({ type: 'lead-provider', attributes: { name: `Provider ${n}`, cohorts: [2025] } });
    const own = await h.db.select().from(statements).where(eq(statements.leadProviderId, json.data.id));
    expect(own.length).toBeGreaterThan(5);
    expect(own.every((s) => s.cohortId)).toBe(true);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ actor_token_id: actor.id, actor_name: 'DfE finance', method: 'POST', path: '/api/operator/lead-providers', operation: 'create_lead_provider', request_id: 'req-create-lp' });
    expect(JSON.parse(audit.target_ids)).toEqual([json.data.id]);
    expect(JSON.parse(audit.input_summary)).toEqual({ name: `Provider ${n}`, cohorts: [2025] });
  });

  it('refuses a duplicate name, an unknown cohort and a missing name with 422s, writing nothing', async () => {
    const existing = await createLeadProvider(h.db);
    await refusedWithoutWrites(h, () => op('POST', '/lead-providers', { name: existing.name.toUpperCase() }), 422, 'name');
    await refusedWithoutWrites(h, () => op('POST', '/lead-providers', { name: 'Fresh', cohorts: [2039] }), 422, 'cohorts');
    await refusedWithoutWrites(h, () => op('POST', '/lead-providers', { cohorts: 'soon' }), 422, 'name');
    await refusedWithoutWrites(h, () => op('POST', '/lead-providers', undefined, { body: '{"data":' }), 400);
  });

  it('renames a provider and adds a cohort (opening its statements); an unknown id is a 404', async () => {
    const lp = await createLeadProvider(h.db);
    const json = await readJson(await op('PATCH', `/lead-providers/${lp.id}`, { name: `Renamed ${++n}`, cohorts: ['2024'] }));
    expect(json.data.attributes).toEqual({ name: `Renamed ${n}`, cohorts: [2024] });
    expect((await lastAudit()).operation).toBe('update_lead_provider');
    const opened = await readJson(await op('POST', `/lead-providers/${lp.id}/statements`, { cohort: 2025 }));
    expect(opened.data.attributes.cohorts).toEqual([2024, 2025]);
    const v3 = await readJson(await h.request('/api/v3/statements?filter[cohort]=2025', { token: lp.token }));
    expect(v3.data.length).toBeGreaterThan(0);
    await refusedWithoutWrites(h, () => op('PATCH', `/lead-providers/${crypto.randomUUID()}`, { name: 'x' }), 404);
    await refusedWithoutWrites(h, () => op('POST', `/lead-providers/${lp.id}/statements`, {}), 422, 'cohort');
  });

  it('creates and renames delivery partners, and sets which cohorts a pair runs (shown by v3)', async () => {
    const lp = await createLeadProvider(h.db);
    const dp = await readJson(await op('POST', '/delivery-partners', { name: 'Hub One' }));
    expect(dp.data).toMatchObject({ type: 'delivery-partner', attributes: { name: 'Hub One' } });
    h.clock.now = new Date('2025-11-16T10:00:00Z');
    const set = await readJson(await op('PUT', '/provider-relationships', { lead_provider_id: lp.id, delivery_partner_id: dp.data.id, cohorts: [2024, 2025] }));
    expect(set.data.attributes.cohorts).toEqual([2024, 2025]);
    const seen = await readJson(await h.request(`/api/v3/delivery-partners/${dp.data.id}`, { token: lp.token }));
    expect(seen.data.attributes).toMatchObject({ name: 'Hub One', cohort: ['2024', '2025'] });
    // Again: nothing new; then only 2025: 2024 is discarded.
    await op('PUT', '/provider-relationships', { lead_provider_id: lp.id, delivery_partner_id: dp.data.id, cohorts: [2024, 2025] });
    expect(Number((await h.client.execute({ sql: 'SELECT count(*) AS n FROM provider_relationships WHERE delivery_partner_id = ?', args: [dp.data.id] })).rows[0]!.n)).toBe(2);
    const narrowed = await readJson(await op('PUT', '/provider-relationships', { lead_provider_id: lp.id, delivery_partner_id: dp.data.id, cohorts: [2025] }));
    expect(narrowed.data.attributes.cohorts).toEqual([2025]);
    expect((await readJson(await h.request(`/api/v3/delivery-partners/${dp.data.id}`, { token: lp.token }))).data.attributes.cohort).toEqual(['2025']);
    const renamed = await readJson(await op('PATCH', `/delivery-partners/${dp.data.id}`, { name: 'Hub Two' }));
    expect(renamed.data.attributes.name).toBe('Hub Two');
    expect((await lastAudit()).operation).toBe('update_delivery_partner');
    h.clock.now = new Date('2025-11-15T10:00:00Z');
    await refusedWithoutWrites(h, () => op('PUT', '/provider-relationships', { lead_provider_id: lp.id, delivery_partner_id: crypto.randomUUID(), cohorts: [2025] }), 422, 'delivery_partner_id');
    await refusedWithoutWrites(h, () => op('POST', '/delivery-partners', { name: '' }), 422, 'name');
    const discarded = await createDeliveryPartner(h.db, { discardedAt: new Date() });
    await refusedWithoutWrites(h, () => op('PATCH', `/delivery-partners/${discarded.id}`, { name: 'x' }), 404);
  });

  it('creates a provider API token that works at once (never in the audit) and revokes it', async () => {
    const lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
    const json = await readJson(await op('POST', `/lead-providers/${lp.id}/api-tokens`, { description: 'CRM' }));
    const token = json.data.attributes.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await h.request('/api/v3/statements', { token })).status).toBe(200);
    const audit = await lastAudit();
    expect(audit.operation).toBe('create_api_token');
    expect(JSON.stringify(audit)).not.toContain(token);
    const [stored] = await h.db.select().from(apiTokens).where(eq(apiTokens.id, json.data.id));
    expect(stored!.hashedToken).not.toBe(token);
    const revoked = await op('POST', `/api-tokens/${json.data.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await h.request('/api/v3/statements', { token })).status).toBe(401);
    expect((await lastAudit()).operation).toBe('revoke_api_token');
    await refusedWithoutWrites(h, () => op('POST', `/api-tokens/${json.data.id}/revoke`), 422, 'token');
    await refusedWithoutWrites(h, () => op('POST', `/lead-providers/${crypto.randomUUID()}/api-tokens`, {}), 404);
  });

  it('gives a person a web account with a welcome email; a bad email is a 422', async () => {
    const lp = await createLeadProvider(h.db);
    const json = await readJson(await op('POST', `/lead-providers/${lp.id}/users`, { email: `Jo${++n}@Example.com`, full_name: 'Jo Bloggs' }));
    expect(json.data.attributes).toMatchObject({ lead_provider_id: lp.id, email: `jo${n}@example.com`, welcome_email: 'queued' });
    const [user] = await h.db.select().from(leadProviderUsers).where(eq(leadProviderUsers.id, json.data.id));
    expect(user!.leadProviderId).toBe(lp.id);
    const emails = await h.client.execute({ sql: "SELECT template FROM emails WHERE subject_id = ?", args: [json.data.id] });
    expect(emails.rows.map((r) => r.template)).toEqual(['welcome']);
    expect((await lastAudit()).operation).toBe('create_web_user');
    await refusedWithoutWrites(h, () => op('POST', `/lead-providers/${lp.id}/users`, { email: 'not-an-email', full_name: 'Jo' }), 422, 'email');
    await refusedWithoutWrites(h, () => op('POST', `/lead-providers/${lp.id}/users`, { email: `jo${n}@example.com`, full_name: 'Jo' }), 422, 'email');
  });

  it('revokes a web account: sessions and sign-in link gone, signing in treats them as unknown', async () => {
    const lp = await createLeadProvider(h.db);
    const email = `revoke${++n}@example.com`;
    const user = await readJson(await op('POST', `/lead-providers/${lp.id}/users`, { email, full_name: 'Rev Oked' }));
    await issueSignInToken(h.db, user.data.id, h.clock.now);
    await createSession(h.db, user.data.id, h.clock.now);
    expect(await findUserByEmail(h.db, email)).not.toBeNull();
    const res = await op('POST', `/users/${user.data.id}/revoke`);
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes.lead_provider_id).toBe(lp.id);
    expect(await findUserByEmail(h.db, email)).toBeNull();
    expect(await h.db.select().from(webSessions).where(eq(webSessions.userId, user.data.id))).toEqual([]);
    expect(Number((await h.client.execute({ sql: 'SELECT count(*) AS n FROM sign_in_tokens WHERE user_id = ?', args: [user.data.id] })).rows[0]!.n)).toBe(0);
    expect((await lastAudit()).operation).toBe('revoke_web_user');
    await refusedWithoutWrites(h, () => op('POST', `/users/${user.data.id}/revoke`), 422, 'user');
    await refusedWithoutWrites(h, () => op('POST', `/users/${crypto.randomUUID()}/revoke`), 404);
  });
});
