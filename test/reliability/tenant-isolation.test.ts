import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperatorToken } from '../../api/services/operators/operator-tokens';
import { seedSandbox } from '../../db/seed/sandbox';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema';
import { databaseChecksum } from '../support/checksum';
import { API_DOCUMENTS, documentedOperations } from '../support/documents';
import { createHarness, readJson, type Harness } from '../support/harness';

// Every route of the v1, v2 and v3 APIs (with v3's successor paths) and the sandbox control API,
// with every id that belongs to another
// provider: the answer is exactly the 404 of a missing id, and nothing is written. The routes come
// from our own OpenAPI documents, so a new route must be added to `idKinds` below or this fails.

let h: Harness;
let token: string;
let me: string;
const foreign: Record<string, string[]> = {};

type Row = Record<string, unknown>;
const ids = async (sql: string, args: unknown[]) => (await h.client.execute({ sql, args: args as never[] })).rows.map((r: Row) => String(r.id));

/** Which kind of id each path parameter takes. */
const idKinds: Record<string, string> = {
  '/api/v3/delivery-partners/{id}': 'delivery_partner',
  '/api/v3/schools/ecf/{id}': 'none', // schools are the same for every provider
  '/api/v3/partnerships/ecf/{id}': 'partnership',
  '/api/v3/participants/ecf/{id}': 'participant',
  '/api/v3/participants/ecf/{id}/withdraw': 'participant',
  '/api/v3/participants/ecf/{id}/defer': 'participant',
  '/api/v3/participants/ecf/{id}/resume': 'participant',
  '/api/v3/participants/ecf/{id}/change-schedule': 'participant',
  '/api/v3/participants/ecf/{id}/transfers': 'participant',
  '/api/v3/unfunded-mentors/ecf/{id}': 'participant',
  '/api/v3/participant-declarations/{id}': 'declaration',
  '/api/v3/participant-declarations/{id}/void': 'declaration',
  '/api/v3/statements/{id}': 'statement',
  // extensions: webhook subscriptions (the change feed, /api/v3/events, has no id in its path)
  '/api/v3/webhooks/{id}': 'webhook',
  '/api/v3/webhooks/{id}/rotate-secret': 'webhook',
  '/api/v3/webhooks/{id}/enable': 'webhook',
  '/api/v3/webhooks/{id}/deliveries': 'webhook',
  // v1 and v2 (v1 also at /participants/{id}/...), and v3's successor paths without /ecf
  ...Object.fromEntries(['v1', 'v2'].flatMap((v) => [
    [`/api/${v}/participants/ecf/{id}`, 'participant'],
    ...['withdraw', 'defer', 'resume', 'change-schedule'].flatMap((a) => [[`/api/${v}/participants/ecf/{id}/${a}`, 'participant'], [`/api/${v}/participants/{id}/${a}`, 'participant']]),
    [`/api/${v}/participant-declarations/{id}`, 'declaration'],
    [`/api/${v}/participant-declarations/{id}/void`, 'declaration'],
  ])),
  '/api/v3/schools/{id}': 'none',
  '/api/v3/partnerships/{id}': 'partnership',
  '/api/v3/participants/{id}': 'participant',
  '/api/v3/participants/{id}/withdraw': 'participant',
  '/api/v3/participants/{id}/defer': 'participant',
  '/api/v3/participants/{id}/resume': 'participant',
  '/api/v3/participants/{id}/change-schedule': 'participant',
  '/api/v3/participants/{id}/transfers': 'participant',
  '/api/v3/unfunded-mentors/{id}': 'participant',
  '/api/sandbox/participants/{id}/validate': 'participant',
  '/api/sandbox/participants/{id}/leaving': 'participant',
  '/api/sandbox/participants/{id}/transfer': 'participant',
  '/api/sandbox/participants/{id}/mentor': 'participant',
  '/api/sandbox/partnerships/{id}/challenge': 'partnership',
  '/api/sandbox/statements/{id}/payable': 'statement',
  '/api/sandbox/statements/{id}/paid': 'statement',
};

