import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { JSON_API } from '../http/envelope';
import { getFilter } from '../http/filters';
import { parseQuery } from '../http/query';

/**
 * Common to every API request: the query is parsed once (bracketed keys) and `filter` must be an
 * object; JSON responses are labelled `application/vnd.api+json` as the contract says.
 */
export const apiRequest = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const query = parseQuery(url.search);
    getFilter(query);
    c.set('query', query);
    await next();
    const type = c.res.headers.get('Content-Type');
    if (type?.startsWith('application/json')) c.res.headers.set('Content-Type', JSON_API);
  });
