import { and, asc, eq, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deliveryPartners, partnershipUploadRows, providerRelationships, schools } from '../../../db/schema';
import { DomainError } from '../../errors/api-error';
import { confirmPartnerships } from '../../services/partnerships/confirm-partnership';
import { findCohort, providerCohorts } from '../cohorts';
import type { WebEnv } from '../context';
import { academicYear } from '../format';
import { requireUser } from '../guards';
import { BackLink, Button, ErrorSummary, FileUpload, NotificationBanner, Pagination, Panel, PostForm, Radios, Table, WarningText, plural } from '../ui/components';
import { notFoundPage, page } from '../ui/render';
import { localAuthorityName } from '../../../db/reference-data/local-authorities';
import { csvFile } from '../csv-output';
import { MAX_CSV_BYTES, readUrnCsv, type CsvProblem, type UploadNotes } from './csv-input';
import { csvProblemText, rowProblemText } from './messages';
import {
  checkRows, chooseDeliveryPartner, errorRows, loadWizard, markProblems, moveStatus, removeSchool, rowCounts, startWizard, storeUpload, validRows,
  validSchoolIds, type Wizard,
} from './wizard';

// "Confirm your schools": choose the cohort, then the delivery partner, upload a CSV of URNs,
// see which rows cannot be confirmed, review the list (removing schools), confirm.

const BASE = '/lead-providers/report-schools';
export const UPLOAD_PATH = `${BASE}/csv`;
const REVIEW_PAGE_SIZE = 50;
const ERROR_ROWS_SHOWN = 1_000;

type C = Context<WebEnv>;

async function wizardOf(c: C): Promise<Wizard | null> {
  if (!c.var.sessionIdHash || !c.var.user) return null;
  return loadWizard(c.var.web.db, c.var.sessionIdHash, c.var.user);
}

/** The delivery partners DfE has recorded as working with the provider in the cohort. */
async function deliveryPartnerOptions(c: C, cohortId: string) {
  return c.var.web.db
    .selectDistinct({ id: deliveryPartners.id, name: deliveryPartners.name })
    .from(providerRelationships)
    .innerJoin(deliveryPartners, eq(deliveryPartners.id, providerRelationships.deliveryPartnerId))
    .where(and(
      eq(providerRelationships.leadProviderId, c.var.user!.leadProvider.id),
      eq(providerRelationships.cohortId, cohortId),
      isNull(providerRelationships.discardedAt),
      isNull(deliveryPartners.discardedAt),
    ))
    .orderBy(asc(deliveryPartners.name), asc(deliveryPartners.id));
}

