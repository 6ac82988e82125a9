import { Hono, type Context } from 'hono';
import { supportRequests } from '../../../db/schema';
import { serviceInfo } from '../../service-info';
import type { WebEnv } from '../context';
import { requireUser } from '../guards';
import { Button, ErrorSummary, Panel, PostForm, Textarea } from '../ui/components';
import { page } from '../ui/render';
import { maySendSupportMessage, SUPPORT_MESSAGES_PER_USER } from '../auth/recipient-limits';

// A signed-in user writes to the support team: kept in the database and emailed to the support
// address (SUPPORT_EMAIL).

const MAX_MESSAGE = 5_000;

function supportPage(c: Context<WebEnv>, message = '', error?: string, status: 400 | 429 = 400) {
  return page(c, { title: 'Contact support', hasErrors: Boolean(error), status: error ? status : 200 }, (
    <>
      <ErrorSummary errors={error ? [{ field: 'message', text: error }] : undefined} />
      <PostForm action="/support" csrf={c.var.csrfToken}>
        <Textarea id="message" name="message" label="How can we help?" value={message} error={error}
          hint="Tell us what you were trying to do and what went wrong. Do not include personal details of teachers." />
        <Button>Send message</Button>
      </PostForm>
    </>
  ));
}

export function supportRoutes() {
  const app = new Hono<WebEnv>();
  app.use('/support', requireUser);
  app.use('/support/*', requireUser);

  app.get('/support', (c) => supportPage(c));

  app.post('/support', async (c) => {
    const { db, clock, mailer, config } = c.var.web;
    const user = c.var.user!;
    const body = await c.req.parseBody();
    const message = typeof body['message'] === 'string' ? body['message'].trim() : '';
    if (!message) return supportPage(c, '', 'Enter your message');
    if (message.length > MAX_MESSAGE) return supportPage(c, message, `Your message must be ${MAX_MESSAGE.toLocaleString('en-GB')} characters or fewer`);
    const now = clock();
    if (!(await maySendSupportMessage(db, user.id, now))) {
      c.header('Retry-After', String(SUPPORT_MESSAGES_PER_USER.windowMs / 1000));
      return supportPage(c, message,
        `You have sent ${SUPPORT_MESSAGES_PER_USER.messages} messages in the last hour. Wait an hour before you send another, or email ${config.SUPPORT_EMAIL}`, 429);
    }
    const id = crypto.randomUUID();
    await db.insert(supportRequests).values({ id, userId: user.id, leadProviderId: user.leadProvider.id, message, createdAt: now });
    await mailer.send({
      template: 'support_request', to: config.SUPPORT_EMAIL, subject: { type: 'support_request', id },
      personalisation: { lead_provider_name: user.leadProvider.name, user_name: user.fullName, user_email: user.email, message },
    }, now);
    return c.redirect('/support/sent', 303);
  });

  app.get('/support/sent', (c) => page(c, { title: 'Message sent' }, (
    <>
      <Panel title="Message sent" />
      <p class="govuk-body">We will reply to {c.var.user!.email}, usually within {serviceInfo.supportResponseWorkingDays} working days.</p>
      <p class="govuk-body"><a class="govuk-link" href="/dashboard">Go back to the overview</a></p>
    </>
  )));

  return app;
}
