import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { cohorts, deliveryPartners, leadProviders, leadProviderUsers, partnerships, replacedPartnershipReports, schools } from '../../../db/schema';
import { DomainError, NotFoundError } from '../../errors/api-error';
import { challengeMessages, challengePartnership } from '../../services/partnerships/challenge-partnership';
import { challengeReasons, type ChallengeReason } from '../../services/partnerships/messages';
import type { WebEnv } from '../context';
import { academicYear, formatDate, serviceLink } from '../format';
import { Button, ErrorSummary, Panel, PostForm, Radios } from '../ui/components';
import { notFoundPage, page as anyPage, type PageOptions } from '../ui/render';
import { challengeReasonLabels } from './reasons';

// A school says a partnership a provider confirmed is wrong, from the link in its email. No
// sign-in: the link's token (the partnership's report id, replaced whenever the partnership is
// reported again) is the school's proof. The change goes through the same service as every other
// challenge, then every user of the provider is emailed.

const BASE = '/report-incorrect-partnership';
type C = Context<WebEnv>;

/** Every page here is a school's: no provider navigation, even if a provider is signed in. */
const page = (c: C, options: PageOptions, body: Parameters<typeof anyPage>[2]) => anyPage(c, { ...options, audience: 'school' }, body);

/** A link the school was sent before the partnership was confirmed again (a newer email went). */
async function replacedLink(c: C, token: string) {
  if (!token || token.length > 100) return null;
  const [row] = await c.var.web.db
    .select({ schoolName: schools.name, replacedAt: replacedPartnershipReports.replacedAt })
    .from(replacedPartnershipReports)
    .innerJoin(partnerships, eq(partnerships.id, replacedPartnershipReports.partnershipId))
    .innerJoin(schools, eq(schools.id, partnerships.schoolId))
    .where(eq(replacedPartnershipReports.reportId, token))
    .limit(1);
  return row ?? null;
}

/** The answer to a token that is not (or no longer) a partnership's: replaced, or unknown. */
async function notCurrentLink(c: C, token: string) {
  const replaced = await replacedLink(c, token);
  if (!replaced) return notFoundPage(c, 'school');
  const support = c.var.web.config.SUPPORT_EMAIL;
  return page(c, { title: 'We have sent a newer link', status: 410 }, (
    <>
      <h1 class="govuk-heading-l">We have sent {replaced.schoolName} a newer link</h1>
      <p class="govuk-body">
        The training provider confirmed your school again on {formatDate(replaced.replacedAt)}, so we emailed your school a new
        link and this one no longer works.
      </p>
      <p class="govuk-body">Use the link in the most recent email from us. It may have gone to your school’s induction tutor or its main contact.</p>
      <p class="govuk-body">
        If you cannot find it, email <a class="govuk-link" href={`mailto:${support}`}>{support}</a> and tell us your school’s name and URN.
      </p>
    </>
  ));
}

async function partnershipByToken(c: C, token: string | undefined) {
  if (!token || token.length > 100) return null;
  const [row] = await c.var.web.db
    .select({
      id: partnerships.id, challengeReason: partnerships.challengeReason, challengedAt: partnerships.challengedAt,
      challengeDeadline: partnerships.challengeDeadline, schoolName: schools.name, urn: schools.urn, cohort: cohorts.startYear,
      leadProviderId: leadProviders.id, leadProviderName: leadProviders.name, deliveryPartnerName: deliveryPartners.name,
    })
    .from(partnerships)
    .innerJoin(schools, eq(schools.id, partnerships.schoolId))
    .innerJoin(cohorts, eq(cohorts.id, partnerships.cohortId))
    .innerJoin(leadProviders, eq(leadProviders.id, partnerships.leadProviderId))
    .leftJoin(deliveryPartners, eq(deliveryPartners.id, partnerships.deliveryPartnerId))
    .where(and(eq(partnerships.reportId, token), eq(partnerships.relationship, false)))
    .limit(1);
  return row ?? null;
}

type Found = NonNullable<Awaited<ReturnType<typeof partnershipByToken>>>;

const withToken = (path: string, token: string) => `${path}?token=${encodeURIComponent(token)}`;

