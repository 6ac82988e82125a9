import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './context';
import { ApiError } from './errors/api-error';
import { onError, validationHook } from './errors/handlers';
import { notFoundOrMethodNotAllowed } from './errors/method-not-allowed';
import { apiRequest } from './middleware/api-request';
import { requireApiToken } from './middleware/auth';
import { requireOperatorToken } from './middleware/operator-auth';
import { securityHeaders } from './middleware/security-headers';
import { serverDate } from './middleware/server-date';
import { buildOpenApiDocument } from './openapi/document';
import { openApiRoutes } from './openapi/routes';
import { operatorApi } from './operator';
import { sandboxPage } from './sandbox/page';
import { sandboxControlApi } from './sandbox/routes';
import { createV1Api } from './v1';
import { createV2Api } from './v2';
import { createV3Api } from './v3';
import { routingPath } from './v3/successor-paths';
import { createWebApp, WEB_UPLOAD_PATH } from './web';

/** The one app both hosts (Node, Workers) and the tests run. */
export function createApp(deps: AppDeps) {
  // routingPath: the successor service's v3 paths (no /ecf) are routed as their ECF twins.
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, getPath: routingPath });

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Echoes a caller's X-Request-Id (letters, digits, `_`, `-`, `=`; at most 128 characters) or
  // makes a UUID, so support can trace a request; logs and the operator audit read c.var.requestId.
  app.use('*', requestId({ limitLength: 128 }));
  app.use('*', securityHeaders());
  const limitBody = bodyLimit({
    maxSize: deps.config.MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', [{ title: 'Request too large', detail: `Request bodies can be at most ${deps.config.MAX_BODY_BYTES} bytes.` }]);
    },
  });
  // The web service's CSV upload takes files up to 2 MB and answers a larger one with a page.
  app.use('*', (c, next) => (c.req.method === 'POST' && c.req.path === WEB_UPLOAD_PATH ? next() : limitBody(c, next)));

  if (deps.staticFiles) app.on(['GET', 'HEAD'], '*', deps.staticFiles);

  app.get('/healthz', async (c) => {
    await deps.db.run('select 1');
    return c.json({ status: 'ok', environment: deps.config.APP_ENV });
  });

  const v1 = createV1Api();
  const v2 = createV2Api();
  const v3 = createV3Api();
  const addresses = { productionUrl: deps.config.PRODUCTION_URL, sandboxUrl: deps.config.SANDBOX_URL, serviceUrl: deps.config.SERVICE_URL };
  app.route('/', openApiRoutes('v1', () => buildOpenApiDocument('v1', v1, addresses)));
  app.route('/', openApiRoutes('v2', () => buildOpenApiDocument('v2', v2, addresses)));
  app.route('/', openApiRoutes('v3', () => buildOpenApiDocument('v3', v3, addresses)));

  // The sandbox's control API exists everywhere but production.
  const sandbox = deps.config.APP_ENV === 'production' ? null : sandboxControlApi();
  if (sandbox) {
    app.route('/', openApiRoutes('sandbox', () => buildOpenApiDocument('sandbox', sandbox, addresses)));
    app.get('/sandbox', sandboxPage);
  }

  // The operator API exists everywhere (production needs it most) behind its own tokens; the
  // provider API's token check never sees its requests, nor it provider tokens.
  const operator = operatorApi();
  app.route('/', openApiRoutes('operator', () => buildOpenApiDocument('operator', operator, addresses)));

  app.use('/api/*', except('/api/operator/*', requireApiToken(), serverDate(), apiRequest()));
  app.use('/api/operator/*', requireOperatorToken(), serverDate(), apiRequest());
  app.route('/api/operator', operator);
  app.route('/api/v1', v1);
  app.route('/api/v2', v2);
  app.route('/api/v3', v3);
  if (sandbox) app.route('/api/sandbox', sandbox);

  app.route('/', createWebApp(deps));

  const notFoundOrNotAllowed = notFoundOrMethodNotAllowed(app.routes);
  app.notFound(async (c) => {
    // The guidance site's own 404 page for unknown addresses under /api-reference/, not the API's JSON.
    const path = c.req.path;
    if (deps.docsNotFoundPage && (c.req.method === 'GET' || c.req.method === 'HEAD') && (path === '/api-reference' || path.startsWith('/api-reference/'))) {
      const page = await deps.docsNotFoundPage(c.req.raw);
      if (page !== null) return c.html(page, 404);
    }
    return notFoundOrNotAllowed(c);
  });
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
