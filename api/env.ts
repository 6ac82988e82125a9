import { z } from 'zod';
import { serviceInfo } from './service-info';

/** Typed configuration, parsed once at the edge of each host. */
export const appEnvironments = ['development', 'test', 'sandbox', 'production'] as const;
export type AppEnvironment = (typeof appEnvironments)[number];

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = z.object({
  APP_ENV: z.enum(appEnvironments).default('development'),
  /** Requests per window per API token (DfE's published limit is 1000 per 5 minutes). */
  RATE_LIMIT_REQUESTS: positiveInt(1000),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(300),
  /** Requests per window per client address that fail authentication (token guessing, junk). */
  UNAUTHENTICATED_RATE_LIMIT_REQUESTS: positiveInt(100),
  /**
   * Public base URL of this deployment, for links in emails. The default is `wrangler dev`'s
   * address; the Node host defaults to the address it listens on instead (nodeConfigSchema).
   */
  SERVICE_URL: z.string().url().default('http://localhost:8787'),
  /**
   * The public addresses of DfE's production and sandbox deployments: the `servers` of the OpenAPI
   * documents, so code generators and API clients get absolute base URLs (api/openapi/servers.ts).
   */
  PRODUCTION_URL: z.string().url().default(serviceInfo.productionUrl),
  SANDBOX_URL: z.string().url().default(serviceInfo.sandboxUrl),
  /** Support contact and feedback form, shown on every page (defaults in api/service-info.ts). */
  SUPPORT_EMAIL: z.string().email().default(serviceInfo.supportEmail),
  FEEDBACK_URL: z.string().url().default(serviceInfo.feedbackUrl),
  /** Largest request body accepted, in bytes. */
  MAX_BODY_BYTES: positiveInt(1024 * 1024),
  /** Node behind a proxy: the header holding the client's address (e.g. x-real-ip). Unset: the socket's. */
  CLIENT_IP_HEADER: z.string().regex(/^[a-z0-9-]+$/i).transform((v) => v.toLowerCase()).optional(),
  /**
   * GOV.UK Notify: an API key turns on email delivery through Notify; without one, emails stay in
   * the database outbox (shown at /outbox outside production). Template ids are a JSON object
   * from our template names (api/email/outbox.ts) to Notify template ids.
   */
  NOTIFY_API_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(74).optional()),
  NOTIFY_TEMPLATE_IDS: z.string().optional()
    .transform((text, ctx) => {
      if (!text) return {} as Record<string, string>;
      try {
        return z.record(z.string(), z.string().uuid()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of template name to Notify template id' });
        return z.NEVER;
      }
    }),
  NOTIFY_API_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
  /** Extension (webhooks): how long one delivery may take before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
});

export type Config = z.infer<typeof configSchema>;

/**
 * The address a Node server listening on `host`:`port` is reached at from its own machine: what
 * links in emails point at unless SERVICE_URL says otherwise (a local run, a test server).
 */
export function listeningUrl(host: string, port: number): string {
  const name = host === '' || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export const nodeConfigSchema = configSchema.extend({
  // Unset: where this server listens (below), not port 8787 whatever PORT says.
  SERVICE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('file:.data/lead-provider-api.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** The longest a client may take to send a whole request (Node host). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** `off` when the hourly jobs run elsewhere (several servers on one database: run them once). */
  SCHEDULED_JOBS: z.enum(['on', 'off']).default('on'),
  /** Seconds between webhook delivery runs on Node (the hourly jobs are too slow for webhooks); 0 turns the loop off. */
  WEBHOOK_DELIVERY_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(15),
}).transform((config) => ({
  ...config,
  SERVICE_URL: config.SERVICE_URL ?? listeningUrl(config.HOST, config.PORT),
  /** True when SERVICE_URL was derived from HOST and PORT (the server corrects it for PORT=0). */
  SERVICE_URL_FROM_LISTENER: config.SERVICE_URL === undefined,
}));

export type NodeConfig = z.infer<typeof nodeConfigSchema>;

export function parseConfig<S extends z.ZodType>(schema: S, source: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}

/** Server date override (X-With-Server-Date) is for testing environments only. */
export const allowsServerDateOverride = (env: AppEnvironment) => env !== 'production';