/** Bodies that would succeed for the caller's own record, so a 404 proves the scope, not bad input. */
const bodies: Record<string, Record<string, unknown>> = {
  withdraw: { course_identifier: 'ecf-induction', reason: 'other' },
  defer: { course_identifier: 'ecf-induction', reason: 'other' },
  resume: { course_identifier: 'ecf-induction' },
  'change-schedule': { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-january' },
  validate: { course_identifier: 'ecf-induction', status: 'eligible' },
  leaving: { course_identifier: 'ecf-induction', leaving_on: '2026-07-31' },
  transfer: { course_identifier: 'ecf-induction', school_id: 'x', leaving_on: '2026-07-31', joining_on: '2026-09-01' },
  mentor: { mentor_id: 'x' },
  challenge: { reason: 'mistake' },
};

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
  me = providers[0]!.id;
  token = await createApiToken(h.db, me, h.clock.now);
  // Records of other providers that this provider must never reach.
  foreign.participant = await ids(`
    SELECT DISTINCT pp.user_id AS id FROM participant_profiles pp
    JOIN induction_records ir ON ir.participant_profile_id = pp.id
    JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN partnerships p ON p.id = ip.partnership_id
    WHERE p.lead_provider_id <> ?
      AND pp.user_id NOT IN (
        SELECT pp2.user_id FROM participant_profiles pp2 JOIN induction_records ir2 ON ir2.participant_profile_id = pp2.id
        JOIN induction_programmes ip2 ON ip2.id = ir2.induction_programme_id JOIN partnerships p2 ON p2.id = ip2.partnership_id
        WHERE p2.lead_provider_id = ?)
      -- nor the mentor of one of our ECTs (those are our unfunded mentors)
      AND pp.id NOT IN (
        SELECT ir3.mentor_profile_id FROM induction_records ir3 JOIN induction_programmes ip3 ON ip3.id = ir3.induction_programme_id
        JOIN partnerships p3 ON p3.id = ip3.partnership_id WHERE p3.lead_provider_id = ? AND ir3.mentor_profile_id IS NOT NULL)
    LIMIT 5`, [me, me, me]);
  foreign.partnership = await ids('SELECT id FROM partnerships WHERE lead_provider_id <> ? LIMIT 5', [me]);
  foreign.statement = await ids('SELECT id FROM statements WHERE lead_provider_id <> ? LIMIT 5', [me]);
  foreign.delivery_partner = await ids(`SELECT id FROM delivery_partners d WHERE NOT EXISTS (SELECT 1 FROM provider_relationships r WHERE r.delivery_partner_id = d.id AND r.lead_provider_id = ? AND r.discarded_at IS NULL) LIMIT 5`, [me]);
  foreign.declaration = await ids(`SELECT id FROM participant_declarations WHERE lead_provider_id <> ? AND state IN ('voided','ineligible','awaiting_clawback','clawed_back') LIMIT 5`, [me]);
  foreign.none = [];
  // Another provider's webhook, with a delivery.
  const other = providers[1]!.id;
  const webhookId = crypto.randomUUID();
  await h.db.insert(webhookSubscriptions).values({
    id: webhookId, leadProviderId: other, url: 'https://example.com/hook', secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', eventTypes: null,
    state: 'active', cursor: 0, consecutiveFailures: 0, createdAt: h.clock.now, updatedAt: h.clock.now,
  });
  await h.db.insert(webhookDeliveries).values({
    id: crypto.randomUUID(), subscriptionId: webhookId, eventSeq: 1, eventType: 'participant', resourceId: foreign.participant[0]!, resourceUpdatedAt: h.clock.now, createdAt: h.clock.now,
  });
  foreign.webhook = [webhookId];
});
afterAll(() => h.close());

async function routes() {
  return documentedOperations(h, [...API_DOCUMENTS, 'sandbox']);
}

