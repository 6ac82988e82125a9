import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import starlightLinksValidator from 'starlight-links-validator';
import starlightOpenAPI, { openAPISidebarGroups } from 'starlight-openapi';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import { writeReferenceDocuments } from './openapi-for-docs';
import { site } from './src/site';

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
    const entries: [string, string][] = [[`/${from}.html`, target]];
    if (`/${from}/` !== to) entries.push([`/${from}`, target]);
    return entries;
  }),
);

export default defineConfig({
  redirects,
  site: process.env.SERVICE_URL || 'http://localhost:8787',
  base: '/api-reference',
  // DOCS_OUT_DIR lets the tests build elsewhere, leaving docs/dist (which the hosts serve) alone.
  outDir: process.env.DOCS_OUT_DIR || './dist/api-reference',
  trailingSlash: 'ignore',
  vite: { plugins: [appModulesKeepTheirLocation()] },
  integrations: [
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
        ...openAPISidebarGroups,
        { label: 'Release notes', link: '/release-notes/' },
        { label: 'Get help', slug: 'help' },
      ],
    }),
  ],
});
