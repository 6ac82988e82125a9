import type { Child, PropsWithChildren } from 'hono/jsx';

// GOV.UK Design System components as hono/jsx functions, with the markup of govuk-frontend's
// Nunjucks macros (so its CSS and JavaScript apply). Only what the web service uses.

export interface FieldError {
  /** The id of the input the error belongs to: the summary links to it. */
  field: string;
  text: string;
}

export const errorFor = (errors: FieldError[] | undefined, field: string) => errors?.find((e) => e.field === field)?.text;

/** Top of the page on a failed submission: each message links to its field. */
export function ErrorSummary({ errors }: { errors?: FieldError[] }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => <li><a href={`#${e.field}`}>{e.text}</a></li>)}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return <p id={`${id}-error`} class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {text}</p>;
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A form that always carries the CSRF token. */
export function PostForm({ action, csrf, children, enctype, novalidate = true }: PropsWithChildren<{ action: string; csrf: string; enctype?: 'multipart/form-data'; novalidate?: boolean }>) {
  return (
    <form method="post" action={action} enctype={enctype} novalidate={novalidate}>
      <CsrfField token={csrf} />
      {children}
    </form>
  );
}

export function Button({ children, secondary, warning, name, value, href, classes }: PropsWithChildren<{ secondary?: boolean; warning?: boolean; name?: string; value?: string; href?: string; classes?: string }>) {
  const cls = ['govuk-button', secondary ? 'govuk-button--secondary' : '', warning ? 'govuk-button--warning' : '', classes ?? ''].filter(Boolean).join(' ');
  if (href) return <a href={href} role="button" draggable={false} class={cls} data-module="govuk-button">{children}</a>;
  return <button type="submit" class={cls} data-module="govuk-button" name={name} value={value}>{children}</button>;
}

export function StartButton({ href, children }: PropsWithChildren<{ href: string }>) {
  return (
    <a href={href} role="button" draggable={false} class="govuk-button govuk-button--start" data-module="govuk-button">
      {children}
      <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
      </svg>
    </a>
  );
}

export function TextInput({ id, name, label, hint, value, error, type = 'text', autocomplete, spellcheck, labelIsHeading, classes }: {
  id: string; name: string; label: string; hint?: Child; value?: string; error?: string; type?: string; autocomplete?: string;
  spellcheck?: boolean; labelIsHeading?: boolean; classes?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const labelEl = <label class={labelIsHeading ? 'govuk-label govuk-label--l' : 'govuk-label govuk-label--s'} for={id}>{label}</label>;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      {labelIsHeading ? <h1 class="govuk-label-wrapper">{labelEl}</h1> : labelEl}
      {hint ? <div id={`${id}-hint`} class="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={id} text={error} />
      <input
        class={`govuk-input${error ? ' govuk-input--error' : ''}${classes ? ` ${classes}` : ''}`}
        id={id} name={name} type={type} value={value ?? ''} aria-describedby={describedBy}
        autocomplete={autocomplete} spellcheck={spellcheck}
      />
    </div>
  );
}

export function Textarea({ id, name, label, hint, value, error, rows = 6 }: { id: string; name: string; label: string; hint?: string; value?: string; error?: string; rows?: number }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for={id}>{label}</label></h1>
      {hint ? <div id={`${id}-hint`} class="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={id} text={error} />
      <textarea class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`} id={id} name={name} rows={rows} aria-describedby={describedBy}>{value ?? ''}</textarea>
    </div>
  );
}

export interface RadioItem {
  value: string;
  label: string;
  hint?: string;
}

/** Radios whose legend is the page's h1. The first radio's id is the field id (errors link to it). */
export function Radios({ id, name, legend, hint, items, selected, error, legendSize = 'l' }: {
  id: string; name: string; legend: string; hint?: string; items: RadioItem[]; selected?: string; error?: string; legendSize?: 'l' | 'm';
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy}>
        <legend class={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>
          {legendSize === 'l' ? <h1 class="govuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint ? <div id={`${id}-hint`} class="govuk-hint">{hint}</div> : null}
        <ErrorMessage id={id} text={error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {items.map((item, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={itemId} name={name} type="radio" value={item.value} checked={selected === item.value}
                  aria-describedby={item.hint ? `${itemId}-item-hint` : undefined} />
                <label class="govuk-label govuk-radios__label" for={itemId}>{item.label}</label>
                {item.hint ? <div id={`${itemId}-item-hint`} class="govuk-hint govuk-radios__hint">{item.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function FileUpload({ id, name, label, hint, error, accept }: { id: string; name: string; label: string; hint?: Child; error?: string; accept?: string }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--m" for={id}>{label}</label>
      {hint ? <div id={`${id}-hint`} class="govuk-hint">{hint}</div> : null}
      <ErrorMessage id={id} text={error} />
      <input class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`} id={id} name={name} type="file" accept={accept} aria-describedby={describedBy} />
    </div>
  );
}

