import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../api/context';
import { onError } from '../api/errors/handlers';
import { readDataAttributes } from '../api/http/body';
import { serverDate } from '../api/middleware/server-date';
import { createMemoryRateLimiter } from '../api/middleware/rate-limit';
import { configSchema } from '../api/env';
import { createLeadProvider, type LeadProviderFixture } from './support/factories';
import { documentedOperations } from './support/documents';
import { createHarness, readJson, type Harness } from './support/harness';

let h: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness({ MAX_BODY_BYTES: 1024 });
  lp = await createLeadProvider(h.db);
});
afterAll(() => h.close());

describe('the app', () => {
  it('answers the health check', async () => {
    const res = await h.request('/healthz');
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ status: 'ok', environment: 'test' });
  });

  it('gives every response a request id, echoing a sane one from the caller', async () => {
    const own = await h.request('/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(own.headers.get('X-Request-Id')).toBe('abc-123');
    const made = await h.request('/healthz', { headers: { 'X-Request-Id': '<script>' } });
    expect(made.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a base64-style id (with `=`) but replaces a dotted or over-long one (hono/request-id rules)', async () => {
    const echoed = async (id: string) => (await h.request('/healthz', { headers: { 'X-Request-Id': id } })).headers.get('X-Request-Id');
    expect(await echoed('YWJj_ZA==')).toBe('YWJj_ZA==');
    expect(await echoed('a'.repeat(128))).toBe('a'.repeat(128));
    expect(await echoed('a'.repeat(129))).toMatch(/^[0-9a-f-]{36}$/);
    expect(await echoed('trace.1')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown paths with a 404 in the error shape', async () => {
    const res = await h.request('/api/v3/nothing-here', { token: lp.token });
    expect(res.status).toBe(404);
    const body = await readJson(res);
    expect(body.errors[0]).toEqual({ title: 'Resource not found', detail: expect.any(String) });
  });

  it('refuses bodies over the limit with 413 before doing any work', async () => {
    const res = await h.request('/api/v3/delivery-partners', { method: 'POST', token: lp.token, body: 'x'.repeat(5000), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
    expect((await readJson(res)).errors[0].title).toBe('Request too large');
  });

  it('never leaks an unexpected error: a bare 500 without exception text or SQL', async () => {
    const broken = await createHarness();
    try {
      const owner = await createLeadProvider(broken.db);
      await broken.db.run(sql`DROP TABLE provider_relationships`);
      const res = await broken.request('/api/v3/delivery-partners', { token: owner.token });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'Internal server error' });
      expect(text).not.toMatch(/provider_relationships|select/i);
    } finally {
      broken.close();
    }
  });

  it('serves the OpenAPI document as JSON and YAML, also at the path providers already use', async () => {
    const json = await h.request('/api-docs/v3/openapi.json');
    expect(json.status).toBe(200);
    const doc = await readJson(json);
    expect(doc.openapi).toBe('3.0.1');
    expect(Object.keys(doc.paths)).toContain('/api/v3/delivery-partners');
    const yaml = await h.request('/api-docs/v3/openapi.yaml');
    expect(yaml.headers.get('content-type')).toContain('yaml');
    expect(await yaml.text()).toContain('/api/v3/statements/{id}:');
    expect((await h.request('/lead-providers/api-docs/v3/api_spec.yml')).status).toBe(200);
  });
});

describe('every API route (v1, v2, v3 and the successor’s v3 paths)', () => {
  let routes: string[] = [];
  beforeAll(async () => {
    routes = (await documentedOperations(h)).map((op) => `${op.method} ${op.path.replace('{id}', crypto.randomUUID())}`);
  });

  it('refuses a missing, malformed or unknown token with the contract’s 401', async () => {
    for (const pattern of [/^GET \/api\/v1\/participants\/ecf\.csv$/, /^PUT \/api\/v2\/participant-declarations\/[0-9a-f-]{36}\/void$/, /^PUT \/api\/v3\/participants\/[0-9a-f-]{36}\/defer$/]) {
      expect(routes.some((r) => pattern.test(r)), String(pattern)).toBe(true);
    }
    expect(routes.length).toBeGreaterThanOrEqual(16 + 12 + 24 + 16);
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer not-a-real-token' }, { Authorization: 'Basic abc' }, { Authorization: `Bearer ${'x'.repeat(5000)}` }]) {
        const res = await h.request(path, { method, headers });
        expect(res.status, route).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
        expect(res.headers.get('www-authenticate')).toBe('Token realm="Application"');
        expect(await readJson(res)).toEqual({ error: 'HTTP Token: Access denied' });
      }
    }
  });

  it('accepts the token in the Bearer and Token forms', async () => {
    for (const auth of [`Bearer ${lp.token}`, `Token ${lp.token}`, `Token token="${lp.token}"`]) {
      const res = await h.request('/api/v3/statements', { headers: { Authorization: auth } });
      expect(res.status, auth).toBe(200);
    }
  });

  it('refuses a filter that is not an object on every route', async () => {
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await h.request(`${path}?filter=2024`, { method, token: lp.token });
      expect(res.status, route).toBe(400);
      expect((await readJson(res)).errors[0].title).toBe('Bad parameter');
    }
  });
});

