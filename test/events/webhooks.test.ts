import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhookJob } from '../../api/jobs/webhooks';
import { WebhookDeliveriesResponseSchema, WebhookResponseSchema, WebhookWithSecretResponseSchema } from '../../api/v3/webhooks/schemas';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../api/services/webhooks/deliver';
import { webhookUrlProblem } from '../../api/services/webhooks/url-policy';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';

// Webhooks of the change feed, against a real receiver (node:http on a random port): signatures
// checked with the `standardwebhooks` package (an implementation independent of ours), one
// delivery per event whatever the number of runs, retries on the documented delays (the harness
// clock moves), then failure and a disabled subscription.

interface Received { headers: IncomingHttpHeaders; body: string }

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** What the receiver answers: a status, or 'hang' (never answers). */
let answer: number | 'hang' = 200;

beforeAll(async () => {
  h = await createHarness({ WEBHOOK_TIMEOUT_MS: 300 });
  // Real time: standardwebhooks checks the signed timestamp against its own clock.
  h.clock.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
  other = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (answer === 'hang') return;
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  h.close();
});

const send = (path: string, method: string, token: string, attributes?: unknown) => h.request(path, {
  method, token, headers: { 'Content-Type': 'application/json' }, ...(attributes === undefined ? {} : { body: JSON.stringify({ data: { type: 'webhook', attributes } }) }),
});
const run = () => runWebhookJob({ db: h.db, now: h.clock.now, config: { APP_ENV: 'test', WEBHOOK_TIMEOUT_MS: 300 } });
const statementIds = async (leadProviderId: string) =>
  (await h.client.execute({ sql: 'SELECT id FROM statements WHERE lead_provider_id = ? AND output_fee = 1 ORDER BY payment_date, id', args: [leadProviderId] })).rows.map((r) => String(r.id));
/** A change a provider sees: its statement touched (the feed's trigger fires). */
const touchStatement = (id: string) => h.client.execute({ sql: 'UPDATE statements SET updated_at = ? WHERE id = ?', args: [h.clock.now.getTime(), id] });
const feed = async (token: string, after = '0') => (await readJson(await h.request(`/api/v3/events?after=${after}&page[per_page]=3000`, { token })));

