import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhookJob } from '../../api/jobs/webhooks';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';

// Deliveries to one webhook go one at a time, oldest event first, even when the receiver answers
// the earlier ones more slowly: a receiver applying events as they come sees the feed's order.

let h: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { withStatements: true });
});
afterAll(() => h.close());

describe('webhook delivery order', () => {
  it('sends one subscription’s events in feed order, one at a time', async () => {
    const created = await readJson(await h.request('/api/v3/webhooks', {
      method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'webhook', attributes: { url: 'http://127.0.0.1:9/hook' } } }),
    }));
    expect(created.data.id).toBeTruthy();
    const ids = (await h.client.execute({ sql: 'SELECT id FROM statements WHERE lead_provider_id = ? AND output_fee = 1 ORDER BY payment_date, id LIMIT 6', args: [lp.id] })).rows.map((r) => String(r.id));
    expect(ids.length).toBe(6);
    for (const id of ids) await h.client.execute({ sql: 'UPDATE statements SET updated_at = ? WHERE id = ?', args: [h.clock.now.getTime(), id] });

    const arrived: string[] = [];
    let inFlight = 0;
    let most = 0;
    // The earliest events are answered slowest: sent at once, they would arrive in reverse.
    const fetch = async (_url: string, init: RequestInit) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const body = JSON.parse(String(init.body)) as Json;
      const position = ids.indexOf(body.data.attributes.resource_id);
      await new Promise((resolve) => setTimeout(resolve, (ids.length - position) * 15));
      arrived.push(body.data.attributes.resource_id);
      inFlight -= 1;
      return new Response(null, { status: 204 });
    };
    const run = await runWebhookJob({ db: h.db, now: h.clock.now, config: { APP_ENV: 'test' }, fetch });
    expect(run).toMatchObject({ enqueued: 6, delivered: 6, failed: 0 });
    expect(arrived).toEqual(ids);
    expect(most).toBe(1);
  });
});
