import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium-path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi/document';
import { operatorApi } from '../../api/operator';
import { sandboxControlApi } from '../../api/sandbox/routes';
import { serviceInfo } from '../../api/service-info';
import { createV1Api } from '../../api/v1';
import { createV2Api } from '../../api/v2';
import { createV3Api } from '../../api/v3';
import { readScheduleMilestones } from '../../db/reference-data/load';
import { operationSlug, referenceGroupOrder } from '../../docs/openapi-for-docs';
import { parse as parseYaml } from 'yaml';
import { docsRoot, guidancePages, pagesDir } from './guidance-examples';
import { resolveFile, serveStatic } from './static-server';
import { HTTP_METHODS } from '../support/openapi-operations';

// Builds the guidance site once (into a temp folder, so docs/dist stays as it is) and checks it
// as a reader would meet it: every page, every link, every operation, the schedule tables, the
// release notes and their feed, then screenshots in Chromium.

const repo = new URL('../../', import.meta.url).pathname;
const base = '/api-reference';
/** The public address the test build is configured with: canonical links and the feed must use it. */
const publicUrl = 'https://guidance.example.test';
const axeSource = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
const screenshots = join(repo, 'test/bench/results/docs-screenshots');
let root: string; // serves as the web root: the site is in root/api-reference
let site: string;
let browser: Browser | undefined;
let server: Server | undefined;
let url = '';

/** The environment without what vitest adds (BASE_URL, MODE, NODE_ENV=test…), which would leak into Vite in the build. */
function buildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST'].includes(key) || key.startsWith('VITEST')) delete env[key];
  }
  return env;
}

