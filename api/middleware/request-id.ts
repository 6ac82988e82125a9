import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';

const safeId = /^[A-Za-z0-9._-]{1,128}$/;

/** Echoes a caller's X-Request-Id (when sane) or makes one, so support can trace a request. */
export const requestId = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const id = incoming && safeId.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
