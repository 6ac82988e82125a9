import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Reads the example requests out of the guidance pages (docs/src/content/docs/**/*.md, *.mdx):
// every ```http block, and every ```sh block that runs curl, with the ```json block titled
// "Response NNN" that follows it (if any). The test replays them against the app.

export const docsRoot = new URL('../../docs/', import.meta.url).pathname;
export const pagesDir = join(docsRoot, 'src/content/docs');

export interface GuidanceExample {
  /** Where it is written, for messages: `ecf/guidance/declarations.md:123`. */
  source: string;
  method: string;
  /** Path and query as written, e.g. `/api/v3/participants/ecf?filter[cohort]=2025`. */
  target: string;
  headers: Record<string, string>;
  body: unknown;
  /** The documented status: from the response block's title, else 200. */
  status: number;
  /** The documented response body, if a response block follows. */
  response?: unknown;
  /** "(abridged)" in the title: the response shows only some of the keys. */
  abridged: boolean;
}

export function guidancePages(dir = pagesDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return guidancePages(path);
    return /\.mdx?$/.test(entry.name) ? [path] : [];
  });
}

interface Fence { lang: string; meta: string; text: string; line: number }

function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  const re = /^```(\w*)([^\n]*)\n([\s\S]*?)^```\s*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    out.push({ lang: m[1]!, meta: m[2]!.trim(), text: m[3]!, line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** Splits a shell command line into words, honouring single and double quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

function parseHttp(text: string): Pick<GuidanceExample, 'method' | 'target' | 'headers' | 'body'> {
  const [head, ...rest] = text.split(/\n\s*\n/);
  const [requestLine, ...headerLines] = head!.trim().split('\n');
  const [method, target] = requestLine!.trim().split(/\s+/);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  const bodyText = rest.join('\n\n').trim();
  return { method: method!, target: target!, headers, body: bodyText ? JSON.parse(bodyText) : undefined };
}

function parseCurl(text: string): Pick<GuidanceExample, 'method' | 'target' | 'headers' | 'body'> {
  const words = shellWords(text.replace(/\\\n/g, ' '));
  const headers: Record<string, string> = {};
  let method = 'GET';
  let body: unknown;
  let url = '';
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-H' || w === '--header') {
      const h = words[++i]!;
      headers[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
    } else if (w === '-X' || w === '--request') method = words[++i]!;
    else if (w === '-d' || w === '--data') {
      body = JSON.parse(words[++i]!);
      if (method === 'GET') method = 'POST';
    } else if (w === '-o' || w === '--output') i++;
    else if (/^https?:\/\//.test(w)) url = w;
  }
  const parsed = new URL(url);
  return { method, target: `${parsed.pathname}${decodeURIComponent(parsed.search)}`, headers, body };
}

export function examplesIn(file: string): GuidanceExample[] {
  const markdown = readFileSync(file, 'utf8');
  const blocks = fences(markdown);
  const out: GuidanceExample[] = [];
  blocks.forEach((block, i) => {
    const isHttp = block.lang === 'http';
    const isCurl = (block.lang === 'sh' || block.lang === 'bash') && /^\s*curl\s/.test(block.text);
    if (!isHttp && !isCurl) return;
    const source = `${relative(pagesDir, file)}:${block.line}`;
    const request = isHttp ? parseHttp(block.text) : parseCurl(block.text);
    const next = blocks[i + 1];
    const title = next?.lang === 'json' ? /title="Response (\d{3})([^"]*)"/.exec(next.meta) : null;
    out.push({
      source,
      ...request,
      status: title ? Number(title[1]) : 200,
      response: title ? JSON.parse(next!.text) : undefined,
      abridged: title ? /abridged/.test(title[2]!) : false,
    });
  });
  return out;
}

export const allExamples = () => guidancePages().flatMap(examplesIn);

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `/api/v3/participants/ecf/0f83…/defer?x=1` → `/api/v3/participants/ecf/{id}/defer` */
export const pathTemplate = (target: string) => target.split('?')[0]!.replace(uuid, '{id}');

export const isUuid = (value: unknown): value is string => typeof value === 'string' && new RegExp(`^${uuid.source}$`, 'i').test(value);

/**
 * Differences between the keys of a documented example and a real response: the same keys in
 * every object (only a subset when abridged), the same JSON types, and for arrays the first
 * element of each. Values are not compared; `null` on either side matches anything.
 */
export function keyDifferences(documented: unknown, actual: unknown, abridged: boolean, at = '$'): string[] {
  if (documented === null || actual === null) return [];
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
  if (kind(documented) !== kind(actual)) return [`${at}: documented as ${kind(documented)}, got ${kind(actual)}`];
  if (Array.isArray(documented) && Array.isArray(actual)) {
    if (!documented.length) return [];
    if (!actual.length) return [`${at}: documented with items, but the response had none`];
    return keyDifferences(documented[0], actual[0], abridged, `${at}[0]`);
  }
  if (typeof documented === 'object' && typeof actual === 'object') {
    const d = documented as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(d)) {
      if (!(key in a)) problems.push(`${at}.${key}: documented but not in the response`);
      else problems.push(...keyDifferences(d[key], a[key], abridged, `${at}.${key}`));
    }
    if (!abridged) for (const key of Object.keys(a)) if (!(key in d)) problems.push(`${at}.${key}: in the response but not documented`);
    return problems;
  }
  return [];
}

/**
 * Attributes whose documented values must be the real ones: states, statuses, cohorts, types and
 * flags, which say what the example is about. Ids, names, dates and counts differ from one
 * sandbox to the next, so they are not compared (ids the request used are checked separately).
 */
export const comparedKeys = new Set([
  'type', 'cohort', 'status', 'state', 'training_status', 'participant_status', 'participant_type', 'declaration_type',
  'course_identifier', 'schedule_identifier', 'in_partnership', 'induction_programme_choice', 'paid', 'transfer_type',
  'evidence_held', 'title', 'challenged_reason', 'reason', 'eligible_for_funding', 'cohort_changed_after_payments_frozen',
]);

/**
 * Differences between documented and real values: for the keys in `comparedKeys`, and for any id
 * the example's request used (the documented response must show that record, not another).
 */
export function valueDifferences(documented: unknown, actual: unknown, requestIds: Set<string>, at = '$', key = '', keys = comparedKeys): string[] {
  // A list's first record is whichever comes first in this sandbox: only its type is compared.
  if (at === '$' && Array.isArray((actual as { data?: unknown } | null)?.data)) keys = new Set(['type']);
  if (documented === null || actual === null || documented === undefined || actual === undefined) return [];
  if (Array.isArray(documented) && Array.isArray(actual)) {
    return documented.length && actual.length ? valueDifferences(documented[0], actual[0], requestIds, `${at}[0]`, key, keys) : [];
  }
  if (typeof documented === 'object' && typeof actual === 'object') {
    const d = documented as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    return Object.keys(d).filter((k) => k in a).flatMap((k) => valueDifferences(d[k], a[k], requestIds, `${at}.${k}`, k, keys));
  }
  const compared = keys.has(key) || (typeof documented === 'string' && requestIds.has(documented));
  if (compared && documented !== actual) return [`${at}: documented ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`];
  return [];
}
