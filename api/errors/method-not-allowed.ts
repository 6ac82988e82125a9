import type { NotFoundHandler } from 'hono';
import type { AppEnv } from '../context';
import { JSON_API } from '../http/envelope';
import { errorBody, notFound } from './handlers';

interface RouteLike {
  method: string;
  path: string;
}

/**
 * The app's not-found handler, which first asks whether the path exists under another method:
 * then the answer is 405 with `Allow` (HTTP's rule), so a client that sent POST instead of PUT
 * learns what it got wrong instead of being told the path does not exist. Middleware entries
 * (method ALL, wildcard paths) are not routes.
 */
export function notFoundOrMethodNotAllowed(routes: readonly RouteLike[]): NotFoundHandler<AppEnv> {
  let compiled: { pattern: RegExp; method: string }[] | undefined;
  const compile = () => routes
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(`^${r.path.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`),
    }));

  return (c) => {
    compiled ??= compile(); // routes are all registered by the first request
    const methods = new Set(compiled.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method));
    if (methods.size === 0 || methods.has(c.req.method)) return notFound(c);
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].sort().join(', ');
    return c.body(JSON.stringify(errorBody([{
      title: 'Method not allowed',
      detail: `${c.req.path} does not accept ${c.req.method}. Use ${allow}.`,
    }])), 405, { 'Content-Type': JSON_API, Allow: allow });
  };
}
