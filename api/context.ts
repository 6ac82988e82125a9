import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client';
import type { Config } from './env';
import type { ParsedQuery } from './http/query';
import type { RateLimiter } from './middleware/rate-limit';
import type { OperatorActor } from './services/operators/operator-tokens';

/** What a host gives the app: createApp never reaches for globals. */
export interface AppDeps {
  db: Db;
  /**
   * A read-only connection of its own for whole-file downloads (CSV) on an embedded file, so a
   * large export neither grows the process by the main connection's page cache nor evicts what
   * the paged lists keep in it (db/client.ts embeddedExportPragmas). Absent (D1, a libSQL
   * server, where the cache is not ours): exports read through `db`.
   */
  exportDb?: Db;
  config: Config;
  /** The real clock; requests read `ctx.now`, which the sandbox may move. */
  clock: () => Date;
  rateLimiter: RateLimiter;
  /** Lets a host keep background work alive after the response (Workers' waitUntil). */
  waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * Serves the built static files (guidance site, GOV.UK Frontend assets) from docs/dist on Node;
   * passes through when there is no such file. Workers serve them with [assets] instead.
   */
  staticFiles?: MiddlewareHandler;
  /**
   * The guidance site's own 404 page (its built 404.html), for addresses under /api-reference/
   * that match no file: a reader who follows a stale link gets the site's page with its
   * navigation, not the API's JSON error. Null when the site has not been built.
   */
  docsNotFoundPage?: (request: Request) => Promise<string | null>;
}

export interface LeadProviderRef {
  id: string;
  name: string;
}

/** The per-request context services receive. */
export interface RequestContext {
  db: Db;
  now: Date;
  leadProvider: LeadProviderRef;
  config: Config;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    now: Date;
    query: ParsedQuery;
    leadProvider: LeadProviderRef;
    /** Set on operator API requests instead of `leadProvider`. */
    operator: OperatorActor;
  };
}

/** What operator services receive: no lead provider scope, but who is acting, for the audit. */
export interface OperatorContext {
  db: Db;
  now: Date;
  config: Config;
  actor: OperatorActor;
  /** The request id (HTTP) or null (command line), recorded in the audit. */
  requestId: string | null;
  /** How the operator reached us, for the audit: the HTTP method and path, or `CLI` and the verb. */
  via: { method: string; path: string };
}
