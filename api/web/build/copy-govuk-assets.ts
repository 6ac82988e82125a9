import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Copies govuk-frontend's built CSS, JavaScript, fonts and images into docs/dist/assets/govuk/,
// which both hosts serve as static files (Node: serveStatic on docs/dist; Workers: [assets]).
// Run by `npm run assets:govuk` (and before `npm start`); run it after building the docs site,
// which empties docs/dist.

/**
 * The service's own few styles (a file, as the content security policy allows no inline style).
 * Responsive tables: below GOV.UK Frontend's tablet breakpoint (641px) each row of a table marked
 * `app-table--responsive` becomes a card, every cell labelled with its column's heading, so a
 * 375px phone shows whole rows without scrolling sideways. The table keeps explicit ARIA table
 * roles, because browsers drop a table's semantics when its display changes.
 */
export const APP_CSS = `@media (max-width: 40.0525em) {
  .app-table--responsive .govuk-table__head {
    position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important;
    overflow: hidden !important; clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important;
  }
  .app-table--responsive, .app-table--responsive .govuk-table__body, .app-table--responsive .govuk-table__row,
  .app-table--responsive .govuk-table__cell { display: block; width: 100%; }
  .app-table--responsive .govuk-table__caption { display: block; }
  .app-table--responsive .govuk-table__row { border-bottom: 1px solid #b1b4b6; padding: 10px 0; }
  .app-table--responsive .govuk-table__cell { border: 0; padding: 4px 0; text-align: left; overflow-wrap: anywhere; }
  .app-table__cell-label { display: block; font-weight: 700; }
}
@media (min-width: 40.0625em) {
  .app-table__cell-label { display: none; }
}
/* An email's text in the outbox: long links break rather than widen the page. */
.app-email { overflow-wrap: anywhere; }
`;

export const DEFAULT_TARGET = fileURLToPath(new URL('../../../docs/dist/assets/govuk', import.meta.url));

export function copyGovukAssets(target = DEFAULT_TARGET): string {
  const require = createRequire(import.meta.url);
  const source = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
  mkdirSync(target, { recursive: true });
  // The stylesheet points at /assets/fonts and /assets/images: ours live under /assets/govuk.
  const css = readFileSync(join(source, 'govuk-frontend.min.css'), 'utf8').replace(/url\(\/assets\//g, 'url(/assets/govuk/');
  writeFileSync(join(target, 'govuk-frontend.min.css'), css);
  cpSync(join(source, 'govuk-frontend.min.js'), join(target, 'govuk-frontend.min.js'));
  cpSync(join(source, 'assets', 'fonts'), join(target, 'fonts'), { recursive: true });
  cpSync(join(source, 'assets', 'images'), join(target, 'images'), { recursive: true });
  cpSync(join(source, 'assets', 'manifest.json'), join(target, 'manifest.json'));
  // The template's two small scripts, as files so pages need no inline script.
  writeFileSync(join(target, 'js-enabled.js'),
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');\n");
  writeFileSync(join(target, 'init.js'), "import { initAll } from './govuk-frontend.min.js';\ninitAll();\n");
  writeFileSync(join(target, 'app.css'), APP_CSS);
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = copyGovukAssets(process.argv[2] ?? DEFAULT_TARGET);
  console.log(`GOV.UK Frontend assets copied to ${target}`);
}
