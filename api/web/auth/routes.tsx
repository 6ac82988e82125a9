import { Hono, type Context } from 'hono';
import type { WebEnv } from '../context';
import { formatDateTime, serviceLink } from '../format';
import { clientIp, sha256, writeCookie, randomSecret } from '../security';
import { BackLink, Button, ErrorSummary, PostForm, TextInput } from '../ui/components';
import { page, tooManyRequestsPage } from '../ui/render';
import { clearWizard } from '../report-schools/wizard';
import { checkEmailAddress, emailMessages, normaliseEmail } from './email-address';
import { maySendSignInEmail } from './recipient-limits';
import { safeReturnPath } from '../paths';
import {
  consumeSignInToken, createSession, endSession, findUserByEmail, issueSignInToken, setSessionCookie, signInTokenIsLive, SIGN_IN_LINK_MINUTES,
  withinRateLimit,
} from './sessions';

// Passwordless sign-in: email address → "check your email" → link → "Continue" (a POST, so a
// mail scanner that opens the link cannot use it up) → signed in.

/** 5 sign-in requests per 20 seconds per IP address. */
export const SIGN_IN_LIMIT = { requests: 5, windowMs: 20_000 };

export function authRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/users/sign_in', (c) => {
    const returnTo = safeReturnPath(c.req.query('return_to'));
    if (c.var.user) return c.redirect(returnTo ?? '/dashboard');
    return signInPage(c, '', undefined, returnTo);
  });

  app.post('/users/sign_in', async (c) => {
    const { db, config, clock, mailer } = c.var.web;
    const now = clock();
    if (!(await withinRateLimit(db, `sign-in:${await sha256(clientIp(c, config.CLIENT_IP_HEADER))}`, SIGN_IN_LIMIT.requests, SIGN_IN_LIMIT.windowMs, now))) {
      return tooManyRequestsPage(c, Math.ceil(SIGN_IN_LIMIT.windowMs / 1000));
    }
    const body = await c.req.parseBody();
    const typed = typeof body['email'] === 'string' ? body['email'].slice(0, 400) : '';
    // The page asked for before sign-in travels in the emailed link, so it works in whichever
    // browser the link is opened; it is checked again at every step.
    const returnTo = safeReturnPath(body['return_to']);
    const problem = checkEmailAddress(typed);
    if (problem) return signInPage(c, typed, emailMessages[problem], returnTo);
    const email = normaliseEmail(typed);

    // The same answer whether or not we know the address, so the page cannot be used to find
    // out who has an account; an unknown address is told how to get one.
    const user = await findUserByEmail(db, email);
    const send = async () => {
      if (user) {
        const { token, expiresAt } = await issueSignInToken(db, user.id, now);
        await mailer.send({
          template: 'sign_in_link', to: email, subject: { type: 'lead_provider_user', id: user.id }, secretFields: ['sign_in_url'],
          personalisation: {
            full_name: user.fullName,
            sign_in_url: serviceLink(config, `/users/confirm_sign_in?login_token=${token}${returnTo ? `&return_to=${encodeURIComponent(returnTo)}` : ''}`),
            expires_at: formatDateTime(expiresAt),
            minutes: String(SIGN_IN_LINK_MINUTES),
          },
        }, now);
      } else {
        await mailer.send({
          template: 'sign_in_unknown_email', to: email,
          personalisation: {
            sign_in_url: serviceLink(config, '/users/sign_in'),
            guide_url: serviceLink(config, '/lead-providers/partnership-guide'),
            support_email: config.SUPPORT_EMAIL,
          },
        }, now);
      }
    };
    // Over the per-address limit nothing is sent, but the page is the same: it must not tell
    // anyone whether an address has an account, or how often it was tried.
    if (await maySendSignInEmail(db, email, now)) await send();
    return page(c, { title: 'Check your email' }, (
      <>
        <h1 class="govuk-heading-l">Check your email</h1>
        <p class="govuk-body">We have sent a sign-in link to <strong>{email}</strong>.</p>
        <p class="govuk-body">The link works once, for {SIGN_IN_LINK_MINUTES} minutes. Asking for another link stops the previous one working.</p>
        <h2 class="govuk-heading-m">If the email does not arrive</h2>
        <p class="govuk-body">
          It can take a few minutes. Check your spam or junk folder, or <a class="govuk-link" href="/users/sign_in">ask for a new link</a>.
        </p>
        <p class="govuk-body">
          Still no email? Write to <a class="govuk-link" href={`mailto:${config.SUPPORT_EMAIL}`}>{config.SUPPORT_EMAIL}</a>.
        </p>
      </>
    ));
  });

  app.get('/users/confirm_sign_in', async (c) => {
    const { db, clock } = c.var.web;
    const returnTo = safeReturnPath(c.req.query('return_to'));
    if (c.var.user) return c.redirect(returnTo ?? '/dashboard');
    const token = c.req.query('login_token') ?? '';
    if (!(await signInTokenIsLive(db, token, clock()))) return c.redirect('/users/link-invalid');
    return page(c, { title: 'Continue to sign in' }, (
      <>
        <h1 class="govuk-heading-l">Continue to sign in</h1>
        <p class="govuk-body">Select continue to finish signing in to the service.</p>
        <PostForm action="/users/sign_in_with_token" csrf={c.var.csrfToken}>
          <input type="hidden" name="login_token" value={token} />
          {returnTo ? <input type="hidden" name="return_to" value={returnTo} /> : null}
          <Button>Continue</Button>
        </PostForm>
      </>
    ));
  });

  app.post('/users/sign_in_with_token', async (c) => {
    const { db, clock } = c.var.web;
    const now = clock();
    const body = await c.req.parseBody();
    const token = typeof body['login_token'] === 'string' ? body['login_token'] : '';
    const userId = await consumeSignInToken(db, token, now);
    if (!userId) return c.redirect('/users/link-invalid', 303);
    if (c.var.sessionIdHash) await endSession(c);
    setSessionCookie(c, await createSession(db, userId, now));
    // A fresh CSRF token for the signed-in session.
    writeCookie(c, 'csrf', randomSecret());
    return c.redirect(safeReturnPath(body['return_to']) ?? '/dashboard', 303);
  });

  app.get('/users/link-invalid', (c) => page(c, { title: 'This sign-in link no longer works' }, (
    <>
      <h1 class="govuk-heading-l">This sign-in link no longer works</h1>
      <p class="govuk-body">
        Each link can be used once, for {SIGN_IN_LINK_MINUTES} minutes, and only the most recent link we sent you works.
      </p>
      <Button href="/users/sign_in">Get a new sign-in link</Button>
    </>
  )));

  app.get('/users/sign_out', async (c) => {
    // A link from another site must not sign people out: ask instead.
    if (c.req.header('sec-fetch-site') === 'cross-site') {
      return page(c, { title: 'Sign out' }, (
        <>
          <h1 class="govuk-heading-l">Sign out</h1>
          <PostForm action="/users/sign_out" csrf={c.var.csrfToken}><Button>Sign out</Button></PostForm>
        </>
      ));
    }
    await signOut(c);
    return c.redirect('/users/signed-out');
  });

  app.post('/users/sign_out', async (c) => {
    await signOut(c);
    return c.redirect('/users/signed-out', 303);
  });

  app.get('/users/signed-out', (c) => page(c, { title: 'You have signed out' }, (
    <>
      <h1 class="govuk-heading-l">You have signed out</h1>
      <p class="govuk-body">You can close this tab, or <a class="govuk-link" href="/users/sign_in">sign in again</a>.</p>
    </>
  )));

  return app;
}

