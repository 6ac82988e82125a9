import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { NotFoundError } from '../../errors/api-error';
import { getPartnership } from '../../services/partnerships/get-partnership';
import { findCohort, currentCohort, providerCohorts } from '../cohorts';
import type { WebEnv } from '../context';
import { academicYear, formatDate } from '../format';
import { requireUser } from '../guards';
import { csvFile } from '../csv-output';
import { challengeReasonLabels } from '../challenge/reasons';
import { Breadcrumbs, Button, NotificationBanner, Pagination, SummaryList, Table, Tag, plural } from '../ui/components';
import { notFoundPage, page } from '../ui/render';
import { localAuthorityName } from '../../../db/reference-data/local-authorities';
import { schools } from '../../../db/schema';
import { activePartnershipsForDownload, listSchools, partnershipTotals, participantCounts, recentlyChallenged, totalsByCohort } from './queries';

const PER_PAGE = 10;
/** Challenged schools listed per cohort on the overview (the rest are in "Your schools"). */
const CHALLENGED_SHOWN = 10;

const reasonLabel = (reason: string | null) => challengeReasonLabels[reason as keyof typeof challengeReasonLabels] ?? 'No reason given';

export function schoolRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/dashboard', requireUser, async (c) => {
    const { db, clock } = c.var.web;
    const user = c.var.user!;
    const cohorts = await providerCohorts(db, user.leadProvider.id, clock());
    const totals = await totalsByCohort(db, user.leadProvider.id);
    const challenged = await recentlyChallenged(db, user.leadProvider.id, CHALLENGED_SHOWN);
    const current = currentCohort(cohorts, clock());
    return page(c, { title: 'Overview', nav: 'overview' }, (
      <>
        <span class="govuk-caption-l">Signed in as {user.fullName}</span>
        <h1 class="govuk-heading-l">{user.leadProvider.name}</h1>
        {cohorts.length === 0 ? (
          <p class="govuk-body">
            DfE has not recorded any cohorts for your organisation yet. Contact us if you think this is wrong.
          </p>
        ) : null}
        {cohorts.map((cohort) => {
          const total = totals.get(cohort.id) ?? { confirmed: 0, challenged: 0 };
          const reported = challenged.filter((p) => p.cohortId === cohort.id);
          return (
          <section class="govuk-!-margin-bottom-7" aria-labelledby={`cohort-${cohort.startYear}`}>
            <h2 class="govuk-heading-m" id={`cohort-${cohort.startYear}`}>{academicYear(cohort.startYear)} academic year</h2>
            <p class="govuk-body">
              {plural(total.confirmed, 'school confirmed', 'schools confirmed')}.
              {total.challenged > 0 ? ` ${plural(total.challenged, 'school has', 'schools have')} told us your confirmation is wrong.` : ''}
            </p>
            {reported.length > 0 ? (
              <Table
                caption={total.challenged > reported.length
                  ? `Schools that reported an error (the latest ${reported.length} of ${total.challenged})`
                  : 'Schools that reported an error'}
                columns={[{ header: 'School' }, { header: 'URN' }, { header: 'Reason they gave' }, { header: 'Reported on' }]}
                rows={reported.map((r) => [
                  <a class="govuk-link" href={`/lead-providers/partnerships/${r.id}`}>{r.schoolName}</a>,
                  r.urn, reasonLabel(r.reason), r.challengedAt ? formatDate(r.challengedAt) : 'Not recorded',
                ])} />
            ) : null}
            <ul class="govuk-list">
              <li><a class="govuk-link" href={`/lead-providers/report-schools/start?cohort=${cohort.startYear}`}>Confirm schools for {academicYear(cohort.startYear)}</a></li>
              <li><a class="govuk-link" href={`/lead-providers/your-schools?cohort=${cohort.startYear}`}>See your schools for {academicYear(cohort.startYear)}</a></li>
            </ul>
          </section>
          );
        })}
        {current ? (
          <>
            <h2 class="govuk-heading-m">Check your schools</h2>
            <p class="govuk-body">
              See which schools have added their early career teachers and mentors this year, and who their induction tutors are:{' '}
              <a class="govuk-link" href={`/lead-providers/your-schools?cohort=${current.startYear}`}>your schools for {academicYear(current.startYear)}</a>.
            </p>
          </>
        ) : null}
      </>
    ));
  });

  app.get('/lead-providers/your-schools', requireUser, async (c) => {
    const { db, clock } = c.var.web;
    const user = c.var.user!;
    const cohorts = await providerCohorts(db, user.leadProvider.id, clock());
    const cohort = findCohort(cohorts, c.req.query('cohort')) ?? currentCohort(cohorts, clock());
    if (!cohort) {
      return page(c, { title: 'Your schools', nav: 'schools' }, (
        <>
          <h1 class="govuk-heading-l">Your schools</h1>
          <p class="govuk-body">You have no cohorts yet, so there are no schools to show.</p>
        </>
      ));
    }
    const query = (c.req.query('query') ?? '').trim().slice(0, 100);
    const requested = Number.parseInt(c.req.query('page') ?? '1', 10);
    const totals = await partnershipTotals(db, user.leadProvider.id, cohort.id);
    const total = totals.confirmed + totals.challenged;
    const { total: matches, rows, page: pageNumber, pages } = await listSchools(db, user.leadProvider.id, cohort.id, query, requested, PER_PAGE);
    const href = (p: number) => `/lead-providers/your-schools?${new URLSearchParams({ cohort: String(cohort.startYear), ...(query ? { query } : {}), page: String(p) })}`;
    const title = pageNumber > 1 ? `Your schools (page ${pageNumber} of ${pages})` : 'Your schools';
    return page(c, { title, nav: 'schools', wide: true }, (
      <>
        <h1 class="govuk-heading-l">Your schools</h1>
        {cohorts.length > 1 ? (
          <nav class="govuk-!-margin-bottom-6" aria-label="Cohorts">
            <ul class="govuk-list">
              {cohorts.map((co) => (
                <li>
                  {co.startYear === cohort.startYear
                    ? <strong aria-current="page">{co.startYear} cohort</strong>
                    : <a class="govuk-link" href={`/lead-providers/your-schools?cohort=${co.startYear}`}>{co.startYear} cohort</a>}
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="govuk-button-group">
          <Button href={`/lead-providers/report-schools/start?cohort=${cohort.startYear}`}>Confirm more schools</Button>
          {totals.confirmed > 0 ? <Button secondary href={`/lead-providers/partnerships/active.csv?cohort=${cohort.startYear}`}>Download confirmed schools for {cohort.startYear} (CSV)</Button> : null}
        </div>
        <p class="govuk-body">
          <span class="govuk-!-font-size-48 govuk-!-font-weight-bold">{totals.confirmed.toLocaleString('en-GB')}</span>{' '}
          {totals.confirmed === 1 ? 'school confirmed' : 'schools confirmed'} for the {academicYear(cohort.startYear)} academic year
        </p>
        {totals.challenged > 0 ? (
          <p class="govuk-body">
            {plural(totals.challenged, 'other school has', 'other schools have')} told us your confirmation is wrong. The list shows{' '}
            {totals.challenged === 1 ? 'it' : 'them'} with the tag “Reported error”; the download leaves {totals.challenged === 1 ? 'it' : 'them'} out.
          </p>
        ) : null}
        {total > 0 ? (
          <form method="get" action="/lead-providers/your-schools" role="search" class="govuk-!-margin-bottom-6">
            <input type="hidden" name="cohort" value={String(cohort.startYear)} />
            <div class="govuk-form-group">
              <label class="govuk-label govuk-label--s" for="query">Search schools in the {cohort.startYear} cohort</label>
              <div id="query-hint" class="govuk-hint">School name, URN or delivery partner</div>
              <input class="govuk-input govuk-!-width-one-half" id="query" name="query" type="search" value={query} aria-describedby="query-hint" />{' '}
              <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Search</button>
            </div>
          </form>
        ) : null}
        {total > 0 && matches === 0 ? (
          <>
            <h2 class="govuk-heading-m">No schools match “{query}”</h2>
            <p class="govuk-body">Try:</p>
            <ul class="govuk-list govuk-list--bullet">
              <li>checking the spelling</li>
              <li>fewer or shorter words</li>
              <li>the school’s URN</li>
            </ul>
            <p class="govuk-body"><a class="govuk-link" href={`/lead-providers/your-schools?cohort=${cohort.startYear}`}>Show all schools</a></p>
          </>
        ) : null}
        {rows.length > 0 ? (
          <>
            <Table
              caption={query ? `${plural(matches, 'school matches', 'schools match')} “${query}”` : `Schools in the ${cohort.startYear} cohort (${total.toLocaleString('en-GB')})`}
              columns={[{ header: 'School' }, { header: 'URN' }, { header: 'Delivery partner' }, { header: 'ECTs', numeric: true }, { header: 'Mentors', numeric: true }]}
              rows={rows.map((r) => [
                <>
                  <a class="govuk-link" href={`/lead-providers/partnerships/${r.id}`}>{r.schoolName}</a>
                  {r.challenged ? <> <Tag colour="red">Reported error</Tag></> : null}
                </>,
                r.urn, r.deliveryPartnerName ?? 'None', r.ects, r.mentors,
              ])} />
            <Pagination page={pageNumber} pages={pages} href={href} />
          </>
        ) : null}
      </>
    ));
  });

  app.get('/lead-providers/partnerships/active.csv', requireUser, async (c) => {
    const { db, clock } = c.var.web;
    const user = c.var.user!;
    const cohorts = await providerCohorts(db, user.leadProvider.id, clock());
    const cohort = findCohort(cohorts, c.req.query('cohort')) ?? currentCohort(cohorts, clock());
    if (!cohort) return notFoundPage(c);
    const rows = await activePartnershipsForDownload(db, user.leadProvider.id, cohort.id);
    return csvFile(c, `schools-${cohort.startYear}.csv`, ['urn', 'name', 'delivery_partner'], rows.map((r) => [r.urn, r.name, r.deliveryPartner]));
  });

  app.get('/lead-providers/partnerships/:id', requireUser, async (c) => {
    const { db } = c.var.web;
    const user = c.var.user!;
    let partnership;
    try {
      partnership = await getPartnership({ db, leadProvider: user.leadProvider }, c.req.param('id'));
    } catch (err) {
      if (err instanceof NotFoundError) return notFoundPage(c);
      throw err;
    }
    // GIAS gives us the school's administrative district code; people read its local authority's name.
    const [details] = await db.select({ district: schools.administrativeDistrictCode }).from(schools).where(eq(schools.id, partnership.schoolId)).limit(1);
    const localAuthority = localAuthorityName(details?.district);
    const counts = (await participantCounts(db, [partnership.id])).get(partnership.id) ?? { ects: 0, mentors: 0 };
    const challenged = partnership.challengeReason !== null || partnership.challengedAt !== null;
    return page(c, {
      title: partnership.schoolName,
      nav: 'schools',
      before: <Breadcrumbs items={[{ text: 'Your schools', href: `/lead-providers/your-schools?cohort=${partnership.cohort}` }, { text: partnership.schoolName }]} />,
    }, (
      <>
        {challenged ? (
          <NotificationBanner heading="This school says it has not agreed to work with you">
            <p class="govuk-body">
              The reason it gave{partnership.challengedAt ? ` on ${formatDate(partnership.challengedAt)}` : ''}: “{reasonLabel(partnership.challengeReason)}”.
            </p>
            <p class="govuk-body">
              If you think this is wrong, contact the school. Once you have sorted it out, you can confirm the school again.
            </p>
          </NotificationBanner>
        ) : null}
        <span class="govuk-caption-l">{academicYear(partnership.cohort)} academic year</span>
        <h1 class="govuk-heading-l">{partnership.schoolName}</h1>
        <h2 class="govuk-heading-m">Participants in the {partnership.cohort} cohort</h2>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <p class="govuk-body"><span class="govuk-!-font-size-48 govuk-!-font-weight-bold">{counts.ects}</span><br />{counts.ects === 1 ? 'ECT added' : 'ECTs added'}</p>
          </div>
          <div class="govuk-grid-column-one-half">
            <p class="govuk-body"><span class="govuk-!-font-size-48 govuk-!-font-weight-bold">{counts.mentors}</span><br />{counts.mentors === 1 ? 'mentor added' : 'mentors added'}</p>
          </div>
        </div>
        <h2 class="govuk-heading-m">School details</h2>
        <SummaryList rows={[
          { key: 'URN', value: partnership.urn },
          { key: 'Delivery partner', value: partnership.deliveryPartnerName ?? 'None' },
          { key: 'Local authority', value: localAuthority ?? 'Not recorded' },
          {
            key: 'Induction tutor',
            value: partnership.inductionTutorName && partnership.inductionTutorEmail
              ? (
                <>
                  {partnership.inductionTutorName}<br />
                  <a class="govuk-link" href={`mailto:${partnership.inductionTutorEmail}`}>{partnership.inductionTutorEmail}</a>
                </>
              )
              : 'The school has not named an induction tutor yet',
          },
        ]} />
      </>
    ));
  });

  return app;
}
