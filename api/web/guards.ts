import { createMiddleware } from 'hono/factory';
import type { WebEnv } from './context';

/** Pages for lead provider staff: anyone else is sent to sign in. */
export const requireUser = createMiddleware<WebEnv>(async (c, next) => {
  if (!c.var.user) return c.redirect('/users/sign_in');
  await next();
});