/** Ends the session, with whatever it had started in the "confirm your schools" wizard. */
async function signOut(c: Context<WebEnv>) {
  if (c.var.sessionIdHash) await clearWizard(c.var.web.db, c.var.sessionIdHash);
  await endSession(c);
}

function signInPage(c: Context<WebEnv>, email = '', error?: string, returnTo?: string | null) {
  return page(c, { title: 'Sign in', hasErrors: Boolean(error), status: error ? 400 : 200, before: <BackLink href="/lead-providers" /> }, (
    <>
      <ErrorSummary errors={error ? [{ field: 'email', text: error }] : undefined} />
      <PostForm action="/users/sign_in" csrf={c.var.csrfToken}>
        {returnTo ? <input type="hidden" name="return_to" value={returnTo} /> : null}
        <h1 class="govuk-heading-l">Sign in</h1>
        <p class="govuk-body">We will email you a link to sign in. There is no password.</p>
        <TextInput id="email" name="email" type="email" label="Email address" value={email} error={error} autocomplete="email" spellcheck={false}
          hint="The address your organisation gave DfE for your account" />
        <Button>Send me a sign-in link</Button>
      </PostForm>
      <p class="govuk-body">
        No account yet? Your organisation can ask DfE to set one up: email{' '}
        <a class="govuk-link" href={`mailto:${c.var.web.config.SUPPORT_EMAIL}`}>{c.var.web.config.SUPPORT_EMAIL}</a>.
      </p>
    </>
  ));
}
