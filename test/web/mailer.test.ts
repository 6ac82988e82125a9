import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emails } from '../../db/schema';
import { createMailer } from '../../api/email/mailer';
import { NOT_STORED } from '../../api/email/outbox';
import { createNotifyClient, parseNotifyApiKey } from '../../api/email/notify';
import { configSchema } from '../../api/env';
import { createHarness, type Harness } from '../support/harness';

// The GOV.UK Notify adapter, against a fake fetch: the request Notify documents (JWT, body),
// and what the outbox records for success, refusal and outage.

const serviceId = '26785a09-ab16-4eb0-8407-a37497a57506';
const secret = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const apiKey = `test_key-${serviceId}-${secret}`;
const templateIds = { sign_in_link: 'f33517ff-2a88-4f6e-b855-c550268ce08a', partnership_confirmed: '0a1b2c3d-0000-4000-8000-000000000001' };

interface Call { url: string; init: RequestInit }

function fakeFetch(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error('unexpected call');
    return next();
  };
  return { fetch, calls };
}

const created = (id: string) => () => new Response(JSON.stringify({ id, reference: 'x', content: {} }), { status: 201 });

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const b64url = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));

describe('GOV.UK Notify client', () => {
  it('splits the API key into service id and secret, and refuses a malformed key', () => {
    expect(parseNotifyApiKey(apiKey)).toEqual({ serviceId, secretKey: secret });
    expect(() => parseNotifyApiKey('not-a-key')).toThrow(/format/);
  });

  it('posts the email with a signed JWT (HS256, iss = service id, iat = now)', async () => {
    const { fetch, calls } = fakeFetch([created('notify-1')]);
    const now = new Date('2025-11-15T10:00:00Z');
    const client = createNotifyClient({ apiKey, baseUrl: 'https://notify.example/', fetch, clock: () => now });
    const result = await client.sendEmail({ templateId: templateIds.sign_in_link, emailAddress: 'a@example.com', personalisation: { name: 'A' }, reference: 'ref-1' });
    expect(result).toEqual({ id: 'notify-1' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://notify.example/v2/notifications/email');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      email_address: 'a@example.com', template_id: templateIds.sign_in_link, personalisation: { name: 'A' }, reference: 'ref-1',
    });
    const auth = new Headers(calls[0]!.init.headers).get('authorization')!;
    const [header, payload, signature] = auth.replace(/^Bearer /, '').split('.');
    expect(b64url(header!)).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(b64url(payload!)).toEqual({ iss: serviceId, iat: Math.floor(now.getTime() / 1000) });
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(signature).toBe(expected);
    expect(auth).not.toContain(secret);
  });

  it('throws with Notify’s error when it refuses', async () => {
    const { fetch } = fakeFetch([() => new Response('{"errors":[{"error":"BadRequestError","message":"Missing personalisation: name"}]}', { status: 400 })]);
    const client = createNotifyClient({ apiKey, baseUrl: 'https://notify.example', fetch });
    await expect(client.sendEmail({ templateId: 't', emailAddress: 'a@example.com', personalisation: {}, reference: 'r' })).rejects.toThrow(/HTTP 400.*Missing personalisation/);
  });
});