export function BackLink({ href, text = 'Back' }: { href: string; text?: string }) {
  return <a href={href} class="govuk-back-link">{text}</a>;
}

export function Panel({ title, children }: PropsWithChildren<{ title: string }>) {
  return (
    <div class="govuk-panel govuk-panel--confirmation">
      <h1 class="govuk-panel__title">{title}</h1>
      {children ? <div class="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

/** `id` names the banner's title: give each banner on a page its own. */
export function NotificationBanner({ title = 'Important', success, heading, id = 'govuk-notification-banner-title', children }: PropsWithChildren<{ title?: string; success?: boolean; heading?: string; id?: string }>) {
  return (
    <div class={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`} role={success ? 'alert' : 'region'}
      aria-labelledby={id} data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={id}>{success ? 'Success' : title}</h2>
      </div>
      <div class="govuk-notification-banner__content">
        {heading ? <p class="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}

export function WarningText({ children }: PropsWithChildren) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> {children}</strong>
    </div>
  );
}

export function Tag({ children, colour }: PropsWithChildren<{ colour?: 'red' | 'grey' | 'green' | 'yellow' | 'blue' }>) {
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>;
}

export interface TableColumn {
  header: Child;
  /** What labels the column's cells on a phone (defaults to the header when it is text). */
  label?: string;
  numeric?: boolean;
}

/**
 * GOV.UK table: a caption, one header row, and one row of cells per item. Responsive: on a phone
 * each row is a card with every cell labelled (app.css, api/web/build/copy-govuk-assets.ts); the
 * explicit roles keep it a table to screen readers when its display changes.
 */
export function Table({ caption, columns, rows }: { caption: Child; columns: TableColumn[]; rows: Child[][] }) {
  const numeric = (i: number) => columns[i]?.numeric === true;
  const label = (i: number) => columns[i]?.label ?? (typeof columns[i]?.header === 'string' ? (columns[i]!.header as string) : undefined);
  return (
    <table class="govuk-table app-table--responsive" role="table">
      <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead class="govuk-table__head" role="rowgroup">
        <tr class="govuk-table__row" role="row">
          {columns.map((col, i) => <th scope="col" role="columnheader" class={`govuk-table__header${numeric(i) ? ' govuk-table__header--numeric' : ''}`}>{col.header}</th>)}
        </tr>
      </thead>
      <tbody class="govuk-table__body" role="rowgroup">
        {rows.map((cells) => (
          <tr class="govuk-table__row" role="row">
            {cells.map((cell, i) => (
              <td class={`govuk-table__cell${numeric(i) ? ' govuk-table__cell--numeric' : ''}`} role="cell">
                {label(i) ? <span class="app-table__cell-label" aria-hidden="true">{label(i)}</span> : null}
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SummaryList({ rows }: { rows: { key: string; value: Child }[] }) {
  return (
    <dl class="govuk-summary-list">
      {rows.map((r) => (
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">{r.key}</dt>
          <dd class="govuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Breadcrumbs({ items }: { items: { text: string; href?: string }[] }) {
  return (
    <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol class="govuk-breadcrumbs__list">
        {items.map((i) => (
          <li class="govuk-breadcrumbs__list-item" aria-current={i.href ? undefined : 'page'}>
            {i.href ? <a class="govuk-breadcrumbs__link" href={i.href}>{i.text}</a> : i.text}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** GOV.UK pagination: previous / numbered pages (with gaps) / next. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const items: (number | 'gap')[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - shown[i - 1]! > 1) items.push('gap');
    items.push(p);
  });
  return (
    <nav class="govuk-pagination" aria-label="Pagination">
      {page > 1 ? (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span>
          </a>
        </div>
      ) : null}
      <ul class="govuk-pagination__list">
        {items.map((p) => p === 'gap'
          ? <li class="govuk-pagination__item govuk-pagination__item--ellipses">⋯</li>
          : (
            <li class={`govuk-pagination__item${p === page ? ' govuk-pagination__item--current' : ''}`}>
              <a class="govuk-link govuk-pagination__link" href={href(p)} aria-label={`Page ${p}`} aria-current={p === page ? 'page' : undefined}>{p}</a>
            </li>
          ))}
      </ul>
      {page < pages ? (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>
            <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
          </a>
        </div>
      ) : null}
    </nav>
  );
}

export const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
