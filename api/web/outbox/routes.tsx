import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { emails } from '../../../db/schema';
import type { EmailTemplate } from '../../email/outbox';
import type { WebEnv } from '../context';
import { formatDateTime } from '../format';
import { SummaryList } from '../ui/components';
import { page } from '../ui/render';

// Outside production, the emails the service "sent" are listed here with their links, so the
// whole journey (sign-in links, schools' challenge links) works without a mail server.

const templateNames: Record<EmailTemplate, string> = {
  partnership_confirmed: 'Partnership confirmed (to the school)',
  partnership_delivery_partner_changed: 'Delivery partner changed (to the school)',
  participant_withdrawn: 'Participant withdrawn',
  sign_in_link: 'Sign-in link',
  sign_in_unknown_email: 'Sign-in attempt with an unknown address',
  welcome: 'Welcome to the service',
  partnership_reminder: 'Reminder: partnership confirmed (to the school)',
  partnership_challenged: 'A school reported a partnership is wrong (to the provider)',
  support_request: 'Support request (to the support team)',
};

const isLink = (value: string) => /^https?:\/\//.test(value);

export function outboxRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/outbox', async (c) => {
    const to = (c.req.query('to') ?? '').trim().toLowerCase();
    const query = c.var.web.db.select().from(emails);
    const rows = await (to ? query.where(eq(emails.to, to)) : query).orderBy(desc(emails.createdAt), desc(emails.id)).limit(100);
    return page(c, { title: 'Sent emails', wide: true }, (
      <>
        <h1 class="govuk-heading-l">Sent emails</h1>
        <p class="govuk-body">
          The latest 100 emails of this {c.var.web.config.APP_ENV} environment, newest first. This page does not exist in production.
        </p>
        <form method="get" action="/outbox" class="govuk-!-margin-bottom-6">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="to">Only emails to</label>
            <input class="govuk-input govuk-!-width-one-half" id="to" name="to" type="email" value={to} spellcheck={false} />{' '}
            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Show</button>
          </div>
        </form>
        {rows.length === 0 ? <p class="govuk-body">No emails yet.</p> : null}
        {rows.map((email) => {
          const personalisation = JSON.parse(email.personalisation) as Record<string, string>;
          return (
            <section class="govuk-!-margin-bottom-8" aria-label={`${templateNames[email.template as EmailTemplate] ?? email.template} to ${email.to}`}>
              <h2 class="govuk-heading-m govuk-!-margin-bottom-2">{templateNames[email.template as EmailTemplate] ?? email.template}</h2>
              <p class="govuk-body-s">To {email.to}, {formatDateTime(email.createdAt)} ({email.status})</p>
              <SummaryList rows={Object.entries(personalisation).map(([key, value]) => ({
                key: key.replace(/_/g, ' '),
                value: isLink(value) ? <a class="govuk-link" href={value}>{value}</a> : value,
              }))} />
            </section>
          );
        })}
      </>
    ));
  });

  return app;
}
