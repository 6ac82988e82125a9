import { describe, expect, it } from 'vitest';
import worker, { appFor, type WorkerBindings } from '../api/worker';

// The Worker builds its app once per isolate (per bindings object), not once per request: routes,
// schemas and the rendered OpenAPI documents survive between requests.

const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined };
// A D1 binding that must never be reached by these requests (documents and health need no query
// beyond /healthz, which is not called here).
const bindings = (): WorkerBindings => ({ DB: {} as never, RATE_LIMITER: undefined, APP_ENV: 'sandbox' });

describe('the Worker', () => {
  it('keeps one app for the isolate’s bindings, and builds another only for other bindings', () => {
    const env = bindings();
    expect(appFor(env)).toBe(appFor(env));
    expect(appFor(bindings())).not.toBe(appFor(env));
  });

  it('answers requests through that app', async () => {
    const env = bindings();
    const first = await worker.fetch(new Request('https://sb.example/api-docs/v3/openapi.json'), env, ctx);
    const second = await worker.fetch(new Request('https://sb.example/api-docs/v3/openapi.yaml'), env, ctx);
    const third = await worker.fetch(new Request('https://sb.example/api-docs/v3/openapi.json'), env, ctx);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(await third.text()).toBe(await first.text());
    expect(appFor(env).routes.length).toBeGreaterThan(50);
  });
});