export function reportSchoolsRoutes() {
  const app = new Hono<WebEnv>();
  app.use(`${BASE}/*`, requireUser);
  app.use(BASE, requireUser);

  app.get(`${BASE}/start`, async (c) => {
    const { db, clock } = c.var.web;
    const cohort = findCohort(await providerCohorts(db, c.var.user!.leadProvider.id, clock()), c.req.query('cohort'));
    if (!cohort) return notFoundPage(c);
    return page(c, { title: `Confirm schools for ${academicYear(cohort.startYear)}`, nav: 'overview', before: <BackLink href="/dashboard" /> }, (
      <>
        <span class="govuk-caption-l">{academicYear(cohort.startYear)} academic year</span>
        <h1 class="govuk-heading-l">Confirm the schools you will work with</h1>
        <p class="govuk-body">Confirm schools that have agreed to train their early career teachers with you and a delivery partner. You will:</p>
        <ol class="govuk-list govuk-list--number">
          <li>choose the delivery partner</li>
          <li>upload a CSV file of the schools’ URNs</li>
          <li>check the list and remove any school you should not confirm</li>
          <li>confirm the schools</li>
        </ol>
        <p class="govuk-body">We will email each school to tell them. A school can tell us if it has not agreed to work with you.</p>
        <PostForm action={`${BASE}/start`} csrf={c.var.csrfToken}>
          <input type="hidden" name="cohort" value={String(cohort.startYear)} />
          <Button>Continue</Button>
        </PostForm>
      </>
    ));
  });

  app.post(`${BASE}/start`, async (c) => {
    const { db, clock } = c.var.web;
    const body = await c.req.parseBody();
    const cohort = findCohort(await providerCohorts(db, c.var.user!.leadProvider.id, clock()), typeof body['cohort'] === 'string' ? body['cohort'] : undefined);
    if (!cohort) return notFoundPage(c);
    await startWizard(db, c.var.sessionIdHash!, c.var.user!, cohort.id, clock());
    return c.redirect(`${BASE}/delivery-partner`, 303);
  });

  const deliveryPartnerPage = async (c: C, wizard: Wizard, error?: string) => {
    const options = await deliveryPartnerOptions(c, wizard.cohort.id);
    return page(c, {
      title: 'Choose the delivery partner', hasErrors: Boolean(error), status: error ? 400 : 200, nav: 'overview',
      before: <BackLink href={`${BASE}/start?cohort=${wizard.cohort.startYear}`} />,
    }, options.length === 0 ? (
      <>
        <h1 class="govuk-heading-l">You have no delivery partners for {academicYear(wizard.cohort.startYear)}</h1>
        <p class="govuk-body">
          DfE has not recorded any delivery partner as working with you in this cohort, so you cannot confirm schools yet.
          Email <a class="govuk-link" href={`mailto:${c.var.web.config.SUPPORT_EMAIL}`}>{c.var.web.config.SUPPORT_EMAIL}</a> to sort this out.
        </p>
      </>
    ) : (
      <>
        <ErrorSummary errors={error ? [{ field: 'delivery_partner_id', text: error }] : undefined} />
        <PostForm action={`${BASE}/delivery-partner`} csrf={c.var.csrfToken}>
          <Radios id="delivery_partner_id" name="delivery_partner_id" legend="Which delivery partner will work with these schools?"
            hint="Upload one CSV for each delivery partner. Only delivery partners working with you in this cohort are listed."
            items={options.map((o) => ({ value: o.id, label: o.name }))} selected={wizard.deliveryPartner?.id} error={error} />
          <Button>Continue</Button>
        </PostForm>
      </>
    ));
  };

  app.get(`${BASE}/delivery-partner`, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard) return c.redirect('/dashboard');
    return deliveryPartnerPage(c, wizard);
  });

  app.post(`${BASE}/delivery-partner`, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard) return c.redirect('/dashboard', 303);
    const body = await c.req.parseBody();
    const chosen = typeof body['delivery_partner_id'] === 'string' ? body['delivery_partner_id'] : '';
    const options = await deliveryPartnerOptions(c, wizard.cohort.id);
    if (!options.some((o) => o.id === chosen)) return deliveryPartnerPage(c, wizard, 'Select the delivery partner who will work with these schools');
    await chooseDeliveryPartner(c.var.web.db, wizard, chosen, c.var.web.clock());
    return c.redirect(UPLOAD_PATH, 303);
  });

  app.get(UPLOAD_PATH, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard) return c.redirect('/dashboard');
    if (!wizard.deliveryPartner) return c.redirect(`${BASE}/delivery-partner`);
    return uploadPage(c, wizard);
  });

  app.post(UPLOAD_PATH, async (c) => {
    const { db, clock } = c.var.web;
    const wizard = await wizardOf(c);
    if (!wizard) return c.redirect('/dashboard', 303);
    if (!wizard.deliveryPartner) return c.redirect(`${BASE}/delivery-partner`, 303);
    const body = await c.req.parseBody();
    const file = body['csv_file'];
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) return uploadPage(c, wizard, 'missing');
    if (file.size > MAX_CSV_BYTES) return uploadPage(c, wizard, 'too_large');
    const read = readUrnCsv(new Uint8Array(await file.arrayBuffer()), file.name);
    if (!read.ok) return uploadPage(c, wizard, read.problem);
    const rows = await checkRows(db, read.entries, wizard.cohort, c.var.user!.leadProvider.id);
    await storeUpload(db, wizard, file.name, rows, read.notes, clock());
    return c.redirect(rows.some((r) => r.problem) ? `${UPLOAD_PATH}/errors` : `${BASE}/confirm`, 303);
  });

  app.get(`${UPLOAD_PATH}/errors`, async (c) => {
    const { db } = c.var.web;
    const wizard = await wizardOf(c);
    if (!wizard || wizard.status === 'choosing') return c.redirect(wizard ? UPLOAD_PATH : '/dashboard');
    const counts = await rowCounts(db, wizard.id);
    const rows = await errorRows(db, wizard.id, ERROR_ROWS_SHOWN);
    const changed = c.req.query('changed') === '1';
    return page(c, { title: 'Check your CSV results', nav: 'overview', wide: true, before: <BackLink href={UPLOAD_PATH} /> }, (
      <>
        {changed ? (
          <NotificationBanner heading="Some schools changed since you uploaded your CSV">
            <p class="govuk-body">Nothing was confirmed. The rows below can no longer be confirmed. You can continue with the others.</p>
          </NotificationBanner>
        ) : null}
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h1 class="govuk-heading-l">{counts.errors > 0 ? 'Some rows in your CSV cannot be confirmed' : 'Your CSV has no errors'}</h1>
            <p class="govuk-body">We read {plural(counts.total, 'row', 'rows')} from {wizard.fileName ?? 'your file'}:</p>
            <ul class="govuk-list govuk-list--bullet">
              <li>{plural(counts.errors, 'row has', 'rows have')} errors</li>
              <li>{plural(counts.valid + counts.removed, 'row matches a school', 'rows match schools')} you can confirm</li>
            </ul>
          </div>
        </div>
        <UploadNotesBanner notes={wizard.notes} />
        {counts.errors > rows.length ? (
          <div class="govuk-inset-text">
            There are too many rows with errors to show on one page: the table shows the first {rows.length.toLocaleString('en-GB')}.{' '}
            <a class="govuk-link" href={`${UPLOAD_PATH}/errors.csv`} download>Download all {plural(counts.errors, 'row', 'rows')} with errors (CSV)</a>
          </div>
        ) : null}
        {rows.length > 0 ? (
          <Table
            caption={`Rows with errors${counts.errors > rows.length ? ` (the first ${rows.length.toLocaleString('en-GB')} of ${counts.errors.toLocaleString('en-GB')})` : ''}`}
            columns={[{ header: 'Row' }, { header: 'Your data' }, { header: 'School' }, { header: 'Error' }]}
            rows={rows.map((r) => [r.rowNumber, r.yourData, r.schoolName ?? '', rowProblemText[r.problem] ?? r.problem])} />
        ) : null}
        <div class="govuk-button-group">
          {counts.valid > 0 ? (
            <PostForm action={`${UPLOAD_PATH}/proceed`} csrf={c.var.csrfToken}>
              <Button>Continue with {plural(counts.valid, 'school', 'schools')}</Button>
            </PostForm>
          ) : null}
          <Button secondary href={UPLOAD_PATH}>Upload a different CSV</Button>
        </div>
      </>
    ));
  });

  // Every row with an error, for uploads with more than the page shows. Cells are the provider's
  // own data, neutralised like every CSV download (a cell starting with = is not a formula).
  app.get(`${UPLOAD_PATH}/errors.csv`, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard || wizard.status === 'choosing') return c.redirect(wizard ? UPLOAD_PATH : '/dashboard');
    const rows = await errorRows(c.var.web.db, wizard.id);
    return csvFile(c, 'rows-with-errors.csv', ['row', 'your_data', 'school', 'error'],
      rows.map((r) => [r.rowNumber, r.yourData, r.schoolName ?? '', rowProblemText[r.problem] ?? r.problem]));
  });

  app.post(`${UPLOAD_PATH}/proceed`, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard || wizard.status === 'choosing') return c.redirect(wizard ? UPLOAD_PATH : '/dashboard', 303);
    return c.redirect(`${BASE}/confirm`, 303);
  });

  app.get(`${BASE}/confirm`, async (c) => {
    const { db } = c.var.web;
    const wizard = await wizardOf(c);
    if (!wizard) return c.redirect('/dashboard');
    if (wizard.status === 'choosing') return c.redirect(UPLOAD_PATH);
    if (wizard.status === 'confirmed') return c.redirect(`${BASE}/success`);
    const counts = await rowCounts(db, wizard.id);
    if (counts.valid === 0) {
      const title = counts.removed > 0 ? 'You have removed every school from the list' : 'There are no schools to confirm';
      return page(c, { title, nav: 'overview', before: <BackLink href={UPLOAD_PATH} /> }, (
        <>
          <h1 class="govuk-heading-l">{title}</h1>
          <p class="govuk-body">Upload a CSV with the schools you want to confirm.</p>
          <Button href={UPLOAD_PATH}>Upload a new CSV</Button>
        </>
      ));
    }
    const pages = Math.max(1, Math.ceil(counts.valid / REVIEW_PAGE_SIZE));
    const requested = Number.parseInt(c.req.query('page') ?? '1', 10);
    const pageNumber = Number.isFinite(requested) && requested >= 1 ? Math.min(requested, pages) : 1;
    const rows = await validRows(db, wizard.id, pageNumber, REVIEW_PAGE_SIZE);
    const removedId = c.req.query('removed');
    // Only a school this upload really removed is named in the banner.
    const [removed] = removedId
      ? await db.select({ name: schools.name }).from(partnershipUploadRows).innerJoin(schools, eq(schools.id, partnershipUploadRows.schoolId))
          .where(and(eq(partnershipUploadRows.uploadId, wizard.id), eq(partnershipUploadRows.schoolId, removedId), eq(partnershipUploadRows.removed, true))).limit(1)
      : [];
    const removedName = removed?.name ?? null;
    const heading = `Confirm you have an agreement with ${plural(counts.valid, 'school', 'schools')}`;
    return page(c, { title: pageNumber > 1 ? `${heading} (page ${pageNumber} of ${pages})` : heading, nav: 'overview', wide: true, before: <BackLink href={UPLOAD_PATH} /> }, (
      <>
        {removedName ? <NotificationBanner success heading={`${removedName} has been removed from the list`} /> : null}
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <span class="govuk-caption-l">{wizard.deliveryPartner?.name}</span>
            <h1 class="govuk-heading-l">{heading}</h1>
            <WarningText>Only confirm schools for the {academicYear(wizard.cohort.startYear)} academic year (the {wizard.cohort.startYear} cohort).</WarningText>
          </div>
        </div>
        <UploadNotesBanner notes={wizard.notes} />
        <Table
          caption={`Schools to confirm with ${wizard.deliveryPartner?.name ?? ''}`}
          columns={[{ header: 'School' }, { header: 'URN' }, { header: 'Local authority' }, { header: 'Delivery partner' }, { header: <span class="govuk-visually-hidden">Action</span> }]}
          rows={rows.map((r) => [
            <strong>{r.name}</strong>, r.urn, localAuthorityName(r.district) ?? 'Not recorded', wizard.deliveryPartner?.name,
            <PostForm action={`${BASE}/confirm/remove_school`} csrf={c.var.csrfToken}>
              <input type="hidden" name="school_id" value={r.schoolId} />
              <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                Remove<span class="govuk-visually-hidden"> {r.name}</span>
              </button>
            </PostForm>,
          ])} />
        <Pagination page={pageNumber} pages={pages} href={(p) => `${BASE}/confirm?page=${p}`} />
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <p class="govuk-body">When you confirm, we will email each school. A school that has not agreed to work with you can tell us and you.</p>
            <div class="govuk-button-group">
              <PostForm action={BASE} csrf={c.var.csrfToken}>
                <Button>Confirm {plural(counts.valid, 'school', 'schools')}</Button>
              </PostForm>
              <Button secondary href={UPLOAD_PATH}>Upload a different CSV</Button>
            </div>
          </div>
        </div>
      </>
    ));
  });

  app.post(`${BASE}/confirm/remove_school`, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard) return c.redirect('/dashboard', 303);
    const body = await c.req.parseBody();
    const schoolId = typeof body['school_id'] === 'string' ? body['school_id'] : '';
    const name = wizard.status === 'uploaded' && schoolId ? await removeSchool(c.var.web.db, wizard.id, schoolId) : null;
    return c.redirect(name ? `${BASE}/confirm?removed=${encodeURIComponent(schoolId)}` : `${BASE}/confirm`, 303);
  });

  app.post(BASE, async (c) => {
    const { db, clock, config, mailer } = c.var.web;
    const user = c.var.user!;
    const wizard = await wizardOf(c);
    if (!wizard || !wizard.deliveryPartner) return c.redirect('/dashboard', 303);
    if (wizard.status === 'confirmed') return c.redirect(`${BASE}/success`, 303);
    const now = clock();
    // Claim the wizard first: a second click (or a second tab) cannot confirm twice.
    if (!(await moveStatus(db, wizard.id, 'uploaded', 'confirming', now))) return c.redirect(`${BASE}/confirm`, 303);
    let result;
    try {
      const schoolIds = await validSchoolIds(db, wizard.id);
      if (schoolIds.length === 0) {
        await moveStatus(db, wizard.id, 'confirming', 'uploaded', now);
        return c.redirect(`${BASE}/confirm`, 303);
      }
      result = await confirmPartnerships(
        { db, now, config, leadProvider: user.leadProvider },
        { cohort: wizard.cohort, deliveryPartnerId: wizard.deliveryPartner.id, schoolIds },
      );
    } catch (err) {
      await moveStatus(db, wizard.id, 'confirming', 'uploaded', now);
      // The delivery partner stopped working with the provider in the meantime.
      if (err instanceof DomainError) return c.redirect(`${BASE}/delivery-partner`, 303);
      throw err;
    }
    if (!result.ok) {
      await markProblems(db, wizard.id, result.problems, now);
      return c.redirect(`${UPLOAD_PATH}/errors?changed=1`, 303);
    }
    await moveStatus(db, wizard.id, 'confirming', 'confirmed', now, { confirmedCount: result.partnershipIds.length });
    // The schools' emails were queued with the partnerships; deliver them now when Notify is on.
    const delivery = mailer.deliverQueued(now, result.partnershipIds.length + 50).catch((err) => console.error('Email delivery failed', err));
    if (c.var.web.waitUntil) c.var.web.waitUntil(delivery);
    return c.redirect(`${BASE}/success`, 303);
  });

  app.get(`${BASE}/success`, async (c) => {
    const wizard = await wizardOf(c);
    if (!wizard || wizard.status !== 'confirmed') return c.redirect('/dashboard');
    return page(c, { title: 'Schools confirmed', nav: 'overview' }, (
      <>
        <Panel title="Schools confirmed">
          {plural(wizard.confirmedCount, 'school', 'schools')} confirmed with {wizard.deliveryPartner?.name} for {academicYear(wizard.cohort.startYear)}
        </Panel>
        <h2 class="govuk-heading-m">What happens next</h2>
        <ul class="govuk-list govuk-list--bullet">
          <li>we will email each school to tell them you have confirmed them</li>
          <li>each school needs to add its early career teachers and mentors</li>
          <li>a school that has not agreed to work with you can tell us, and we will email you</li>
        </ul>
        <div class="govuk-button-group">
          <Button href={`${BASE}/start?cohort=${wizard.cohort.startYear}`}>Confirm more schools</Button>
          <a class="govuk-link" href={`/lead-providers/your-schools?cohort=${wizard.cohort.startYear}`}>See your schools</a>
        </div>
      </>
    ));
  });

  return app;
}

