import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import starlightLinksValidator from 'starlight-links-validator';
import starlightOpenAPI, { openAPISidebarGroups } from 'starlight-openapi';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import { writeReferenceDocuments } from './openapi-for-docs';
import { publicUrl, site } from './src/site';

// The guidance site. `npm run docs:build` regenerates the OpenAPI documents from the app and
// builds into docs/dist/api-reference/, which both hosts serve at /api-reference/ (Node from
// docs/dist, Workers through [assets] in wrangler.toml). See docs/README.md.

const reference = writeReferenceDocuments();

/**
 * The app's own modules (db/, api/) read files next to themselves with
 * `new URL('./file', import.meta.url)`, e.g. the reference data CSVs. Bundled into the build, they
 * would look next to the bundle instead, so their import.meta.url is pinned to their source file.
 */
function appModulesKeepTheirLocation(): Plugin {
  const appDirs = ['../db/', '../api/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));
  return {
    name: 'lead-provider-app-modules-keep-their-location',
    transform(code, id) {
      if (!appDirs.some((dir) => id.startsWith(dir)) || !code.includes('import.meta.url')) return null;
      return { code: code.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(id).href)), map: null };
    },
  };
}

/**
 * Addresses of the previous service's guidance pages (`…/get-started.html`, `…/reference-v3.html`),
 * which providers have bookmarked and linked to: each redirects to the page that replaces it.
 */
const legacyPages: Record<string, string> = {
  'get-started': '/get-started/',
  ecf: '/ecf/',
  'ecf/guidance': '/ecf/guidance/',
  'ecf/definitions-and-states': '/ecf/definitions-and-states/',
  'ecf/schedules-and-milestone-dates': '/ecf/schedules-and-milestone-dates/',
  'changes-for-the-2025-2026-academic-year': '/ecf/changes-for-2025-26/',
  '2022-cohort-closure-information-for-lead-providers': '/ecf/closed-cohorts/',
  'reference-v1': '/reference/v1/',
  'reference-v2': '/reference/v2/',
  'reference-v3': '/reference/v3/',
  'release-notes': '/release-notes/',
  help: '/help/',
};
const redirects = Object.fromEntries(
  Object.entries(legacyPages).flatMap(([from, to]) => {
    const target = `/api-reference${to}`;
    // reference-v3.html is a page of its own (src/pages/reference-v3.html.ts): it follows the old anchors.
    const entries: [string, string][] = from === 'reference-v3' ? [] : [[`/${from}.html`, target]];
    if (`/${from}/` !== to) entries.push([`/${from}`, target]);
    return entries;
  }),
);

/**
 * Two accessibility fixes to the built pages, for markup Starlight and its plugins generate:
 * - a code block or table wider than its column scrolls, so it must take keyboard focus
 *   (`tabindex="0"`) for arrow keys to scroll it (WCAG 2.1.1; axe `scrollable-region-focusable`);
 * - the search button's shortcut hint (Ctrl K) is text that its accessible name ("Search") does
 *   not contain; the shortcut is announced through aria-keyshortcuts, so the hint is hidden from
 *   assistive technology here and from view in site.css (WCAG 2.5.3; axe `label-content-name-mismatch`).
 */
function keyboardAndScreenReaderFixes(dir: string) {
  const walk = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = join(folder, e.name);
    return e.isDirectory() ? walk(path) : e.name.endsWith('.html') ? [path] : [];
  });
  for (const file of walk(dir)) {
    const html = readFileSync(file, 'utf8');
    const fixed = html
      .replace(/<(pre|table)(?![^>]*\btabindex=)(?=[\s>])/g, '<$1 tabindex="0"')
      .replace(/(<button[^>]*data-open-modal[^>]*>[\s\S]*?)<kbd class="/, '$1<kbd aria-hidden="true" class="');
    if (fixed !== html) writeFileSync(file, fixed);
  }
}

/**
 * Workers serve docs/dist with [assets], which reads Cache-Control rules from a `_headers` file at
 * its root (one level above the site). Astro's content-hashed files never change at their
 * address, so browsers may keep them for a year; Node sets the same (api/static-site.ts).
 */