describe('webhooks', () => {
  let webhook: Json;

  it('creates a subscription with a secret shown once, and refuses bad addresses in our words', async () => {
    const res = await send('/api/v3/webhooks', 'POST', lp.token, { url: `${base}/hook` });
    expect(res.status).toBe(200);
    webhook = await readJson(res);
    expect(WebhookWithSecretResponseSchema.parse(webhook).data.attributes.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const shown = await readJson(await h.request(`/api/v3/webhooks/${webhook.data.id}`, { token: lp.token }));
    expect(WebhookResponseSchema.parse(shown).data.attributes).not.toHaveProperty('secret');
    expect(JSON.stringify(await readJson(await h.request('/api/v3/webhooks', { token: lp.token })))).not.toContain(webhook.data.attributes.secret);
    // starts at the end of the feed: no backlog of old events
    expect(webhook.data.attributes.cursor).toBe((await feed(lp.token)).meta.next_cursor);

    const bad = await send('/api/v3/webhooks', 'POST', lp.token, { url: 'ftp://example.com/x', event_types: ['nonsense'] });
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).errors.map((e: Json) => e.title)).toEqual(['url', 'event_types']);
    expect((await readJson(await send('/api/v3/webhooks', 'POST', lp.token, {}))).errors[0].title).toBe('url');
  });

  it('allows http and private addresses only where documented (SSRF)', () => {
    expect(webhookUrlProblem('http://example.com/hook', 'production')).toMatch(/https/);
    expect(webhookUrlProblem('https://example.com/hook', 'production')).toBeNull();
    for (const url of ['https://127.0.0.1/x', 'https://10.1.2.3/x', 'https://192.168.0.1/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://localhost:8443/x', 'https://db.internal/x', 'https://172.20.0.1/x', 'https://[fd00::1]/x']) {
      expect(webhookUrlProblem(url, 'production'), url).toMatch(/public internet/);
      expect(webhookUrlProblem(url, 'sandbox'), url).toMatch(/public internet/);
      expect(webhookUrlProblem(url, 'development'), url).toBeNull();
    }
    expect(webhookUrlProblem('http://example.com/hook', 'sandbox')).toBeNull();
    expect(webhookUrlProblem('https://user:pw@example.com/hook', 'production')).toMatch(/password/);
  });

  it('delivers each event once, signed per Standard Webhooks, with the event id as webhook-id', async () => {
    const [first, second] = await statementIds(lp.id);
    await touchStatement(first!);
    await touchStatement(second!);
    const [otherStatement] = await statementIds(other.id);
    await touchStatement(otherStatement!); // another provider's change: never sent to this webhook
    const before = webhook.data.attributes.cursor;
    const events = (await feed(lp.token, before)).data as Json[];
    expect(events.map((e) => e.attributes.resource_id)).toEqual([first, second]);

    const result = await run();
    expect(result).toMatchObject({ enqueued: 2, delivered: 2, failed: 0 });
    expect(received).toHaveLength(2);
    const verifier = new Webhook(webhook.data.attributes.secret);
    for (const [i, r] of received.entries()) {
      const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
      const payload = verifier.verify(r.body, headers) as Json;
      expect(headers['webhook-id']).toBe(events[i].id);
      expect(payload).toMatchObject({ type: 'statement.changed', data: events[i] });
      expect(Number(headers['webhook-timestamp'])).toBe(h.clock.now.getTime() / 1000);
      // a tampered body does not verify
      expect(() => verifier.verify(r.body.replace('statement', 'statemenT'), headers)).toThrow();
    }
    // Running again sends nothing: one delivery per subscription and event.
    expect(await run()).toMatchObject({ enqueued: 0, delivered: 0 });
    expect(received).toHaveLength(2);
    const deliveries = WebhookDeliveriesResponseSchema.parse(await readJson(await h.request(`/api/v3/webhooks/${webhook.data.id}/deliveries`, { token: lp.token }))).data;
    expect(deliveries.map((d) => [d.id, d.attributes.state, d.attributes.attempts, d.attributes.last_status])).toEqual([
      [events[1].id, 'delivered', 1, 200], [events[0].id, 'delivered', 1, 200],
    ]);
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const rotated = await readJson(await send(`/api/v3/webhooks/${webhook.data.id}/rotate-secret`, 'POST', lp.token));
    const [first] = await statementIds(lp.id);
    await touchStatement(first!);
    received.length = 0;
    await run();
    expect(received).toHaveLength(1);
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((k) => [k, String(received[0]!.headers[k])]));
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated.data.attributes.secret).verify(received[0]!.body, headers)).not.toThrow();
    expect(() => new Webhook(webhook.data.attributes.secret).verify(received[0]!.body, headers)).not.toThrow();
    webhook = rotated;
  });

  it('retries a failing receiver on the documented delays, then marks the delivery failed', async () => {
    answer = 500;
    received.length = 0;
    const [first] = await statementIds(lp.id);
    await touchStatement(first!);
    const start = h.clock.now.getTime();
    await run();
    expect(received).toHaveLength(1);
    let elapsed = 0;
    for (const delay of RETRY_DELAYS_MS) {
      // Not before its time...
      h.clock.now = new Date(start + elapsed + delay - 1000);
      await run();
      expect(received).toHaveLength(1 + RETRY_DELAYS_MS.indexOf(delay));
      // ...and then at once.
      elapsed += delay;
      h.clock.now = new Date(start + elapsed);
      await run();
      expect(received).toHaveLength(2 + RETRY_DELAYS_MS.indexOf(delay));
    }
    expect(received).toHaveLength(MAX_ATTEMPTS);
    // every attempt is the same delivery: the same webhook-id
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    h.clock.now = new Date(start + elapsed + 7 * 24 * 3_600_000);
    await run();
    expect(received).toHaveLength(MAX_ATTEMPTS);
    const [latest] = WebhookDeliveriesResponseSchema.parse(await readJson(await h.request(`/api/v3/webhooks/${webhook.data.id}/deliveries`, { token: lp.token }))).data;
    expect(latest!.attributes).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, last_status: 500, last_error: 'The receiver answered HTTP 500.', next_attempt_at: null });
    const shown = await readJson(await h.request(`/api/v3/webhooks/${webhook.data.id}`, { token: lp.token }));
    expect(shown.data.attributes).toMatchObject({ state: 'active', consecutive_failures: 1 });
  }, 60_000);

  it('times out a receiver that does not answer, and disables the subscription after 3 deliveries fail for good', async () => {
    answer = 'hang';
    received.length = 0;
    const ids = await statementIds(lp.id);
    await touchStatement(ids[0]!);
    await touchStatement(ids[1]!);
    const start = h.clock.now.getTime();
    let elapsed = 0;
    const result = await run();
    expect(result.retrying).toBe(2);
    for (const delay of RETRY_DELAYS_MS) {
      elapsed += delay;
      h.clock.now = new Date(start + elapsed);
      await run();
    }
    const deliveries = WebhookDeliveriesResponseSchema.parse(await readJson(await h.request(`/api/v3/webhooks/${webhook.data.id}/deliveries`, { token: lp.token }))).data;
    expect(deliveries.slice(0, 2).map((d) => [d.attributes.state, d.attributes.last_error])).toEqual([['failed', 'No answer within 300 ms.'], ['failed', 'No answer within 300 ms.']]);
    const shown = await readJson(await h.request(`/api/v3/webhooks/${webhook.data.id}`, { token: lp.token }));
    expect(shown.data.attributes).toMatchObject({ state: 'disabled', consecutive_failures: 3 });
    // Disabled: new events are not sent; enabling resumes from where it stopped.
    answer = 200;
    received.length = 0;
    await touchStatement(ids[2]!);
    await run();
    expect(received).toHaveLength(0);
    expect((await send(`/api/v3/webhooks/${webhook.data.id}/enable`, 'POST', lp.token)).status).toBe(200);
    await run();
    expect(received.map((r) => JSON.parse(r.body).data.attributes.resource_id)).toEqual([ids[2]]);
  }, 60_000);

  it('keeps each provider’s webhooks to itself, and deletes with the deliveries', async () => {
    expect((await h.request(`/api/v3/webhooks/${webhook.data.id}`, { token: other.token })).status).toBe(404);
    expect((await readJson(await h.request('/api/v3/webhooks', { token: other.token }))).data).toEqual([]);
    expect((await send(`/api/v3/webhooks/${webhook.data.id}`, 'DELETE', other.token)).status).toBe(404);
    expect((await send(`/api/v3/webhooks/${webhook.data.id}`, 'DELETE', lp.token)).status).toBe(200);
    expect((await h.request(`/api/v3/webhooks/${webhook.data.id}`, { token: lp.token })).status).toBe(404);
    const left = await h.client.execute({ sql: 'SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = ?', args: [webhook.data.id] });
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});

