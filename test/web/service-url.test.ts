import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { listeningUrl, nodeConfigSchema, parseConfig } from '../../api/env';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';
import { createLeadProvider } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { browser, createWebUser, lastEmailTo } from './web-support';

// Links in emails point where the Node server listens unless SERVICE_URL says otherwise: a server
// started with PORT=3000 must not email links to port 8787.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('SERVICE_URL on the Node host', () => {
  it('defaults to the address the server listens on', () => {
    const node = (env: Record<string, string>) => parseConfig(nodeConfigSchema, env).SERVICE_URL;
    expect(node({})).toBe('http://localhost:8787');
    expect(node({ PORT: '3000' })).toBe('http://localhost:3000');
    expect(node({ PORT: '3000', HOST: '127.0.0.1' })).toBe('http://127.0.0.1:3000');
    expect(node({ PORT: '3000', HOST: '::1' })).toBe('http://[::1]:3000');
    expect(node({ PORT: '3000', HOST: '::' })).toBe('http://localhost:3000');
    expect(node({ PORT: '3000', SERVICE_URL: 'https://lp.example.gov.uk' })).toBe('https://lp.example.gov.uk');
    expect(listeningUrl('0.0.0.0', 41234)).toBe('http://localhost:41234');
  });

  it('is what sign-in links use', async () => {
    const config = parseConfig(nodeConfigSchema, { PORT: '3456', APP_ENV: 'test' });
    const app = createApp({ db: h.db, config, clock: () => h.clock.now, rateLimiter: createMemoryRateLimiter() });
    const lp = await createLeadProvider(h.db, { name: 'Port Provider' });
    const user = await createWebUser(h.db, lp.id);
    const b = browser({ ...h, app } as Harness);
    await b.get('/users/sign_in');
    expect((await b.post('/users/sign_in', { email: user.email })).status).toBe(200);
    const link = (await lastEmailTo(h.db, user.email, 'sign_in_link'))!.fields.sign_in_url!;
    expect(link.startsWith('http://localhost:3456/users/confirm_sign_in?login_token=')).toBe(true);
  });
});
