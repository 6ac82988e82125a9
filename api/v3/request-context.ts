import type { Context } from 'hono';
import type { AppEnv, RequestContext } from '../context';

/** The service-facing context of an authenticated API request. */
export function requestContext(c: Context<AppEnv>): RequestContext {
  return { db: c.var.deps.db, now: c.var.now, leadProvider: c.var.leadProvider, config: c.var.deps.config };
}
