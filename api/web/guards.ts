import { createMiddleware } from 'hono/factory';
import type { WebEnv } from './context';
import { safeReturnPath } from './paths';

/**
 * Pages for lead provider staff: anyone else is sent to sign in, and back to the page they asked
 * for afterwards (a page they opened, so GET only: a form's POST cannot be replayed).
 */
export const requireUser = createMiddleware<WebEnv>(async (c, next) => {
  if (!c.var.user) {
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? safeReturnPath(`${url.pathname}${url.search}`) : null;
    return c.redirect(back && back !== '/dashboard' ? `/users/sign_in?return_to=${encodeURIComponent(back)}` : '/users/sign_in');
  }
  await next();
});
