import { Hono } from 'hono';
import { challengeReasons } from '../../services/partnerships/messages';
import { challengeReasonLabels } from '../challenge/reasons';
import type { WebEnv } from '../context';
import { rowProblemHelp, rowProblemText } from '../report-schools/messages';
import type { SchoolProblem } from '../../services/partnerships/partnership-rules';
import { Button, StartButton, Table } from '../ui/components';
import { page } from '../ui/render';

// Public pages: the service's front page for lead providers and the guide to using it.

const problems = Object.keys(rowProblemText) as SchoolProblem[];

export function guideRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/lead-providers', (c) => page(c, { title: 'Lead providers' }, (
    <>
      <h1 class="govuk-heading-xl">Confirm and check the schools you train</h1>
      <p class="govuk-body-l">
        For lead providers of early career teacher training in England: confirm the schools you have agreed to work with,
        and see which early career teachers, mentors and induction tutors they have added.
      </p>
      <StartButton href="/dashboard">Sign in</StartButton>
      <h2 class="govuk-heading-m">Before you start</h2>
      <p class="govuk-body">
        You need an account, which DfE sets up for your organisation. If you use the Lead Provider API, you can confirm schools
        through the API instead.
      </p>
      <p class="govuk-body"><a class="govuk-link" href="/lead-providers/partnership-guide">Read the guide for lead providers</a></p>
      <h2 class="govuk-heading-m">Get help</h2>
      <p class="govuk-body">
        Email <a class="govuk-link" href={`mailto:${c.var.web.config.SUPPORT_EMAIL}`}>{c.var.web.config.SUPPORT_EMAIL}</a>.
      </p>
    </>
  )));

  app.get('/lead-providers/partnership-guide', (c) => {
    const { SUPPORT_EMAIL, FEEDBACK_URL } = c.var.web.config;
    return page(c, { title: 'Guide for lead providers' }, (
      <>
        <h1 class="govuk-heading-xl">Guide for lead providers: managing your schools</h1>
        <p class="govuk-body-l">How to confirm the schools you will work with, what to do when a row of your CSV cannot be confirmed, and how schools tell us a confirmation is wrong.</p>

        <h2 class="govuk-heading-l" id="sign-in">Signing in</h2>
        <p class="govuk-body">
          DfE creates accounts for the people your organisation names. There are no passwords: enter your email address on the{' '}
          <a class="govuk-link" href="/users/sign_in">sign-in page</a> and we email you a link. Each link works once, for 60 minutes.
        </p>

        <h2 class="govuk-heading-l" id="confirm-schools">Confirming schools with a CSV file</h2>
        <p class="govuk-body">
          From the overview, choose the academic year, then the delivery partner working with the schools. Upload one CSV file for each
          delivery partner. If your systems use the Lead Provider API (version 3), you can confirm schools with{' '}
          <code>POST /api/v3/partnerships/ecf</code> instead: the same rules apply.
        </p>
        <p class="govuk-body">Your CSV file must have:</p>
        <ul class="govuk-list govuk-list--bullet">
          <li>the schools’ URNs in the first column, and nothing else</li>
          <li>one school on each row, with no empty rows between them</li>
          <li>only schools working with the delivery partner you chose</li>
          <li>a size of 2 MB or less</li>
        </ul>
        <p class="govuk-body">Save a spreadsheet as “CSV UTF-8 (comma delimited)”. A heading “URN” in the first row is fine.</p>
        <p class="govuk-body">
          We only read column A. If other columns have data in them, we ignore it and tell you. A URN that is on more than one row is
          listed once. Row numbers in the results are the rows of your spreadsheet.
        </p>

        <h2 class="govuk-heading-l" id="csv-errors">When a row cannot be confirmed</h2>
        <p class="govuk-body">
          After the upload we list the rows we cannot confirm. You can continue with the others and upload the rest later. If more than
          1,000 rows have errors, you can download them all as a CSV file.
        </p>
        <Table caption="Errors and what to do" columns={[{ header: 'Error' }, { header: 'What to do' }]}
          rows={problems.map((p) => [rowProblemText[p], rowProblemHelp[p]])} />

        <h2 class="govuk-heading-l" id="challenges">When a school says a confirmation is wrong</h2>
        <p class="govuk-body">
          When you confirm a school, we email it (its induction tutor, or the school’s contact address). The email has a link the school
          can use to tell us it has not agreed to work with you. It works for at least 14 days, and until the end of October for the
          academic year starting in September. A week later we send a reminder.
        </p>
        <p class="govuk-body">The school chooses one of these reasons:</p>
        <ul class="govuk-list govuk-list--bullet">
          {challengeReasons.map((r) => <li>{challengeReasonLabels[r]}</li>)}
        </ul>
        <p class="govuk-body">
          We email everyone at your organisation who has an account. In “Your schools” the school is tagged “Reported error”, and its
          page shows the reason. You are not paid for a school while its confirmation is reported as wrong. Contact the school: if it
          does want to work with you, confirm it again.
        </p>

        <h2 class="govuk-heading-l" id="your-schools">Checking your schools</h2>
        <p class="govuk-body">
          “Your schools” lists the schools you have confirmed for each cohort, with the numbers of early career teachers (ECTs) and
          mentors each school has added, and the induction tutor’s email address. The numbers stay at 0 until the school adds people.
          You can download the list as a CSV file.
        </p>

        <h2 class="govuk-heading-l" id="help">Help and feedback</h2>
        <p class="govuk-body">
          Email <a class="govuk-link" href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</a>, or use the support form after you sign in.
          Tell us how to improve this service with our{' '}
          <a class="govuk-link" href={FEEDBACK_URL} target="_blank" rel="noopener noreferrer">feedback form (opens in new tab)</a>.
        </p>
        <Button href="/dashboard">Sign in</Button>
      </>
    ));
  });

  return app;
}