const listOf = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const DUPLICATES_LISTED = 10;

/** What reading the file noticed besides its rows: said once, above the rows. */
function UploadNotesBanner({ notes }: { notes: UploadNotes | null }) {
  if (!notes || (notes.ignoredColumns.length === 0 && notes.duplicates.length === 0)) return null;
  const merged = notes.duplicates.reduce((n, d) => n + d.rows.length - 1, 0);
  return (
    <NotificationBanner heading="Check your CSV" id="csv-notes-title">
      {notes.ignoredColumns.length > 0 ? (
        <p class="govuk-body">
          We only read column A. Your file also has data in {notes.ignoredColumns.length === 1 ? 'column' : 'columns'}{' '}
          {listOf(notes.ignoredColumns)}, which we ignored: no school was taken from {notes.ignoredColumns.length === 1 ? 'it' : 'them'}.
          If a school’s URN is in another column, move it to column A and upload the file again.
        </p>
      ) : null}
      {notes.duplicates.length > 0 ? (
        <>
          <p class="govuk-body">
            {plural(notes.duplicates.length, 'URN was', 'URNs were')} on more than one row. We have listed each school once
            ({plural(merged, 'row', 'rows')} merged):
          </p>
          <ul class="govuk-list govuk-list--bullet">
            {notes.duplicates.slice(0, DUPLICATES_LISTED).map((d) => <li>{d.urn}: rows {listOf(d.rows.map(String))}</li>)}
            {notes.duplicates.length > DUPLICATES_LISTED ? <li>and {plural(notes.duplicates.length - DUPLICATES_LISTED, 'other URN', 'other URNs')}</li> : null}
          </ul>
        </>
      ) : null}
    </NotificationBanner>
  );
}

