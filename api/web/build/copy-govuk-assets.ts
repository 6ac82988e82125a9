import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Copies govuk-frontend's built CSS, JavaScript, fonts and images into docs/dist/assets/govuk/,
// which both hosts serve as static files (Node: serveStatic on docs/dist; Workers: [assets]).
// Run by `npm run assets:govuk` (and before `npm start`); run it after building the docs site,
// which empties docs/dist.

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
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = copyGovukAssets(process.argv[2] ?? DEFAULT_TARGET);
  console.log(`GOV.UK Frontend assets copied to ${target}`);
}
