import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { AnyD1Database } from 'drizzle-orm/d1';
import { connectD1, schema, type Db } from '../db/client';
import { createApp } from './app';
import { configSchema, parseConfig, type Config } from './env';
import { createMemoryRateLimiter, type RateLimiter } from './middleware/rate-limit';
import { createDurableObjectRateLimiter, type DurableObjectNamespaceLike } from './workers/rate-limit-counter';

/** The Durable Object class behind the RATE_LIMITER binding (wrangler.toml). */
export { RateLimitCounter } from './workers/rate-limit-counter';
import { describeRun, runScheduledJobs } from './jobs/scheduled';
import { runWebhookJob } from './jobs/webhooks';

// Cloudflare Workers host (production and sandbox). Storage is the D1 binding `DB`, or a libSQL
// server when LIBSQL_URL (+ the LIBSQL_AUTH_TOKEN secret) is set. Migrations are applied by
// `wrangler d1 migrations apply`, never at request time.

export interface WorkerBindings {
  DB?: AnyD1Database;
  LIBSQL_URL?: string;
  LIBSQL_AUTH_TOKEN?: string;
  /** Durable Object namespace of RateLimitCounter: one shared counter per token or client address. */
  RATE_LIMITER?: DurableObjectNamespaceLike;
  [key: string]: unknown;
}

interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

/** The minutely cron trigger (wrangler.toml) that only delivers webhooks. */
const WEBHOOK_CRON = '* * * * *';

let shared: { config: Config; rateLimiter: RateLimiter; libsql?: Db } | undefined;

function isolateState(env: WorkerBindings) {
  if (!shared) {
    const config = parseConfig(configSchema, env);
    // Without the binding (a hand-made wrangler config) counters are per isolate: say so once.
    if (!env.RATE_LIMITER) console.warn('RATE_LIMITER Durable Object binding missing: rate limits are counted per isolate');
    shared = { config, rateLimiter: env.RATE_LIMITER ? createDurableObjectRateLimiter(env.RATE_LIMITER) : createMemoryRateLimiter() };
  }
  return shared;
}

function database(env: WorkerBindings, state: NonNullable<typeof shared>): Db {
  if (env.LIBSQL_URL) {
    state.libsql ??= drizzle(createClient({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }), { schema }) as unknown as Db;
    return state.libsql;
  }
  if (!env.DB) throw new Error('No database: bind a D1 database as DB or set LIBSQL_URL');
  return connectD1(env.DB);
}

// One app per isolate (per bindings object, which workerd keeps for the isolate's life): building
// it registers every route and schema, and its OpenAPI documents are rendered once and cached, so
// a per-request build would redo that work on every call. Per-request background work goes
// through Hono's c.executionCtx (the `ctx` given to app.fetch), not through the app's deps.
const apps = new WeakMap<WorkerBindings, ReturnType<typeof createApp>>();

export function appFor(env: WorkerBindings): ReturnType<typeof createApp> {
  let app = apps.get(env);
  if (app) return app;
  const state = isolateState(env);
  app = createApp({
    db: database(env, state),
    config: state.config,
    clock: () => new Date(),
    rateLimiter: state.rateLimiter,
    // [assets] answers every file of the site before the Worker runs; what reaches us under
    // /api-reference/ matched none, so it gets the site's 404 page (served as `/api-reference/404`
    // with html_handling auto-trailing-slash).
    docsNotFoundPage: async (req) => {
      const assets = env.ASSETS as { fetch(input: Request | string): Promise<Response> } | undefined;
      if (!assets) return null;
      const res = await assets.fetch(new URL('/api-reference/404', req.url).href);
      return res.ok ? res.text() : null;
    },
  });
  apps.set(env, app);
  return app;
}

export default {
  fetch(request: Request, env: WorkerBindings, ctx: ExecutionContextLike) {
    return appFor(env).fetch(request, env, ctx as never);
  },
  /**
   * Cron triggers (wrangler.toml): hourly, statements close, reminders and emails go out, expired
   * sign-in data goes (and webhooks are delivered); every minute, only webhooks are delivered.
   */
  scheduled(event: { cron?: string } | undefined, env: WorkerBindings, ctx: ExecutionContextLike) {
    const state = isolateState(env);
    if (event?.cron === WEBHOOK_CRON) {
      ctx.waitUntil(runWebhookJob({ db: database(env, state), config: state.config, now: new Date() })
        .then((run) => { if (run.failed || run.retrying) console.log(JSON.stringify({ level: 'info', message: 'Webhooks delivered', ...run })); })
        .catch((err) => console.error(JSON.stringify({ level: 'error', message: 'Webhook delivery failed', error: err instanceof Error ? err.message : String(err) }))));
      return;
    }
    ctx.waitUntil(runScheduledJobs({ db: database(env, state), config: state.config, now: new Date() })
      .then((run) => console.log(JSON.stringify({ level: run.errors.length ? 'error' : 'info', ...describeRun(run) }))));
  },
};