function cacheHeadersForWorkers(): AstroIntegration {
  return {
    name: 'lead-provider-cache-headers',
    hooks: {
      'astro:build:done': ({ dir }) => {
        keyboardAndScreenReaderFixes(fileURLToPath(dir));
        const root = new URL('../', dir);
        writeFileSync(new URL('_headers', root), [
          '# Written by the docs build (docs/astro.config.ts): Cache-Control for Workers static assets.',
          '/api-reference/_astro/*',
          '  Cache-Control: public, max-age=31536000, immutable',
          '/api-reference/*',
          '  Cache-Control: public, max-age=0, must-revalidate',
          '',
        ].join('\n'));
      },
    },
  };
}

export default defineConfig({
  redirects,
  site: publicUrl,
  base: '/api-reference',
  // DOCS_OUT_DIR lets the tests build elsewhere, leaving docs/dist (which the hosts serve) alone.
  outDir: process.env.DOCS_OUT_DIR || './dist/api-reference',
  trailingSlash: 'ignore',
  vite: { plugins: [appModulesKeepTheirLocation()] },
  integrations: [
    cacheHeadersForWorkers(),
    starlight({
      title: site.name,
      description: 'How lead providers of early career teacher training use the Lead Provider API.',
      favicon: '/favicon.svg',
      lastUpdated: false,
      credits: false,
      pagefind: true,
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      customCss: ['./src/styles/site.css'],
      components: {
        Footer: './src/components/Footer.astro',
        PageTitle: './src/components/PageTitle.astro',
        Banner: './src/components/PhaseBanner.astro',
      },
      head: [
        { tag: 'link', attrs: { rel: 'alternate', type: 'application/rss+xml', title: 'Lead Provider API release notes', href: '/api-reference/release-notes/rss.xml' } },
      ],
      plugins: [
        starlightOpenAPI([
          { base: 'reference/v3', schema: reference.v3, sidebar: { label: 'API v3 reference', collapsed: true, operations: { badges: true } } },
          { base: 'reference/v2', schema: reference.v2, sidebar: { label: 'API v2 reference', collapsed: true, operations: { badges: true } } },
          { base: 'reference/v1', schema: reference.v1, sidebar: { label: 'API v1 reference', collapsed: true, operations: { badges: true } } },
          { base: 'reference/sandbox', schema: reference.sandbox, sidebar: { label: 'Sandbox control API reference', collapsed: true, operations: { badges: true } } },
          { base: 'reference/operator', schema: reference.operator, sidebar: { label: 'Operator API reference (DfE)', collapsed: true, operations: { badges: true } } },
        ]),
        // Generated reference pages and the release notes page are not content pages, so the
        // validator cannot see them; test/docs/site.test.ts checks every link of the built site.
        starlightLinksValidator({
          errorOnLocalLinks: false,
          exclude: ['/api-reference/reference/**', '/api-reference/release-notes/', '/api-reference/release-notes/rss.xml'],
        }),
      ],
      sidebar: [
        { label: 'About the API', slug: 'index' },
        { label: 'Get started', slug: 'get-started' },
        {
          label: 'Manage early career training',
          items: [
            { label: 'Overview', slug: 'ecf' },
            { label: 'Definitions and states', slug: 'ecf/definitions-and-states' },
            {
              label: 'Guidance by task',
              items: [
                { label: 'Overview of requests', slug: 'ecf/guidance' },
                { label: 'Partnerships', slug: 'ecf/guidance/partnerships' },
                { label: 'Participants', slug: 'ecf/guidance/participants' },
                { label: 'Transfers', slug: 'ecf/guidance/transfers' },
                { label: 'Declarations', slug: 'ecf/guidance/declarations' },
                { label: 'Statements', slug: 'ecf/guidance/statements' },
              ],
            },
            { label: 'Schedules and milestone dates', slug: 'ecf/schedules-and-milestone-dates' },
            { label: 'Changes for 2025/26', slug: 'ecf/changes-for-2025-26' },
            { label: 'Closed cohorts', slug: 'ecf/closed-cohorts' },
          ],
        },
        { label: 'Test in the sandbox', slug: 'sandbox' },
        { label: 'API versions', slug: 'api-versions' },
        { label: 'Compare with the service you use now', slug: 'parity-check' },
        { label: 'Testing and go-live checklist', slug: 'testing-and-go-live' },
        ...openAPISidebarGroups,
        { label: 'Release notes', link: '/release-notes/' },
        { label: 'Get help', slug: 'help' },
      ],
    }),
  ],
});
