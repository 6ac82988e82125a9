import { desc, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { authenticateToken } from '../../services/auth/api-tokens';
import type { EmailTemplate } from '../../email/outbox';
import { renderEmail } from '../../email/templates';
import type { WebEnv } from '../context';
import { formatDateTime } from '../format';
import { clientIp, sha256 } from '../security';
import { Button, ErrorSummary, PostForm, SummaryList, TextInput } from '../ui/components';
import { page, tooManyRequestsPage } from '../ui/render';
import { withinRateLimit } from '../auth/sessions';
import type { RowOf } from '../../../db/read-model';
import { emails, leadProviderUsers, partnerships, replacedPartnershipReports, supportRequests } from '../../../db/schema';

// Outside production, the emails the service "sent" are listed here, each as its recipient reads
// it, so the whole journey (sign-in links, schools' challenge links) works without a mail server.
//
// Who may read which emails:
// - development and test (a developer's own machine): every email, no questions asked.
// - sandbox (deployed, reachable by anyone): a sign-in link read here *is* the account, so the
//   page shows one lead provider's emails only (to its web users, and about its partnerships,
//   support requests and participants), and only to someone who proves they are that provider:
//   signed in to the web service as one of its users, or holding its sandbox API token (pasted in
//   the form, or sent as `Authorization: Bearer`). The token is what solves the first sign-in:
//   every provider testing in the sandbox already has one. Nobody else sees anything.

const templateNames: Record<EmailTemplate, string> = {
  partnership_confirmed: 'Partnership confirmed (to the school)',
  partnership_delivery_partner_changed: 'Delivery partner changed (to the school)',
  participant_withdrawn: 'Participant withdrawn (to the school)',
  sign_in_link: 'Sign-in link',
  sign_in_unknown_email: 'Sign-in attempt with an unknown address',
  welcome: 'Welcome to the service',
  partnership_reminder: 'Reminder: partnership confirmed (to the school)',
  partnership_challenged: 'A school reported a partnership is wrong (to the provider)',
  support_request: 'Support request (to the support team)',
};

/** Wrong tokens per IP address: guessing a token is hopeless anyway, this keeps it quiet. */
export const OUTBOX_TOKEN_LIMIT = { requests: 10, windowMs: 60_000 };
const SHOWN = 100;

type C = Context<WebEnv>;
type Reader = { kind: 'everyone' } | { kind: 'provider'; id: string; name: string; via: 'session' | 'token' };

const e = alias(emails, 'e');
const u = alias(leadProviderUsers, 'u');
const p = alias(partnerships, 'p');
const r = alias(replacedPartnershipReports, 'r');
const s = alias(supportRequests, 's');

/** Emails one lead provider may read: to its people, or about its own records. */
function providerEmails(lp: { id: string; name: string }): SQL {
  return sql`(
    ${e.to} IN (SELECT ${u.email} FROM ${leadProviderUsers} AS ${u} WHERE ${u.leadProviderId} = ${lp.id})
    OR (${e.subjectType} = 'partnership' AND ${e.subjectId} IN (SELECT ${p.id} FROM ${partnerships} AS ${p} WHERE ${p.leadProviderId} = ${lp.id}))
    OR (${e.subjectType} = 'partnership_report' AND ${e.subjectId} IN (
      SELECT ${p.reportId} FROM ${partnerships} AS ${p} WHERE ${p.leadProviderId} = ${lp.id}
      UNION ALL
      SELECT ${r.reportId} FROM ${replacedPartnershipReports} AS ${r} JOIN ${partnerships} AS ${p} ON ${p.id} = ${r.partnershipId} WHERE ${p.leadProviderId} = ${lp.id}))
    OR (${e.subjectType} = 'support_request' AND ${e.subjectId} IN (SELECT ${s.id} FROM ${supportRequests} AS ${s} WHERE ${s.leadProviderId} = ${lp.id}))
    OR (${e.subjectType} = 'participant_profile' AND ${e.template} = 'participant_withdrawn'
      AND json_extract(${e.personalisation}, '$.lead_provider_name') = ${lp.name})
  )`;
}

const emailFields = { id: e.id, template: e.template, to: e.to, personalisation: e.personalisation, status: e.status, createdAt: e.createdAt };
type EmailRow = RowOf<typeof emailFields>;

async function readEmails(c: C, reader: Reader, to: string): Promise<EmailRow[]> {
  const scope = reader.kind === 'everyone' ? sql`1 = 1` : providerEmails(reader);
  const recipient = to ? sql`${e.to} = ${to}` : sql`1 = 1`;
  return c.var.web.db.select(emailFields).from(e)
    .where(sql`${scope} AND ${recipient}`)
    .orderBy(desc(e.createdAt), desc(e.id))
    .limit(SHOWN);
}

/** An email body in Notify's plain-text conventions, as HTML: paragraphs, bullets, links. */
function EmailBody({ body }: { body: string }) {
  const linkify = (line: string): Child[] => line.split(/(https?:\/\/[^\s<>"]+)/g)
    .map((part, i) => (i % 2 === 1 ? <a class="govuk-link" href={part}>{part}</a> : part));
  return (
    <>
      {body.split(/\n{2,}/).map((para) => {
        const lines = para.split('\n');
        if (lines.every((l) => l.startsWith('* '))) {
          return <ul class="govuk-list govuk-list--bullet">{lines.map((l) => <li>{linkify(l.slice(2))}</li>)}</ul>;
        }
        return <p class="govuk-body">{lines.flatMap((l, i) => (i === 0 ? linkify(l) : [<br />, ...linkify(l)]))}</p>;
      })}
    </>
  );
}

function EmailCard({ email }: { email: EmailRow }) {
  const personalisation = JSON.parse(email.personalisation) as Record<string, string>;
  const rendered = renderEmail(email.template, personalisation);
  const kind = templateNames[email.template as EmailTemplate] ?? email.template;
  return (
    <section class="govuk-!-margin-bottom-8" aria-label={`${kind} to ${email.to}`}>
      <span class="govuk-caption-m">{kind}</span>
      <h2 class="govuk-heading-m govuk-!-margin-bottom-2">{rendered?.subject ?? kind}</h2>
      <p class="govuk-body-s">To {email.to}, {formatDateTime(email.createdAt)} ({email.status})</p>
      {rendered ? <div class="govuk-inset-text app-email"><EmailBody body={rendered.body} /></div> : null}
      <details class="govuk-details">
        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Fields sent to GOV.UK Notify</span></summary>
        <div class="govuk-details__text">
          <SummaryList rows={Object.entries(personalisation).map(([key, value]) => ({ key, value: String(value) }))} />
        </div>
      </details>
    </section>
  );
}

function outboxPage(c: C, reader: Reader, to: string, rows: EmailRow[]) {
  const env = c.var.web.config.APP_ENV;
  return page(c, { title: 'Sent emails', wide: true }, (
    <>
      <h1 class="govuk-heading-l">Sent emails</h1>
      <p class="govuk-body">
        {reader.kind === 'everyone'
          ? `The latest ${SHOWN} emails of this ${env} environment, newest first.`
          : `The latest ${SHOWN} emails to ${reader.name}’s users and about its schools, newest first.`}{' '}
        This page does not exist in production.
      </p>
      {reader.kind === 'everyone' || reader.via === 'session' ? (
        <form method="get" action="/outbox" class="govuk-!-margin-bottom-6">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="to">Only emails to</label>
            <input class="govuk-input govuk-!-width-one-half" id="to" name="to" type="email" value={to} spellcheck={false} />{' '}
            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Show</button>
          </div>
        </form>
      ) : null}
      {rows.length === 0 ? <p class="govuk-body">No emails yet.</p> : null}
      {rows.map((email) => <EmailCard email={email} />)}
    </>
  ));
}

function tokenPage(c: C, error?: string, status: 200 | 400 | 401 = 200) {
  return page(c, { title: 'Sent emails', hasErrors: Boolean(error), status }, (
    <>
      <ErrorSummary errors={error ? [{ field: 'api_token', text: error }] : undefined} />
      <h1 class="govuk-heading-l">Sent emails</h1>
      <p class="govuk-body">
        In the sandbox, each lead provider sees only the emails sent to its own users and about its own schools: sign-in
        links and schools’ links are as good as a password.
      </p>
      <p class="govuk-body">
        If you are signed in, you see your organisation’s emails here. To sign in for the first time, ask for a sign-in link,
        then enter your organisation’s sandbox API token to read it.
      </p>
      <PostForm action="/outbox" csrf={c.var.csrfToken}>
        <TextInput id="api_token" name="api_token" type="password" label="Sandbox API token" error={error} autocomplete="off" spellcheck={false}
          hint="The token your organisation uses for the sandbox Lead Provider API. We do not store it." />
        <TextInput id="to" name="to" type="email" label="Only emails to (optional)" spellcheck={false} classes="govuk-!-width-one-half" />
        <Button>Show emails</Button>
      </PostForm>
    </>
  ));
}

const normaliseTo = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase().slice(0, 320) : '');

/** The provider a sandbox API token belongs to; null when wrong (or too many tries from here). */
async function providerOfToken(c: C, token: string): Promise<Reader | 'throttled' | null> {
  const { db, clock, config } = c.var.web;
  const now = clock();
  const key = `outbox-token:${await sha256(clientIp(c, config.CLIENT_IP_HEADER))}`;
  if (!(await withinRateLimit(db, key, OUTBOX_TOKEN_LIMIT.requests, OUTBOX_TOKEN_LIMIT.windowMs, now))) return 'throttled';
  if (!token || token.length > 200) return null;
  const found = await authenticateToken(db, token, now);
  return found ? { kind: 'provider', id: found.leadProvider.id, name: found.leadProvider.name, via: 'token' } : null;
}

const outboxThrottled = (c: C) =>
  tooManyRequestsPage(c, OUTBOX_TOKEN_LIMIT.windowMs / 1000, 'enter an API token', { href: '/outbox', text: 'Go back to sent emails' });

export function outboxRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/outbox', async (c) => {
    const to = normaliseTo(c.req.query('to'));
    if (c.var.web.config.APP_ENV !== 'sandbox') return outboxPage(c, { kind: 'everyone' }, to, await readEmails(c, { kind: 'everyone' }, to));
    const user = c.var.user;
    if (user) {
      const reader: Reader = { kind: 'provider', id: user.leadProvider.id, name: user.leadProvider.name, via: 'session' };
      return outboxPage(c, reader, to, await readEmails(c, reader, to));
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const reader = await providerOfToken(c, bearer);
      if (reader === 'throttled') return outboxThrottled(c);
      if (!reader) return tokenPage(c, 'That is not a sandbox API token. Check you copied all of it', 401);
      return outboxPage(c, reader, to, await readEmails(c, reader, to));
    }
    return tokenPage(c);
  });

  // Sandbox only: the token comes in a form (a POST, so it is not in the address or the logs).
  app.post('/outbox', async (c) => {
    if (c.var.web.config.APP_ENV !== 'sandbox') return c.redirect('/outbox', 303);
    const body = await c.req.parseBody();
    const token = typeof body['api_token'] === 'string' ? body['api_token'].trim() : '';
    if (!token) return tokenPage(c, 'Enter your sandbox API token', 400);
    const reader = await providerOfToken(c, token);
    if (reader === 'throttled') return outboxThrottled(c);
    if (!reader) return tokenPage(c, 'That is not a sandbox API token. Check you copied all of it', 401);
    const to = normaliseTo(body['to']);
    return outboxPage(c, reader, to, await readEmails(c, reader, to));
  });

  return app;
}