describe('X-With-Server-Date', () => {
  const probe = (env: 'test' | 'production') => {
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('deps', { config: configSchema.parse({ APP_ENV: env }), clock: () => new Date('2025-01-01T00:00:00Z') } as never);
      await next();
    });
    app.use('*', serverDate());
    app.get('/', (c) => c.text(c.var.now.toISOString()));
    app.onError(onError);
    return app;
  };

  it('moves the request clock outside production', async () => {
    const res = await probe('test').request('/', { headers: { 'X-With-Server-Date': '2026-03-10T10:42:00+01:00' } });
    expect(await res.text()).toBe('2026-03-10T09:42:00.000Z');
    expect(await (await probe('test').request('/')).text()).toBe('2025-01-01T00:00:00.000Z');
  });

  it.each(['0000-01-01T00:00:00Z', '0099-06-01T00:00:00Z', '1999-12-31T23:59:59Z', '2019-12-31T23:59:59Z', '2041-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'rejects %s, a year outside 2020–2040, with a 400', async (value) => {
      const res = await probe('test').request('/', { headers: { 'X-With-Server-Date': value } });
      expect(res.status).toBe(400);
      expect((await readJson(res)).errors).toEqual([{ title: 'Bad request', detail: expect.stringContaining('between 2020 and 2040') }]);
    });

  it('accepts the first and last moments of the range', async () => {
    expect(await (await probe('test').request('/', { headers: { 'X-With-Server-Date': '2020-01-01T00:00:00Z' } })).text()).toBe('2020-01-01T00:00:00.000Z');
    expect(await (await probe('test').request('/', { headers: { 'X-With-Server-Date': '2040-12-31T23:59:59Z' } })).text()).toBe('2040-12-31T23:59:59.000Z');
  });

  it('rejects an unreadable value with a 400 that shows the format', async () => {
    const res = await probe('test').request('/', { headers: { 'X-With-Server-Date': 'next tuesday' } });
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors[0].detail).toContain('RFC 3339');
  });

  it('is ignored in production', async () => {
    const res = await probe('production').request('/', { headers: { 'X-With-Server-Date': 'next tuesday' } });
    expect(await res.text()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('is rejected when unreadable on a real API route too', async () => {
    const res = await h.request('/api/v3/statements', { token: lp.token, headers: { 'X-With-Server-Date': '2025-13-01T00:00:00Z' } });
    expect(res.status).toBe(400);
  });
});

describe('rate limiting', () => {
  it('allows the limit per token per window, then 429 with Retry-After, and counts tokens separately', async () => {
    const limited = await createHarness({ RATE_LIMIT_REQUESTS: 3, RATE_LIMIT_WINDOW_SECONDS: 300 });
    try {
      const a = await createLeadProvider(limited.db);
      const b = await createLeadProvider(limited.db);
      for (let i = 0; i < 3; i++) expect((await limited.request('/api/v3/statements', { token: a.token })).status).toBe(200);
      const refused = await limited.request('/api/v3/statements', { token: a.token });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect((await readJson(refused)).errors[0].title).toBe('Too many requests');
      expect((await limited.request('/api/v3/statements', { token: b.token })).status).toBe(200);
      limited.clock.now = new Date(limited.clock.now.getTime() + 301_000);
      expect((await limited.request('/api/v3/statements', { token: a.token })).status).toBe(200);
    } finally {
      limited.close();
    }
  });

  it('forgets old windows', async () => {
    const limiter = createMemoryRateLimiter();
    const rule = { limit: 1, windowSeconds: 60 };
    expect((await limiter.hit('k', rule, 0)).allowed).toBe(true);
    expect((await limiter.hit('k', rule, 1000)).allowed).toBe(false);
    expect((await limiter.hit('k', rule, 60_000)).allowed).toBe(true);
  });

  it('counts one token once however its header is spelled', async () => {
    const limited = await createHarness({ RATE_LIMIT_REQUESTS: 3 });
    try {
      const a = await createLeadProvider(limited.db);
      const spellings = [`Bearer ${a.token}`, `bearer ${a.token}`, `BEARER ${a.token}`, `Bearer  ${a.token}`, `Bearer\t${a.token}`,
        `Token ${a.token}`, `Token token="${a.token}"`, ` Bearer ${a.token} `];
      const statuses = [];
      for (const authorization of spellings) {
        statuses.push((await limited.request('/api/v3/statements', { headers: { Authorization: authorization } })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    } finally {
      limited.close();
    }
  });

  it('counts requests of every version, and the successor paths, against the same limit', async () => {
    const limited = await createHarness({ RATE_LIMIT_REQUESTS: 3, RATE_LIMIT_WINDOW_SECONDS: 300 });
    try {
      const a = await createLeadProvider(limited.db);
      for (const path of ['/api/v1/participants/ecf', '/api/v2/participant-declarations.csv', '/api/v3/participants']) {
        expect((await limited.request(path, { token: a.token })).status, path).toBe(200);
      }
      expect((await limited.request('/api/v1/participant-declarations', { token: a.token })).status).toBe(429);
    } finally {
      limited.close();
    }
  });

  it('throttles failed authentication per client address, without touching valid tokens', async () => {
    const limited = await createHarness({ RATE_LIMIT_REQUESTS: 5, UNAUTHENTICATED_RATE_LIMIT_REQUESTS: 3 });
    try {
      const a = await createLeadProvider(limited.db);
      const from = (address: string, token: string) =>
        limited.request('/api/v3/statements', { headers: { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': address } });
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push((await from('203.0.113.9', `guess-${i}`)).status);
      expect(guesses).toEqual([401, 401, 401, 429, 429]);
      const refused = await from('203.0.113.9', 'guess-x');
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect((await readJson(refused)).errors[0]).toMatchObject({ title: 'Too many requests' });
      expect((await from('198.51.100.7', 'guess-y')).status).toBe(401);
      // The provider's own token, even from the throttled address, has its own untouched count.
      expect((await from('203.0.113.9', a.token)).status).toBe(200);
    } finally {
      limited.close();
    }
  });

  it('never resets a live counter, however many junk keys arrive', async () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 100 });
    const rule = { limit: 3, windowSeconds: 300 };
    for (let i = 0; i < 3; i++) await limiter.hit('token:real', rule, 1000);
    for (let i = 0; i < 10_002; i++) await limiter.hit(`client:198.51.${i >> 8}.${i & 255}`, rule, 1000 + i);
    expect(limiter.size()).toBeLessThanOrEqual(101);
    expect((await limiter.hit('token:real', rule, 20_000)).allowed).toBe(false);
    // New addresses beyond the bound share one counter, which the flood has long exhausted.
    expect((await limiter.hit('client:192.0.2.1', rule, 20_000)).allowed).toBe(false);
    // The next window drops the old counters and starts afresh.
    expect((await limiter.hit('client:192.0.2.1', rule, 301_000)).allowed).toBe(true);
    expect(limiter.size()).toBe(1);
  });
});

describe('readDataAttributes', () => {
  const app = new Hono();
  app.post('/', async (c) => c.json(await readDataAttributes(c)));
  app.onError(onError as never);
  const post = (body: string) => app.request('/', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

  it('returns the attributes of a well-formed body', async () => {
    expect(await readJson(await post('{"data":{"type":"x","attributes":{"cohort":"2024"}}}'))).toEqual({ cohort: '2024' });
  });

  it.each(['{not json', '', '[]', '{"data":null}', '{"data":{}}', '{"data":[1]}', '{"data":{"attributes":"x"}}'])('answers %j with a 400', async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors[0].title).toBe('Bad request');
  });
});