describe('the mailer', () => {
  beforeEach(async () => {
    await h.db.delete(emails);
  });
  const config = (withKey: boolean) => configSchema.parse({
    APP_ENV: 'test', ...(withKey ? { NOTIFY_API_KEY: apiKey, NOTIFY_TEMPLATE_IDS: JSON.stringify(templateIds), NOTIFY_API_URL: 'https://notify.example' } : {}),
  });

  it('without Notify, keeps emails in the outbox (queued), sending nothing', async () => {
    const mailer = createMailer({ db: h.db, config: config(false), fetch: () => { throw new Error('must not call Notify'); } });
    expect(mailer.delivers).toBe(false);
    await mailer.send({ template: 'sign_in_link', to: 'outbox@example.com', personalisation: { full_name: 'O' } }, h.clock.now);
    const [row] = await h.db.select().from(emails).where(eq(emails.to, 'outbox@example.com'));
    expect(row).toMatchObject({ template: 'sign_in_link', status: 'queued', notifyId: null });
    expect(await mailer.deliverQueued(h.clock.now)).toEqual({ sent: 0, failed: 0 });
  });

  it('with Notify, records then delivers each email with its template id, and marks it sent', async () => {
    const { fetch, calls } = fakeFetch([created('n-1')]);
    const mailer = createMailer({ db: h.db, config: config(true), fetch });
    expect(mailer.delivers).toBe(true);
    await mailer.send({ template: 'sign_in_link', to: 'notify@example.com', personalisation: { full_name: 'N' } }, h.clock.now);
    const [row] = await h.db.select().from(emails).where(eq(emails.to, 'notify@example.com'));
    expect(row).toMatchObject({ status: 'sent', notifyId: 'n-1' });
    expect(row!.sentAt!.getTime()).toBe(h.clock.now.getTime());
    expect(JSON.parse(String(calls[0]!.init.body))).toMatchObject({ template_id: templateIds.sign_in_link, reference: row!.id });
  });

  it('marks a refused email failed, and puts one that met an outage back in the queue for the next run', async () => {
    const log: unknown[] = [];
    const { fetch } = fakeFetch([
      () => new Response('{"errors":[]}', { status: 400 }),
      () => new Response('down', { status: 503 }),
      created('n-3'),
    ]);
    const mailer = createMailer({ db: h.db, config: config(true), fetch, log: (e) => log.push(e) });
    await mailer.send({ template: 'sign_in_link', to: 'refused@example.com', personalisation: {} }, h.clock.now);
    await mailer.send({ template: 'sign_in_link', to: 'outage@example.com', personalisation: {} }, h.clock.now);
    expect((await h.db.select().from(emails).where(eq(emails.to, 'refused@example.com')))[0]!.status).toBe('failed');
    expect((await h.db.select().from(emails).where(eq(emails.to, 'outage@example.com')))[0]!.status).toBe('queued');
    expect(log).toHaveLength(2);
    expect(JSON.stringify(log)).not.toContain(secret);
    await mailer.deliverQueued(h.clock.now);
    expect((await h.db.select().from(emails).where(eq(emails.to, 'outage@example.com')))[0]).toMatchObject({ status: 'sent', notifyId: 'n-3' });
  });

  it('fails an email whose template has no Notify id, without calling Notify', async () => {
    const mailer = createMailer({ db: h.db, config: config(true), fetch: () => { throw new Error('must not call Notify'); }, log: () => {} });
    await mailer.send({ template: 'welcome', to: 'no-template@example.com', personalisation: {} }, h.clock.now);
    expect((await h.db.select().from(emails).where(eq(emails.to, 'no-template@example.com')))[0]!.status).toBe('failed');
  });

  it('delivers emails other code queued (partnership confirmations) on the next run', async () => {
    const { fetch, calls } = fakeFetch([created('n-4'), created('n-5')]);
    const mailer = createMailer({ db: h.db, config: config(true), fetch });
    // Queued while Notify was not configured; then one a service queued with its partnership.
    await createMailer({ db: h.db, config: config(false) }).send({ template: 'sign_in_link', to: 'outbox@example.com', personalisation: {} }, h.clock.now);
    await h.db.insert(emails).values({ id: crypto.randomUUID(), template: 'partnership_confirmed', to: 'school@example.com', personalisation: '{"school_name":"S"}', status: 'queued', createdAt: h.clock.now });
    const result = await mailer.deliverQueued(h.clock.now);
    expect(result.sent).toBe(2);
    expect(calls.map((c) => JSON.parse(String(c.init.body)).email_address).sort()).toEqual(['outbox@example.com', 'school@example.com']);
  });

  it('delivers a credential (a sign-in link) from memory and never stores it; an outage is final, not queued with it', async () => {
    const link = 'https://service.example/users/confirm_sign_in?login_token=very-secret-token';
    const { fetch, calls } = fakeFetch([created('n-6'), () => new Response('down', { status: 503 })]);
    const mailer = createMailer({ db: h.db, config: config(true), fetch, log: () => {} });
    const message = (to: string) => ({ template: 'sign_in_link' as const, to, personalisation: { full_name: 'S', sign_in_url: link }, secretFields: ['sign_in_url'] });
    await mailer.send(message('secret-sent@example.com'), h.clock.now);
    await mailer.send(message('secret-outage@example.com'), h.clock.now);
    expect(JSON.parse(String(calls[0]!.init.body)).personalisation).toEqual({ full_name: 'S', sign_in_url: link });
    const rows = await h.db.select().from(emails);
    expect(JSON.stringify(rows)).not.toContain('very-secret-token');
    expect(rows.find((r) => r.to === 'secret-sent@example.com')).toMatchObject({ status: 'sent', notifyId: 'n-6' });
    expect(rows.find((r) => r.to === 'secret-outage@example.com')).toMatchObject({ status: 'failed' });
    expect(JSON.parse(rows.find((r) => r.to === 'secret-sent@example.com')!.personalisation)).toEqual({ full_name: 'S', sign_in_url: NOT_STORED });
  });

  it('keeps a credential only where the outbox is the delivery: without Notify, outside production', async () => {
    const link = 'https://service.example/users/confirm_sign_in?login_token=outbox-token';
    const message = (to: string) => ({ template: 'sign_in_link' as const, to, personalisation: { sign_in_url: link }, secretFields: ['sign_in_url'] });
    await createMailer({ db: h.db, config: config(false) }).send(message('sandbox@example.com'), h.clock.now);
    const production = configSchema.parse({ APP_ENV: 'production' });
    await createMailer({ db: h.db, config: production, log: () => {} }).send(message('production@example.com'), h.clock.now);
    const rows = await h.db.select().from(emails);
    expect(rows.find((r) => r.to === 'sandbox@example.com')!.personalisation).toContain('outbox-token');
    expect(rows.find((r) => r.to === 'production@example.com')).toMatchObject({ status: 'failed' });
    expect(rows.find((r) => r.to === 'production@example.com')!.personalisation).not.toContain('outbox-token');
  });

  it('refuses configuration with a template id that is not a UUID', () => {
    expect(() => configSchema.parse({ NOTIFY_TEMPLATE_IDS: '{"welcome":"nope"}' })).toThrow();
    expect(() => configSchema.parse({ NOTIFY_TEMPLATE_IDS: 'not json' })).toThrow();
    expect(configSchema.parse({}).NOTIFY_TEMPLATE_IDS).toEqual({});
  });
});
