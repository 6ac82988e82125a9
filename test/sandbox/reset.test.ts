import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { seedSandbox, type SeededLeadProvider } from '../../db/seed/sandbox';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';

// POST /api/sandbox/reset: the caller's data goes back to the seeded state, seen through the v3
// API; another provider's rows and every provider's tokens are untouched; twice is the same as once.

let h: Harness;
let me: SeededLeadProvider;
let other: SeededLeadProvider;
let token: string;
let otherToken: string;

type Row = Record<string, unknown>;
const rows = async (sql: string, args: unknown[] = []) => (await h.client.execute({ sql, args: args as never[] })).rows as unknown as Row[];

/** Every row another provider owns or trains, with its rowid (a row deleted and written again differs). */
async function providerChecksum(lpId: string): Promise<string> {
  const trained = `SELECT DISTINCT ir.participant_profile_id FROM induction_records ir JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN partnerships p ON p.id = ip.partnership_id WHERE p.lead_provider_id = ?`;
  const queries: [string, unknown[]][] = [
    ['SELECT rowid, * FROM lead_providers WHERE id = ?', [lpId]],
    ['SELECT rowid, * FROM statements WHERE lead_provider_id = ? ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM partnerships WHERE lead_provider_id = ? ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM provider_relationships WHERE lead_provider_id = ? ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM participant_declarations WHERE lead_provider_id = ? ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM declaration_states WHERE participant_declaration_id IN (SELECT id FROM participant_declarations WHERE lead_provider_id = ?) ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM statement_line_items WHERE statement_id IN (SELECT id FROM statements WHERE lead_provider_id = ?) ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM induction_programmes WHERE partnership_id IN (SELECT id FROM partnerships WHERE lead_provider_id = ?) ORDER BY id', [lpId]],
    ['SELECT rowid, * FROM school_cohorts WHERE id IN (SELECT ip.school_cohort_id FROM induction_programmes ip JOIN partnerships p ON p.id = ip.partnership_id WHERE p.lead_provider_id = ?) ORDER BY id', [lpId]],
    [`SELECT rowid, * FROM participant_profiles WHERE id IN (${trained}) ORDER BY id`, [lpId]],
    [`SELECT rowid, * FROM users WHERE id IN (SELECT user_id FROM participant_profiles WHERE id IN (${trained})) ORDER BY id`, [lpId]],
    [`SELECT rowid, * FROM participant_identities WHERE user_id IN (SELECT user_id FROM participant_profiles WHERE id IN (${trained})) ORDER BY id`, [lpId]],
    [`SELECT rowid, * FROM induction_records WHERE participant_profile_id IN (${trained}) ORDER BY id`, [lpId]],
    [`SELECT rowid, * FROM participant_eligibilities WHERE participant_profile_id IN (${trained}) ORDER BY id`, [lpId]],
    [`SELECT rowid, * FROM participant_profile_states WHERE participant_profile_id IN (${trained}) ORDER BY id`, [lpId]],
    [`SELECT rowid, * FROM participant_profile_schedules WHERE participant_profile_id IN (${trained}) ORDER BY id`, [lpId]],
  ];
  const hash = createHash('sha256');
  for (const [sql, args] of queries) {
    const found = await rows(sql, args);
    hash.update(`${sql}:${found.length}`);
    for (const row of found) hash.update(JSON.stringify(Object.values(row), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return hash.digest('hex');
}

const send = (method: string, path: string, body: unknown, as = token) =>
  h.request(path, { method, token: as, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const reset = (as = token) => h.request('/api/sandbox/reset', { method: 'POST', token: as });
async function get(path: string, as = token): Promise<Json> {
  const res = await h.request(path, { token: as });
  expect(res.status, path).toBe(200);
  return readJson(res);
}
const everything = async (path: string, as = token) =>
  (await get(`${path}${path.includes('?') ? '&' : '?'}page[per_page]=3000`, as)).data as Json[];
/**
 * Every row of every table, in rowid order, but the email outbox (the provider's actions queued
 * emails) and the tokens (their last use is bookkeeping of requests).
 */
async function wholeDatabase(except = ['emails', 'api_tokens']): Promise<string> {
  const tables = (await rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => String(r.name));
  const hash = createHash('sha256');
  for (const table of tables.filter((t) => !except.includes(t))) {
    hash.update(table);
    // A table without rowid (provider_enrolments) is compared by content.
    const [{ wr }] = await rows('SELECT wr FROM pragma_table_list WHERE name = ?', [table]) as [{ wr: number }];
    const query = Number(wr) ? `SELECT * FROM "${table}" ORDER BY 1, 2` : `SELECT rowid AS _rowid, * FROM "${table}" ORDER BY rowid`;
    for (const row of await rows(query)) hash.update(JSON.stringify(Object.values(row), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return hash.digest('hex');
}

let seededChecksum: string;
let seededFeedEnd: number;
let otherBefore: string;
let tokensBefore: Row[];
let confirmedId: string;
let submittedId: string;
let voided: Json;
let withdrawnId: string;
let registeredId: string;

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
  [me, other] = [providers[0]!, providers[1]!];
  token = await createApiToken(h.db, me.id, h.clock.now);
  otherToken = await createApiToken(h.db, other.id, h.clock.now);
  await get('/api/v3/statements', otherToken);
  await get('/api/v3/statements');
  seededChecksum = await wholeDatabase(['emails', 'api_tokens', 'events']);
  seededFeedEnd = Number((await rows('SELECT max(seq) AS seq FROM events'))[0]!.seq);
  otherBefore = await providerChecksum(other.id);

  // After seeding, the provider confirms a partnership, voids a declaration and makes it again,
  // withdraws a participant, and (as its school) registers one.
  h.clock.now = new Date('2025-11-20T09:00:00Z');
  const scenarios = (await get('/api/sandbox/scenarios')).data;
  const dp = (await everything('/api/v3/delivery-partners?filter[cohort]=2025'))[0];
  const confirmed = await send('POST', '/api/v3/partnerships/ecf', { data: { type: 'ecf-partnership', attributes: {
    cohort: 2025, school_id: scenarios.schools.can_partner_2025, delivery_partner_id: dp.id } } });
  expect(confirmed.status, JSON.stringify(await confirmed.clone().json())).toBe(200);
  confirmedId = (await readJson(confirmed)).data.id;

  const declarations = await everything('/api/v3/participant-declarations');
  voided = declarations.find((d) => d.attributes.state === 'eligible' && d.attributes.lead_provider_name === me.name);
  expect(voided).toBeDefined();
  expect((await send('PUT', `/api/v3/participant-declarations/${voided.id}/void`, {})).status).toBe(200);
  const a = voided.attributes;
  const again = await send('POST', '/api/v3/participant-declarations', { data: { type: 'participant-declaration', attributes: {
    participant_id: a.participant_id, declaration_type: a.declaration_type, declaration_date: a.declaration_date,
    course_identifier: a.course_identifier, ...(a.evidence_held ? { evidence_held: a.evidence_held } : {}) } } });
  expect(again.status, JSON.stringify(await again.clone().json())).toBe(200);
  submittedId = (await readJson(again)).data.id;
  expect(submittedId).not.toBe(voided.id);

  withdrawnId = scenarios.participants.ect_active_active;
  const withdrawn = await send('PUT', `/api/v3/participants/ecf/${withdrawnId}/withdraw`, { data: { type: 'participant-withdraw', attributes: {
    course_identifier: 'ecf-induction', reason: 'other' } } });
  expect(withdrawn.status, JSON.stringify(await withdrawn.clone().json())).toBe(200);

  const school = (await everything('/api/v3/partnerships/ecf?filter[cohort]=2025')).find((p) => p.attributes.status === 'active');
  const registered = await send('POST', '/api/sandbox/participants', { data: { attributes: {
    school_id: school.attributes.school_id, cohort: '2025', participant_type: 'ect', full_name: 'Reset Test', email: 'reset-test@example.com' } } });
  expect(registered.status, JSON.stringify(await registered.clone().json())).toBe(200);
  registeredId = (await readJson(registered)).data.id;
  tokensBefore = await rows('SELECT id, lead_provider_id, hashed_token, revoked_at FROM api_tokens ORDER BY id');
}, 120_000);
afterAll(() => h?.close());

describe('POST /api/sandbox/reset', () => {
  it('puts the caller’s data back as seeded, as the v3 API shows it', async () => {
    expect(await wholeDatabase()).not.toBe(seededChecksum);
    const res = await reset();
    const body = await readJson(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.data).toMatchObject({ id: me.id, type: 'sandbox-reset', attributes: { seeded_at: '2025-11-15T10:00:00.000Z', scale: 'default' } });
    expect(body.data.attributes.rows_changed).toBeGreaterThan(0);

    // The partnership confirmed and the declaration made since are gone.
    expect((await h.request(`/api/v3/partnerships/ecf/${confirmedId}`, { token })).status).toBe(404);
    expect((await h.request(`/api/v3/participant-declarations/${submittedId}`, { token })).status).toBe(404);
    // The voided declaration is as it was, the withdrawn participant active again.
    expect((await get(`/api/v3/participant-declarations/${voided.id}`)).data).toEqual(voided);
    const participant = (await get(`/api/v3/participants/ecf/${withdrawnId}`)).data.attributes.ecf_enrolments[0];
    expect(participant).toMatchObject({ training_status: 'active', withdrawal: null });
    // The participant registered since is gone.
    expect((await h.request(`/api/v3/participants/ecf/${registeredId}`, { token })).status).toBe(404);
    // Byte for byte (rows and their order), the database is as seeded, but for the email outbox
    // and the change feed: a reset is a change, and the feed announces what it put back.
    expect(await wholeDatabase(['emails', 'api_tokens', 'events'])).toBe(seededChecksum);
    const announced = await rows("SELECT resource_id FROM events WHERE lead_provider_id = ? AND type = 'participant' AND resource_id = ? AND seq > ?", [me.id, withdrawnId, seededFeedEnd]);
    expect(announced).toHaveLength(1);
  });

  it('leaves another provider’s data and every token unchanged', async () => {
    expect(await providerChecksum(other.id)).toBe(otherBefore);
    expect(await rows('SELECT id, lead_provider_id, hashed_token, revoked_at FROM api_tokens ORDER BY id')).toEqual(tokensBefore);
    expect((await get('/api/v3/statements', token)).data.length).toBeGreaterThan(0);
    expect((await get('/api/v3/statements', otherToken)).data.length).toBeGreaterThan(0);
  });

  it('is idempotent: a second reset changes nothing', async () => {
    const before = await wholeDatabase(['api_tokens']);
    const res = await reset();
    expect(res.status).toBe(200);
    expect((await readJson(res)).data.attributes.rows_changed).toBe(0);
    expect(await wholeDatabase(['api_tokens'])).toBe(before);
  });

  it('another provider’s reset leaves the caller’s data alone', async () => {
    const mine = await providerChecksum(me.id);
    const res = await reset(otherToken);
    expect(res.status).toBe(200);
    expect(await providerChecksum(me.id)).toBe(mine);
  });

  it('needs the provider’s token', async () => {
    const res = await h.request('/api/sandbox/reset', { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await readJson(res)).toEqual({ error: 'HTTP Token: Access denied' });
  });

  it('does not exist in production', async () => {
    const prod = await createHarness({ APP_ENV: 'production' });
    try {
      const lpToken = await createApiToken(prod.db, (await seedSandbox(prod.db, { now: prod.clock.now, scale: 1 }))[0]!.id, prod.clock.now);
      expect((await prod.request('/api/sandbox/reset', { method: 'POST', token: lpToken })).status).toBe(404);
    } finally {
      prod.close();
    }
  });
});
