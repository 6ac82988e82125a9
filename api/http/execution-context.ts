import type { Context } from 'hono';

/**
 * The host's way to keep work alive after the response (Workers' `ctx.waitUntil`, handed to
 * `app.fetch`), or undefined where there is none (Node, tests: the caller awaits instead). Hono
 * throws when a context has no execution context, hence the try.
 */
export function executionWaitUntil(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}