function build(outDir: string) {
  const node = existsSync(join(repo, 'node_modules/.bin/node')) ? join(repo, 'node_modules/.bin/node') : process.execPath;
  return new Promise<void>((resolve, reject) => {
    const child = spawn(node, [join(repo, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', 'docs'], {
      cwd: repo,
      env: { ...buildEnv(), DOCS_OUT_DIR: outDir, DOCS_SITE_URL: publicUrl, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The docs build failed:\n${out.slice(-6000)}`))));
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lpapi-docs-'));
  site = join(root, 'api-reference');
  // Not timed here: speed is measured by npm run bench, and a busy machine would make a timed test flaky.
  await build(site);
  ({ url, server } = await serveStatic(root));
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const htmlFiles = (dir = site): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return htmlFiles(path);
    return e.name.endsWith('.html') ? [path] : [];
  });
const read = (path: string) => readFileSync(path, 'utf8');
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'").replace(/\s+/g, ' ').trim();
const ids = new Map<string, Set<string>>();
const idsIn = (file: string) => {
  if (!ids.has(file)) ids.set(file, new Set([...read(file).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)));
  return ids.get(file)!;
};
const releaseNoteFiles = () => readdirSync(join(docsRoot, 'src/content/release-notes')).filter((f) => f.endsWith('.md'));

describe('the guidance site build', () => {
  it('builds every page, the release notes, their feed and the search index', () => {
    const expected = guidancePages().map((file) => {
      const slug = relative(pagesDir, file).replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
      return join(site, slug, 'index.html');
    });
    expected.push(join(site, 'release-notes/index.html'), join(site, 'release-notes/rss.xml'), join(site, '404.html'), join(site, 'pagefind/pagefind.js'));
    expect(expected.filter((f) => !existsSync(f)).map((f) => relative(site, f))).toEqual([]);
    expect(guidancePages().length).toBeGreaterThanOrEqual(14);
  });

  it('has no broken links or anchors on any page, generated reference pages included', () => {
    const broken: string[] = [];
    for (const file of htmlFiles()) {
      const page = `/${relative(root, file)}`.replace(/index\.html$/, '');
      for (const [, attr, raw] of read(file).matchAll(/\s(href|src)="([^"]*)"/g)) {
        const link = raw!.replace(/&amp;/g, '&');
        if (/^(https?:|mailto:|data:|javascript:)/.test(link) || link === '') continue;
        const target = new URL(link, `http://site${page}`);
        const where = `${relative(site, file)}: ${attr}="${link}"`;
        if (!target.pathname.startsWith(`${base}/`) && target.pathname !== base) {
          broken.push(`${where} (outside the site)`);
          continue;
        }
        const resolved = resolveFile(root, target.pathname);
        if (!resolved) broken.push(`${where} (no such page)`);
        else if (target.hash && resolved.endsWith('.html') && !idsIn(resolved).has(decodeURIComponent(target.hash.slice(1)))) {
          broken.push(`${where} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('has a reference page for every operation the app serves, v1, v2, v3, the sandbox control API and the operator API', () => {
    const missing: string[] = [];
    const documents = [
      ['v1', buildOpenApiDocument('v1', createV1Api())], ['v2', buildOpenApiDocument('v2', createV2Api())],
      ['v3', buildOpenApiDocument('v3', createV3Api())], ['sandbox', buildOpenApiDocument('sandbox', sandboxControlApi())],
      ['operator', buildOpenApiDocument('operator', operatorApi())],
    ] as const;
    for (const [name, doc] of documents) {
      for (const [path, item] of Object.entries(doc.paths)) {
        // Only operations: a path item also carries extensions (x-successor-path).
        for (const method of Object.keys(item!).filter((k) => (HTTP_METHODS as readonly string[]).includes(k))) {
          const file = join(site, 'reference', name, 'operations', operationSlug(method, path), 'index.html');
          const html = existsSync(file) ? read(file) : '';
          if (!html.includes(path) || !html.toUpperCase().includes(`>${method.toUpperCase()}<`)) missing.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(existsSync(join(site, 'reference/v3/index.html'))).toBe(true);
    expect(existsSync(join(site, 'reference/v1/index.html'))).toBe(true);
    expect(existsSync(join(site, 'reference/v2/index.html'))).toBe(true);
  });

  it('offers its OpenAPI document as JSON and YAML on every reference page, exactly as the app emits it', () => {
    const missing: string[] = [];
    for (const name of ['v1', 'v2', 'v3', 'sandbox', 'operator']) {
      const pages = htmlFiles().filter((f) => f.startsWith(join(site, 'reference', name) + '/'));
      expect(pages.length, name).toBeGreaterThan(2);
      for (const file of pages) {
        const html = read(file);
        for (const ext of ['json', 'yaml']) if (!html.includes(`href="${base}/openapi/${name}.${ext}"`)) missing.push(`${relative(site, file)}: ${ext}`);
      }
      const committed = JSON.parse(read(join(repo, `docs/openapi/${name}.json`)));
      expect(JSON.parse(read(join(site, 'openapi', `${name}.json`)))).toEqual(committed);
      expect(parseYaml(read(join(site, 'openapi', `${name}.yaml`)))).toEqual(committed);
    }
    expect(missing).toEqual([]);
  });

  it('names the reference sidebar groups the same way, in the same order, in every version', () => {
    // The sidebar's group labels in page order: each reference section is followed by its groups.
    const labels = [...read(join(site, 'reference/v1/index.html')).matchAll(/<span class="group-label[^"]*"><span class="large[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]!.trim());
    const sections = ['API v3 reference', 'API v2 reference', 'API v1 reference', 'Sandbox control API reference', 'Operator API reference (DfE)'];
    const order: readonly string[] = referenceGroupOrder;
    for (const [i, label] of sections.entries()) {
      const start = labels.indexOf(label);
      expect(start, label).toBeGreaterThanOrEqual(0);
      const next = sections[i + 1] ? labels.indexOf(sections[i + 1]!) : labels.length;
      const names = labels.slice(start + 1, next);
      expect(names.length, label).toBeGreaterThan(0);
      // every group is named as the guidance names the resource, in one order for all versions
      expect(names.filter((n) => !order.includes(n)), label).toEqual([]);
      expect([...names].sort((a, b) => order.indexOf(a) - order.indexOf(b)), label).toEqual(names);
    }
    expect(labels).toContain('Participant actions');
  });

  it('redirects the previous service’s page addresses to the pages that replace them', () => {
    for (const [from, to] of [['/get-started.html', '/get-started/'], ['/ecf/guidance.html', '/ecf/guidance/'], ['/reference-v3.html', '/reference/v3/'], ['/reference-v1.html', '/reference/v1/'], ['/reference-v2.html', '/reference/v2/'], ['/help.html', '/help/'], ['/release-notes.html', '/release-notes/']]) {
      const file = resolveFile(root, `${base}${from}`);
      expect(file, from).toBeTruthy();
      expect(read(file!), from).toContain(`http-equiv="refresh" content="0;url=${base}${to}"`);
      expect(resolveFile(root, `${base}${to}`), to).toBeTruthy();
    }
  });

  it('shows the schedule tables exactly as the reference data the app loads', () => {
    const html = read(join(site, 'ecf/schedules-and-milestone-dates/index.html'));
    const short = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    const all = readScheduleMilestones();
    const standard = all.filter((m) => m.scheduleIdentifier.startsWith('ecf-standard-'));
    expect(standard.length).toBeGreaterThan(50);
    const problems: string[] = [];
    const sectionOf = (identifier: string, cohort: number) => new RegExp(`data-schedule="${identifier}" data-cohort="${cohort}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
    const rowsOf = (table: string) => [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!)));
    for (const m of standard) {
      const section = sectionOf(m.scheduleIdentifier, m.cohortYear);
      // Placeholder schedules (no deadlines, no payment dates) show no table: the dates come from contract management.
      const unpublished = all.filter((o) => o.scheduleIdentifier === m.scheduleIdentifier && o.cohortYear === m.cohortYear).every((o) => !o.milestoneDate && !o.paymentDate);
      if (unpublished) {
        if (/<table/.test(section) || !text(section).includes('contract manager')) problems.push(`${m.scheduleIdentifier} ${m.cohortYear}: placeholder dates shown as a table`);
        continue;
      }
      const hasMentorRows = all.some((o) => o.appliesTo === 'mentor' && o.scheduleIdentifier === m.scheduleIdentifier && o.cohortYear === m.cohortYear);
      const who = m.appliesTo === 'mentor' ? 'mentor' : hasMentorRows ? 'ect' : 'all';
      const table = new RegExp(`<table[^>]*data-for="${who}"[^>]*>([\\s\\S]*?)</table>`).exec(section)?.[1] ?? '';
      const row = rowsOf(table).find((r) => r[3] === m.declarationType);
      const deadline = !m.milestoneDate ? 'None' : m.interimDate ? `${short(m.interimDate)} (interim) and ${short(m.milestoneDate)}` : short(m.milestoneDate);
      const payment = !m.paymentDate ? 'Not published yet' : m.interimPaymentDate ? `${short(m.interimPaymentDate)} or ${short(m.paymentDate)}` : short(m.paymentDate);
      const expected = [short(m.startDate), deadline, m.declarationType, payment];
      if (JSON.stringify(row?.slice(1)) !== JSON.stringify(expected)) problems.push(`${m.scheduleIdentifier} ${m.cohortYear} ${who} ${m.declarationType}: page ${JSON.stringify(row?.slice(1))}, data ${JSON.stringify(expected)}`);
    }
    expect(problems).toEqual([]);
    for (const kind of ['reduced', 'extended', 'replacement']) expect(html).toContain(`data-schedule="ecf-${kind}-september"`);
  });

  it('publishes the 2025 dates DfE publishes, and no placeholder dates', () => {
    const html = read(join(site, 'ecf/schedules-and-milestone-dates/index.html'));
    const section = (identifier: string) => new RegExp(`data-schedule="${identifier}" data-cohort="2025"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
    const rows = (who: string) => {
      const table = new RegExp(`<table[^>]*data-for="${who}"[^>]*>([\\s\\S]*?)</table>`).exec(section('ecf-standard-september'))?.[1] ?? '';
      return Object.fromEntries([...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!))).filter((r) => r.length).map((r) => [r[3], r.slice(1, 3).concat(r[4]!)]));
    };
    // As the successor service publishes them (start, deadline, payment).
    expect(rows('ect')).toEqual({
      started: ['1 Jun 2025', '31 Oct 2025 (interim) and 31 Dec 2025', '30 Nov 2025 or 31 Jan 2026'],
      'retained-1': ['1 Jan 2026', '31 Mar 2026', '30 Apr 2026'],
      'retained-2': ['1 Apr 2026', '31 Jul 2026', 'Not published yet'],
      'retained-3': ['1 Aug 2026', '31 Dec 2026', 'Not published yet'],
      'retained-4': ['1 Jan 2027', '31 Mar 2027', 'Not published yet'],
      completed: ['1 Apr 2027', '31 Jul 2027', '31 Aug 2027'],
    });
    expect(rows('mentor')).toEqual({
      started: ['1 Jun 2025', '31 Oct 2025 (interim) and 31 Dec 2025', '30 Nov 2025 or 31 Jan 2026'],
      completed: ['1 Apr 2026', '31 Jul 2026', '31 Aug 2026'],
    });
    for (const identifier of ['ecf-standard-january', 'ecf-standard-april']) {
      expect(section(identifier)).not.toContain('<table');
      expect(text(section(identifier))).toContain('Your contract manager gives you the dates');
    }
    // The seed's placeholder (every milestone on 1 July 2025) appears nowhere as a date in a table.
    expect([...html.matchAll(/<td>1 Jul 2025<\/td>/g)]).toHaveLength(0);
    expect(text(html)).toContain('Between 1 January and 31 March');
  });

  it('shows the support contact and feedback link from api/service-info.ts on every page', () => {
    const pages = htmlFiles().filter((f) => !f.endsWith('404.html') && !read(f).includes('http-equiv="refresh"'));
    expect(pages.length).toBeGreaterThan(40);
    expect(pages.filter((f) => !read(f).includes(`mailto:${serviceInfo.supportEmail}`) || !read(f).includes(serviceInfo.feedbackUrl)).map((f) => relative(site, f))).toEqual([]);
    expect(text(read(join(site, 'help/index.html')))).toContain('We aim to reply within two working days');
  });

  it('links the privacy notice, cookies, accessibility statement and licence from every page, with the OGL', () => {
    const pages = htmlFiles().filter((f) => !read(f).includes('http-equiv="refresh"') && !f.endsWith('reference-v3.html'));
    const missing: string[] = [];
    for (const file of pages) {
      const html = read(file);
      for (const path of ['privacy/', 'cookies/', 'accessibility/', 'licence/']) if (!html.includes(`href="${base}/${path}"`)) missing.push(`${relative(site, file)}: ${path}`);
      if (!html.includes('open-government-licence/version/3')) missing.push(`${relative(site, file)}: OGL`);
    }
    expect(missing).toEqual([]);
    for (const path of ['privacy', 'cookies', 'accessibility', 'licence']) expect(existsSync(join(site, path, 'index.html')), path).toBe(true);
  });

  it('has a testing and go-live checklist, in the sidebar of every guidance page, covering each resource', () => {
    const page = join(site, 'testing-and-go-live/index.html');
    const headings = [...read(page).matchAll(/<h[23][^>]*>([\s\S]*?)<\/h[23]>/g)].map((m) => text(m[1]!));
    for (const heading of ['Before you start', 'Test with your sandbox data', 'Partnerships', 'Participants', 'Declarations', 'Statements', 'Errors and limits', 'Ready to go live', 'After you go live']) {
      expect(headings, heading).toContain(heading);
    }
    // Every item is a task a provider can tick off, and it points at the sandbox's scenarios for ids.
    expect(text(read(page))).toContain('GET /api/sandbox/scenarios');
    const withoutLink = htmlFiles(join(site, 'ecf'))
      .filter((f) => !read(f).includes('http-equiv="refresh"')) // old addresses that redirect
      .filter((f) => !read(f).includes(`href="${base}/testing-and-go-live/"`));
    expect(withoutLink.map((f) => relative(site, f))).toEqual([]);
  });

  it('uses the configured public address for canonical links and the feed', () => {
    const canonical = (file: string) => /<link rel="canonical" href="([^"]+)"/.exec(read(file))?.[1];
    expect(canonical(join(site, 'ecf/guidance/index.html'))).toBe(`${publicUrl}${base}/ecf/guidance/`);
    expect(canonical(join(site, 'index.html'))).toBe(`${publicUrl}${base}/`);
    const links = [...read(join(site, 'release-notes/rss.xml')).matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(1);
    expect(links.filter((l) => !l.startsWith(`${publicUrl}${base}/`))).toEqual([]);
  });

  it('gives Workers year-long caching for content-hashed files (_headers beside the site)', () => {
    const headers = read(join(root, '_headers'));
    expect(headers).toMatch(/^\/api-reference\/_astro\/\*\n  Cache-Control: public, max-age=31536000, immutable$/m);
    expect(readdirSync(join(site, '_astro')).length).toBeGreaterThan(0);
  });

  it('lists every release note newest first, with its tags, versions and three sections', () => {
    const html = read(join(site, 'release-notes/index.html'));
    const articles = [...html.matchAll(/<article class="release-note" id="([^"]+)" data-tags="([^"]*)" data-versions="([^"]*)">([\s\S]*?)<\/article>/g)];
    expect(articles).toHaveLength(releaseNoteFiles().length);
    const dates = articles.map((a) => /datetime="([^"]+)"/.exec(a[4]!)![1]!);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const [, id, tags, versions, body] of articles) {
      expect(tags!.split(' ').length, id).toBeGreaterThan(0);
      expect(versions, id).toMatch(/^v\d+( v\d+)*$/);
      for (const tag of tags!.split(' ')) expect(body, id).toContain(`release-tag-${tag}`);
      for (const section of ['What changed', 'Why', 'What you need to do']) expect(text(body!), id).toContain(section);
    }
  });
});

describe('the guidance site in Chromium', () => {
  it('has a release notes feed that is valid XML with one item per note', async () => {
    const page = await browser!.newPage();
    try {
      const xml = await (await fetch(`${url}${base}/release-notes/rss.xml`)).text();
      await page.goto(`${url}${base}/`);
      const parsed = await page.evaluate((source) => {
        // In the browser: its XML parser is strict, and reports errors as a <parsererror> element.
        type XmlDocument = { documentElement: { nodeName: string }; querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): Iterable<{ querySelector(s: string): { textContent: string | null } | null }> };
        const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, type: string): XmlDocument } }).DOMParser;
        const doc = new Parser().parseFromString(source, 'application/xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          root: doc.documentElement.nodeName,
          items: [...doc.querySelectorAll('channel > item')].map((i) => ({ title: i.querySelector('title')?.textContent, link: i.querySelector('link')?.textContent })),
        };
      }, xml);
      expect(parsed.error).toBeNull();
      expect(parsed.root).toBe('rss');
      expect(parsed.items).toHaveLength(releaseNoteFiles().length);
      for (const item of parsed.items) {
        expect(item.title).toBeTruthy();
        const link = new URL(item.link!);
        expect(link.pathname).toBe(`${base}/release-notes/`);
        expect(idsIn(join(site, 'release-notes/index.html')).has(link.hash.slice(1))).toBe(true);
      }
    } finally {
      await page.close();
    }
  });

  it('filters the release notes by tag and by version', async () => {
    const page = await browser!.newPage();
    try {
      await page.goto(`${url}${base}/release-notes/?tag=production-release`);
      const visible = () => page.locator('article.release-note:visible').count();
      const withTag = releaseNoteFiles().filter((f) => /tags:.*production-release/.test(readFileSync(join(docsRoot, 'src/content/release-notes', f), 'utf8'))).length;
      expect(withTag).toBeGreaterThan(0);
      expect(await visible()).toBe(withTag);
      // The "On this page" list follows the filter.
      const tocNotes = () => page.locator('starlight-toc a[href^="#"]:not([href="#_top"]):visible').count();
      expect(await tocNotes()).toBe(withTag);
      await page.selectOption('select[name="tag"]', '');
      expect(await tocNotes()).toBe(releaseNoteFiles().length);
      expect(await visible()).toBe(releaseNoteFiles().length);
      await page.selectOption('select[name="version"]', 'v3');
      expect(await visible()).toBe(releaseNoteFiles().length);
      expect(page.url()).toContain('version=v3');
    } finally {
      await page.close();
    }
  });

  it('follows an old reference-v3.html anchor to the operation it named', async () => {
    const page = await browser!.newPage();
    try {
      for (const [anchor, method, path] of [
        ['api-v3-participants-ecf-id-defer-put', 'put', '/api/v3/participants/ecf/{id}/defer'],
        ['api-v3-partnerships-ecf-post', 'post', '/api/v3/partnerships/ecf'],
        ['api-v3-participant-declarations-get', 'get', '/api/v3/participant-declarations'],
      ] as const) {
        await page.goto(`${url}${base}/reference-v3.html#${anchor}`);
        await page.waitForURL(`**/operations/${operationSlug(method, path)}/`);
        expect(await page.locator('h1').first().textContent(), anchor).toBeTruthy();
      }
      // An anchor it does not know (a schema, say): the v3 reference.
      await page.goto(`${url}${base}/reference-v3.html#schema-ecfparticipantattributes`);
      await page.waitForURL(`**${base}/reference/v3/`);
    } finally {
      await page.close();
    }
  });

  it('has no serious or critical accessibility problems (axe) on any page, in the light and dark themes', async () => {
    const pages = htmlFiles().filter((f) => !read(f).includes('http-equiv="refresh"') && !f.endsWith('reference-v3.html')).map((f) => `/${relative(root, f)}`.replace(/index\.html$/, ''));
    expect(pages.length).toBeGreaterThan(40);
    const problems: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ content: axeSource });
    const page = await context.newPage();
    try {
      for (const theme of ['light', 'dark']) {
        await page.addInitScript(`localStorage.setItem('starlight-theme', '${theme}')`);
        // Every page in the light theme; in the dark theme the kinds that differ (guidance, reference, sandbox, release notes).
        const list = theme === 'light' ? pages : pages.filter((p) => /\/(ecf\/guidance\/declarations|reference\/v3\/operations\/post-participant-declarations|sandbox|release-notes)\/$/.test(p));
        for (const path of list) {
          await page.goto(`${url}${path}`, { waitUntil: 'load' });
          const found = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(`
            axe.run(document, { resultTypes: ['violations'] }).then((r) =>
              r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))
          `);
          for (const v of found.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`${theme} ${path}: ${v.id} (${v.impact}) ${v.targets.join(', ')}`);
        }
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('lets a keyboard user reach and scroll every code block on the reference and sandbox pages', async () => {
    const page = await browser!.newPage();
    try {
      for (const path of [`/reference/v3/operations/${operationSlug('post', '/api/v3/participant-declarations')}/`, '/sandbox/']) {
        await page.goto(`${url}${base}${path}`);
        // Every code block that scrolls must be focusable, so arrow keys can scroll it.
        const unreachable = await page.evaluate<string[]>(`[...document.querySelectorAll('pre')]
          .filter((pre) => pre.scrollWidth > pre.clientWidth && pre.tabIndex < 0)
          .map((pre) => pre.textContent.slice(0, 40))`);
        expect(unreachable, path).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });

  it('finds pages with the built-in search', async () => {
    const page = await browser!.newPage();
    try {
      await page.goto(`${url}${base}/`);
      await page.locator('button[data-open-modal]').first().click();
      await page.locator('dialog input[type="search"], dialog input').first().fill('clawback');
      await expect.poll(() => page.locator('dialog .pagefind-ui__result').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('renders the home page, a guidance page, a reference page and the release notes (screenshots)', async () => {
    mkdirSync(screenshots, { recursive: true });
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      for (const [name, path, heading] of [
        ['home', '/', 'About the API'],
        ['guidance', '/ecf/guidance/declarations/', 'Declarations'],
        ['reference', `/reference/v3/operations/${operationSlug('post', '/api/v3/participant-declarations')}/`, 'Submit a declaration'],
        ['release-notes', '/release-notes/', 'Release notes'],
      ] as const) {
        await page.goto(`${url}${base}${path}`, { waitUntil: 'networkidle' });
        expect(await page.locator('h1').first().textContent()).toContain(heading);
        const file = join(screenshots, `${name}.png`);
        await page.screenshot({ path: file });
        expect(statSync(file).size).toBeGreaterThan(10_000);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
    console.log(`Screenshots: ${relative(repo, screenshots)}/{home,guidance,reference,release-notes}.png`);
    expect(dirname(screenshots)).toContain('test/bench/results');
  }, 60_000);
});