/** The answer to a request body over the upload limit (checked before the body is read). */
export async function uploadTooLarge(c: C) {
  const wizard = await wizardOf(c);
  if (!wizard) return c.redirect('/dashboard', 303);
  return uploadPage(c, wizard, 'too_large');
}

function uploadPage(c: C, wizard: Wizard, problem?: CsvProblem) {
  const error = problem ? csvProblemText[problem] : undefined;
  return page(c, {
    title: 'Upload a CSV of school URNs', hasErrors: Boolean(error), status: problem === 'too_large' ? 413 : error ? 400 : 200, nav: 'overview',
    before: <BackLink href={`${BASE}/delivery-partner`} />,
  }, (
    <>
      <ErrorSummary errors={error ? [{ field: 'csv_file', text: error }] : undefined} />
      <span class="govuk-caption-l">{wizard.deliveryPartner?.name}, {academicYear(wizard.cohort.startYear)}</span>
      <h1 class="govuk-heading-l">Upload a CSV of school URNs</h1>
      <p class="govuk-body">Your CSV file must have:</p>
      <ul class="govuk-list govuk-list--bullet">
        <li>the schools’ URNs in the first column (column A), and nothing else</li>
        <li>one school on each row, with no empty rows between them</li>
        <li>only schools working with {wizard.deliveryPartner?.name}</li>
      </ul>
      <p class="govuk-body">A heading “URN” in the first row is fine. We do not read other columns. The file can be up to 2 MB.</p>
      <PostForm action={UPLOAD_PATH} csrf={c.var.csrfToken} enctype="multipart/form-data">
        <FileUpload id="csv_file" name="csv_file" label="CSV file" accept=".csv,text/csv" error={error} />
        <Button>Upload and check</Button>
      </PostForm>
    </>
  ));
}
