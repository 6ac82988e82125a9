import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../context';
import { createMailer } from '../email/mailer';
import { authRoutes } from './auth/routes';
import { loadSession } from './auth/sessions';
import { challengeRoutes } from './challenge/routes';
import type { WebDeps, WebEnv } from './context';
import { guideRoutes } from './guide/routes';
import { outboxRoutes } from './outbox/routes';
import { isWebPath } from './paths';
import { MAX_CSV_BYTES } from './report-schools/csv-input';
import { reportSchoolsRoutes, uploadTooLarge, UPLOAD_PATH } from './report-schools/routes';
import { schoolRoutes } from './schools/routes';
import { randomSecret, readCookie, safeEqual, writeCookie } from './security';
import { supportRoutes } from './support/routes';
import { forbiddenFormPage, notFoundPage, serverErrorPage } from './ui/render';
import { logUnexpectedError } from '../errors/log';

/** The CSV upload takes files up to 2 MB, more than the API's body limit (see api/app.ts). */
export const WEB_UPLOAD_PATH = UPLOAD_PATH;
/** The whole multipart request: the file plus the form's other fields and boundaries. */
const UPLOAD_MAX_BODY = MAX_CSV_BYTES + 64 * 1024;

export { isWebPath } from './paths';

/** The lead provider web service (sign-in, partnerships by CSV, school challenges, your schools). */
export function createWebApp(deps: AppDeps) {
  const web: WebDeps = {
    db: deps.db,
    config: deps.config,
    clock: deps.clock,
    mailer: createMailer({ db: deps.db, config: deps.config }),
    waitUntil: deps.waitUntil,
  };
  const app = new Hono<WebEnv>();

  // People who type the bare address want the service, not the API's JSON 404. (A redirect, not
  // a copy of the page, so there is one front page to link to and bookmark.)
  app.get('/', (c) => c.redirect('/lead-providers', 302));

  // Context for every web page: dependencies, the CSRF token, the signed-in user.
  app.use('*', async (c, next) => {
    if (!isWebPath(c.req.path)) return next();
    c.set('web', web);
    let csrf = readCookie(c, 'csrf');
    if (!csrf || !/^[A-Za-z0-9_-]{43}$/.test(csrf)) {
      csrf = randomSecret();
      writeCookie(c, 'csrf', csrf);
    }
    c.set('csrfToken', csrf);
    const session = await loadSession(c);
    c.set('user', session?.user ?? null);
    c.set('sessionIdHash', session?.idHash ?? null);
    // Security headers (CSP without inline scripts, no framing, no referrer) come from
    // api/middleware/security-headers.ts, for these pages as for every other.
    await next();
  });

  // An oversized upload gets the upload page's own error, before anything reads the body.
  app.post(WEB_UPLOAD_PATH, bodyLimit({
    maxSize: UPLOAD_MAX_BODY,
    onError: (c) => uploadTooLarge(c),
  }));

  // Every POST carries the CSRF token of its form (double-submit: the form field must equal the
  // HttpOnly cookie). A browser that names the page it comes from must name this site; with
  // Referrer-Policy no-referrer browsers send "Origin: null", which the token check covers.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || !isWebPath(c.req.path)) return next();
    const origin = c.req.header('origin');
    const sameSite = origin === undefined || origin === 'null' || allowedOrigins(c.req.url, c.req.header('host'), deps.config.SERVICE_URL).has(origin);
    const cookie = readCookie(c, 'csrf');
    let sent: unknown;
    try {
      sent = (await c.req.parseBody())['_csrf'];
    } catch {
      sent = undefined;
    }
    if (!sameSite || !cookie || typeof sent !== 'string' || !safeEqual(sent, cookie)) return forbiddenFormPage(c);
    await next();
  });

  app.route('/', authRoutes());
  app.route('/', schoolRoutes());
  app.route('/', reportSchoolsRoutes());
  app.route('/', challengeRoutes());
  app.route('/', supportRoutes());
  app.route('/', guideRoutes());
  if (deps.config.APP_ENV !== 'production') app.route('/', outboxRoutes());

  // Unknown pages under the web service's paths get a page, not the API's JSON.
  const notFound: MiddlewareHandler<WebEnv> = async (c, next) => (isWebPath(c.req.path) && c.var.web
    ? notFoundPage(c, c.req.path.startsWith('/report-incorrect-partnership') ? 'school' : 'provider')
    : next());
  app.all('*', notFound);

  app.onError((err, c) => {
    logUnexpectedError(c, err);
    if (!c.var.web) throw err;
    return serverErrorPage(c);
  });

  return app as unknown as Hono<AppEnv>;
}

function allowedOrigins(url: string, host: string | undefined, serviceUrl: string): Set<string> {
  const origins = new Set([new URL(url).origin, new URL(serviceUrl).origin]);
  if (host) {
    origins.add(`https://${host}`);
    origins.add(`http://${host}`);
  }
  return origins;
}