function formPage(c: C, token: string, p: Found, error?: string, selected?: string) {
  return page(c, { title: 'Tell us this confirmation is wrong', hasErrors: Boolean(error), status: error ? 400 : 200 }, (
    <>
      <ErrorSummary errors={error ? [{ field: 'reason', text: error }] : undefined} />
      <span class="govuk-caption-l">{p.schoolName}</span>
      <p class="govuk-body">
        {p.leadProviderName}{p.deliveryPartnerName ? `, with the delivery partner ${p.deliveryPartnerName},` : ''} told DfE
        that {p.schoolName} has agreed to work with them for the {academicYear(p.cohort)} academic year.
      </p>
      <PostForm action={BASE} csrf={c.var.csrfToken}>
        <input type="hidden" name="token" value={token} />
        <Radios id="reason" name="reason" legend="Why is this confirmation wrong?" selected={selected} error={error}
          hint={p.challengeDeadline ? `You can tell us until ${formatDate(p.challengeDeadline)}.` : undefined}
          items={challengeReasons.map((r) => ({ value: r, label: challengeReasonLabels[r] }))} />
        <Button>Send</Button>
      </PostForm>
    </>
  ));
}

export function challengeRoutes() {
  const app = new Hono<WebEnv>();

  app.get(BASE, async (c) => {
    const token = c.req.query('token') ?? '';
    const p = await partnershipByToken(c, token);
    if (!p) return notCurrentLink(c, token);
    if (p.challengeReason || p.challengedAt) return c.redirect(withToken(`${BASE}/already-challenged`, token));
    if (p.challengeDeadline && p.challengeDeadline < c.var.web.clock()) return c.redirect(`${BASE}/link-expired`);
    return formPage(c, token, p);
  });

  app.post(BASE, async (c) => {
    const { db, clock, mailer, config } = c.var.web;
    const body = await c.req.parseBody();
    const token = typeof body['token'] === 'string' ? body['token'] : '';
    const reason = typeof body['reason'] === 'string' ? body['reason'] : '';
    const p = await partnershipByToken(c, token);
    if (!p) return notCurrentLink(c, token);
    if (!(challengeReasons as readonly string[]).includes(reason)) return formPage(c, token, p, 'Select why this confirmation is wrong');
    const now = clock();
    try {
      await challengePartnership({ db, now }, p.id, reason);
    } catch (err) {
      if (err instanceof NotFoundError) return notFoundPage(c, 'school');
      if (err instanceof DomainError) {
        const detail = err.errors[0]?.detail;
        if (detail === challengeMessages.tooLate) return c.redirect(`${BASE}/link-expired`, 303);
        return c.redirect(withToken(`${BASE}/already-challenged`, token), 303);
      }
      throw err;
    }
    // Everyone at the provider hears about it.
    const users = await db.select({ email: leadProviderUsers.email, fullName: leadProviderUsers.fullName })
      .from(leadProviderUsers).where(eq(leadProviderUsers.leadProviderId, p.leadProviderId));
    await mailer.send(users.map((u) => ({
      template: 'partnership_challenged' as const,
      to: u.email,
      subject: { type: 'partnership', id: p.id },
      personalisation: {
        full_name: u.fullName,
        school_name: p.schoolName,
        school_urn: p.urn,
        delivery_partner_name: p.deliveryPartnerName ?? '',
        lead_provider_name: p.leadProviderName,
        cohort: academicYear(p.cohort),
        reason: challengeReasonLabels[reason as ChallengeReason],
        school_url: serviceLink(config, `/lead-providers/partnerships/${p.id}`),
      },
    })), now);
    return c.redirect(`${BASE}/success`, 303);
  });

  app.get(`${BASE}/success`, (c) => page(c, { title: 'We have received your report' }, (
    <>
      <Panel title="We have received your report" />
      <h2 class="govuk-heading-m">What happens next</h2>
      <ul class="govuk-list govuk-list--bullet">
        <li>we will tell the training provider</li>
        <li>they may contact you to talk it through</li>
        <li>if they do not, DfE will sort it out with you</li>
      </ul>
    </>
  )));

  app.get(`${BASE}/already-challenged`, async (c) => {
    const p = await partnershipByToken(c, c.req.query('token'));
    const support = c.var.web.config.SUPPORT_EMAIL;
    return page(c, { title: 'This has already been reported' }, (
      <>
        <h1 class="govuk-heading-l">{p ? `Someone at ${p.schoolName} has already reported this` : 'This has already been reported'}</h1>
        <p class="govuk-body">
          We have passed the report on to the training provider. If you need to tell us more, email{' '}
          <a class="govuk-link" href={`mailto:${support}`}>{support}</a>.
        </p>
      </>
    ));
  });

  app.get(`${BASE}/link-expired`, (c) => {
    const support = c.var.web.config.SUPPORT_EMAIL;
    return page(c, { title: 'This link has expired' }, (
      <>
        <h1 class="govuk-heading-l">This link has expired</h1>
        <p class="govuk-body">The time to tell us this confirmation was wrong has passed.</p>
        <p class="govuk-body">If your school has not agreed to work with this provider, email <a class="govuk-link" href={`mailto:${support}`}>{support}</a>.</p>
      </>
    ));
  });

  return app;
}
