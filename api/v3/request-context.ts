import type { Context } from 'hono';
import type { AppEnv, RequestContext } from '../context';

/** The service-facing context of an authenticated API request. */
export function requestContext(c: Context<AppEnv>): RequestContext {
  return { db: c.var.deps.db, now: c.var.now, leadProvider: c.var.leadProvider, config: c.var.deps.config };
}

/** The context of a whole-file download: the same request, read through the export connection when the host has one. */
export function exportRequestContext(c: Context<AppEnv>): RequestContext {
  return { ...requestContext(c), db: c.var.deps.exportDb ?? c.var.deps.db };
}
