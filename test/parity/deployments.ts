import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { createApp } from '../../api/app';
import { configSchema } from '../../api/env';
import { listen } from '../../api/http/node-listen';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { seedSandbox, type SeededLeadProvider } from '../../db/seed/sandbox';
import type { Harness } from '../support/harness';
import type { LeadProviderTokens } from '../../api/cli/parity/tokens';

// Deployments for the parity tool's tests: real apps served over HTTP on random ports, as the
// tool sees any deployment.

export interface Deployment {
  url: string;
  close(): Promise<void>;
}

export type Fetch = (request: Request) => Response | Promise<Response>;

export function serve(fetch: Fetch): Promise<Deployment> {
  return new Promise((resolve) => {
    const server: ServerType = listen({
      fetch, port: 0, hostname: '127.0.0.1', requestTimeoutMs: 30_000,
      onListening: () => resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    });
  });
}

/** Another app instance over the harness's database and clock (a second server of one service). */
export function secondInstance(h: Harness): Fetch {
  const app = createApp({
    db: h.db,
    config: configSchema.parse({ APP_ENV: 'test', RATE_LIMIT_REQUESTS: 1_000_000, UNAUTHENTICATED_RATE_LIMIT_REQUESTS: 1_000_000 }),
    clock: () => h.clock.now,
    rateLimiter: createMemoryRateLimiter(),
  });
  return (request) => app.fetch(request);
}

/** The sandbox data set, at a small scale: the same `now` gives the same records and ids. */
export function seedSmallSandbox(h: Harness): Promise<SeededLeadProvider[]> {
  return seedSandbox(h.db, { now: h.clock.now, scale: 2 });
}

/** A token on each side for each provider (the same database, or two seeded alike). */
export async function tokensFor(providers: SeededLeadProvider[], a: Harness, b: Harness = a): Promise<LeadProviderTokens[]> {
  return Promise.all(providers.map(async (lp) => ({
    name: lp.name,
    a: await createApiToken(a.db, lp.id, a.clock.now),
    b: await createApiToken(b.db, lp.id, b.clock.now),
  })));
}

/**
 * `fetch` with one field of one resource's serializer changed: what a deployment whose
 * serializer drifted would answer. Only JSON answers under `pathPrefix` are touched.
 */
export function withAlteredField(fetch: Fetch, pathPrefix: string, field: string, value: (old: unknown) => unknown): Fetch {
  return async (request) => {
    const res = await fetch(request);
    if (!new URL(request.url).pathname.startsWith(pathPrefix) || !/json/.test(res.headers.get('content-type') ?? '')) return res;
    const body = (await res.json()) as { data?: unknown };
    const records = Array.isArray(body.data) ? body.data : body.data ? [body.data] : [];
    for (const record of records as { attributes?: Record<string, unknown> }[]) {
      if (record.attributes && field in record.attributes) record.attributes[field] = value(record.attributes[field]);
    }
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: res.status, headers });
  };
}
