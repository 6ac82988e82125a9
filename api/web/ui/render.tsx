import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebEnv } from '../context';
import { Layout, type NavItem, type PageChrome } from './layout';

/** What every page needs from the request: configuration, the user and the CSRF token. */
export function chrome(c: Context<WebEnv>): PageChrome {
  return { config: c.var.web.config, user: c.var.user, csrf: c.var.csrfToken };
}

export interface PageOptions {
  title: string;
  hasErrors?: boolean;
  nav?: NavItem;
  before?: Child;
  wide?: boolean;
  status?: ContentfulStatusCode;
  audience?: 'provider' | 'school';
}

/** Renders a page in the layout. Pages are never cached: they show one user's data. */
export function page(c: Context<WebEnv>, options: PageOptions, body: Child) {
  c.header('Cache-Control', 'no-store');
  return c.html(
    <Layout {...chrome(c)} title={options.title} hasErrors={options.hasErrors} nav={options.nav} before={options.before} wide={options.wide} audience={options.audience}>
      {body}
    </Layout>,
    options.status ?? 200,
  );
}

export function notFoundPage(c: Context<WebEnv>, audience?: 'provider' | 'school') {
  return page(c, { title: 'Page not found', status: 404, audience }, (
    <>
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
      <p class="govuk-body">
        If the web address is correct or you selected a link or button, email{' '}
        <a class="govuk-link" href={`mailto:${c.var.web.config.SUPPORT_EMAIL}`}>{c.var.web.config.SUPPORT_EMAIL}</a> for help.
      </p>
    </>
  ));
}

export function forbiddenFormPage(c: Context<WebEnv>) {
  return page(c, { title: 'Your form could not be sent', status: 403 }, (
    <>
      <h1 class="govuk-heading-l">Your form could not be sent</h1>
      <p class="govuk-body">
        This can happen if the page was open for a long time, or if the form came from another website. Nothing has been saved.
      </p>
      <p class="govuk-body">Go back, reload the page and try again.</p>
    </>
  ));
}

export function tooManyRequestsPage(c: Context<WebEnv>, retryAfterSeconds: number, what = 'sign in', back = { href: '/users/sign_in', text: 'Go back to sign in' }) {
  c.header('Retry-After', String(retryAfterSeconds));
  const wait = retryAfterSeconds <= 60 ? 'a minute' : retryAfterSeconds <= 3600 ? 'up to an hour' : 'a while';
  return page(c, { title: 'Too many attempts', status: 429 }, (
    <>
      <h1 class="govuk-heading-l">Too many attempts</h1>
      <p class="govuk-body">You have tried to {what} too many times in a short time. Wait {wait}, then try again.</p>
      <p class="govuk-body"><a class="govuk-link" href={back.href}>{back.text}</a></p>
    </>
  ));
}

export function serverErrorPage(c: Context<WebEnv>) {
  return page(c, { title: 'Sorry, there is a problem with the service', status: 500 }, (
    <>
      <h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p class="govuk-body">Try again later. Anything you had not yet confirmed has not been saved.</p>
      <p class="govuk-body">
        If the problem continues, email <a class="govuk-link" href={`mailto:${c.var.web.config.SUPPORT_EMAIL}`}>{c.var.web.config.SUPPORT_EMAIL}</a>.
      </p>
    </>
  ));
}