describe('tenant isolation', () => {
  it('every route with an id is in the matrix', async () => {
    const withIds = (await routes()).filter((r) => r.path.includes('{id}')).map((r) => r.path);
    expect(withIds.filter((p) => !(p in idKinds))).toEqual([]);
  });

  it('another provider’s ids get exactly the 404 of a missing id, and nothing is written', async () => {
    expect(foreign.participant!.length).toBeGreaterThan(0);
    expect(foreign.partnership!.length).toBeGreaterThan(0);
    expect(foreign.statement!.length).toBeGreaterThan(0);
    expect(foreign.delivery_partner!.length + foreign.declaration!.length).toBeGreaterThan(0);
    // (the token's first use records last_used_at: bookkeeping, done before the checksum)
    await h.request('/api/v3/statements', { token });
    const before = await databaseChecksum(h.client);
    let tried = 0;
    for (const { method, path } of (await routes()).filter((r) => r.path.includes('{id}'))) {
      const kind = idKinds[path]!;
      const action = path.split('/').pop()!;
      const send = (id: string) => h.request(`${path.replace('{id}', id)}${path.includes('/schools/') ? '?filter[cohort]=2025' : ''}`, {
        method, token, headers: { 'Content-Type': 'application/json' },
        body: method === 'GET' ? undefined : JSON.stringify({ data: { attributes: bodies[action] ?? {} } }),
      });
      const missing = await send(crypto.randomUUID());
      expect(missing.status, `${method} ${path} with a missing id`).toBe(404);
      const missingBody = await readJson(missing);
      for (const id of foreign[kind] ?? []) {
        const res = await send(id);
        expect(res.status, `${method} ${path} with another provider's ${kind}`).toBe(404);
        expect(await readJson(res)).toEqual(missingBody);
        tried += 1;
      }
    }
    expect(await databaseChecksum(h.client)).toBe(before);
    console.info(`tenant isolation: ${tried} requests with another provider's ids, all 404, no write`);
  }, 120_000);

  it('lists never include another provider’s records', async () => {
    const all = async (path: string) => {
      const out: string[] = [];
      for (let page = 1; ; page++) {
        const json = await readJson(await h.request(`${path}${path.includes('?') ? '&' : '?'}page[per_page]=3000&page[page]=${page}`, { token }));
        out.push(...json.data.map((d: { id: string }) => d.id));
        if (json.data.length < 3000) return new Set(out);
      }
    };
    const partnerships = await all('/api/v3/partnerships/ecf?filter[cohort]=2020,2021,2022,2023,2024,2025');
    for (const id of foreign.partnership!) expect(partnerships.has(id)).toBe(false);
    const statements = await all('/api/v3/statements?filter[cohort]=2020,2021,2022,2023,2024,2025');
    for (const id of foreign.statement!) expect(statements.has(id)).toBe(false);
    const participants = await all('/api/v3/participants/ecf?filter[cohort]=2020,2021,2022,2023,2024,2025');
    for (const id of foreign.participant!) expect(participants.has(id)).toBe(false);
    const dps = await all('/api/v3/delivery-partners?filter[cohort]=2020,2021,2022,2023,2024,2025');
    for (const id of foreign.delivery_partner!) expect(dps.has(id)).toBe(false);
    const webhooks = await all('/api/v3/webhooks');
    for (const id of foreign.webhook!) expect(webhooks.has(id)).toBe(false);
  }, 60_000);

  it('the change feed never names another provider’s records', async () => {
    const named = new Set<string>();
    for (let after = '0'; ;) {
      const json = await readJson(await h.request(`/api/v3/events?after=${after}&page[per_page]=3000`, { token }));
      for (const e of json.data) named.add(e.attributes.resource_id);
      after = json.meta.next_cursor;
      if (!json.meta.has_more) break;
    }
    expect(named.size).toBeGreaterThan(0);
    for (const kind of ['participant', 'partnership', 'statement'] as const) {
      for (const id of foreign[kind]!) expect(named.has(id), `${kind} ${id}`).toBe(false);
    }
    // and the feed's rows of another provider exist (so the check above is not vacuous)
    const others = await ids('SELECT resource_id AS id FROM events WHERE lead_provider_id <> ? LIMIT 5', [me]);
    expect(others.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the operator door and the provider doors', () => {
  it('every lead provider’s token is refused on every operator route, and an operator token on every provider route; nothing is written', async () => {
    const providers = (await h.client.execute('SELECT id FROM lead_providers ORDER BY name')).rows.map((r: Row) => String(r.id));
    expect(providers.length).toBeGreaterThan(1);
    const tokens = [token, ...(await Promise.all(providers.filter((id) => id !== me).map((id) => createApiToken(h.db, id, h.clock.now))))];
    const operatorToken = (await createOperatorToken(h.db, 'isolation', h.clock.now)).token;
    for (const t of [...tokens, operatorToken]) await h.request('/api/v3/statements', { token: t }); // first use is bookkeeping
    const before = await databaseChecksum(h.client);
    const operatorRoutes = await documentedOperations(h, ['operator']);
    expect(operatorRoutes.length).toBeGreaterThan(20);
    for (const { method, path } of operatorRoutes) {
      for (const t of tokens) {
        const res = await h.request(path.replace('{id}', providers[0]!), { method, token: t, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { attributes: { name: 'x', cohorts: [2025] } } }) });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(await readJson(res)).toEqual({ error: 'HTTP Token: Access denied' });
      }
    }
    for (const { method, path } of await routes()) {
      const res = await h.request(path.replace('{id}', crypto.randomUUID()), { method, token: operatorToken, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect(await databaseChecksum(h.client)).toBe(before);
  }, 120_000);
});
