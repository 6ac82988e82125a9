import { ID_SEGMENT, queryString, type Catalogue, type CatalogueEntry, type Query } from './catalogue';
import { compareBodies, compileExclusions, isDataOnly, shapeOf, type Difference } from './compare';
import { fillPlaceholders, SourceItems, UnresolvedValue } from './dynamic-values';
import { pageLength, send, type Exchange, type SendOptions } from './http-exchange';
import type { LeadProviderTokens } from './tokens';

// Replays the catalogue, one lead provider at a time, against deployments A and B and compares
// each pair of answers. Reads run first, then writes (only with `writes`), in catalogue order, so
// a write's later entries can follow an earlier one (defer, then resume, the same participant).

export interface RunOptions {
  a: string;
  b: string;
  catalogue: Catalogue;
  tokens: LeadProviderTokens[];
  /** Writes change data on both deployments: off unless asked for. */
  writes?: boolean;
  seed?: number;
  /** Overrides every entry's page size. */
  perPage?: number;
  /** Stops following pages after this many (0: no limit). */
  maxPages?: number;
  /**
   * `values` (the default): the same records field by field, ids picked on A. `shape`: for
   * deployments with different records: the same fields with the same types, each side's ids
   * picked from its own answers, the first page of each list only.
   */
  compare?: 'values' | 'shape';
  /** Only entries whose label contains one of these. */
  only?: string[];
  send?: SendOptions;
  onProgress?: (line: string) => void;
}

export interface Mismatch {
  lead_provider: string;
  page: number | null;
  a: { url: string; status: number; error?: string };
  b: { url: string; status: number; error?: string };
  /** How many fields differ (the list below is cut at MAX_DIFFERENCES). */
  difference_count: number;
  differences: Difference[];
}

export interface EndpointResult {
  label: string;
  method: string;
  path: string;
  description: string | null;
  query: string;
  /** Compared pairs of requests (one per page). */
  requests: number;
  matched: number;
  /** How many pairs answered each status: `200`, or `200/404` when A and B differ. */
  statuses: Record<string, number>;
  /** Percentage of pairs that matched; null when nothing was compared. */
  match_rate: number | null;
  a_ms: number;
  b_ms: number;
  /** b ÷ a of the total time; above 1 means B is slower. */
  timing_ratio: number | null;
  mismatches: Mismatch[];
  skipped: { lead_provider: string | null; reason: string }[];
}

export interface ParityReport {
  a: string;
  b: string;
  started_at: string;
  finished_at: string;
  writes: boolean;
  compare: 'values' | 'shape';
  seed: number;
  lead_providers: string[];
  summary: { requests: number; matched: number; match_rate: number | null; a_ms: number; b_ms: number; timing_ratio: number | null; skipped: number };
  endpoints: EndpointResult[];
}

const MAX_DIFFERENCES = 20;
const MAX_MISMATCHES_PER_ENDPOINT = 10;

const trimBase = (url: string) => url.replace(/\/+$/, '');
const rate = (matched: number, total: number) => (total === 0 ? null : Math.round((matched / total) * 10000) / 100);
const ratio = (b: number, a: number) => (a > 0 ? Math.round((b / a) * 100) / 100 : null);

export async function runParity(options: RunOptions): Promise<ParityReport> {
  const started = new Date();
  const seed = options.seed ?? 1;
  const shape = options.compare === 'shape';
  const results = new Map<CatalogueEntry, EndpointResult>();
  const entries = options.catalogue.entries.filter((e) => !options.only?.length || options.only.some((o) => e.label.includes(o)));
  // Reads first: they are what a writes-free run compares, and they see the data before writes.
  const ordered = [...entries.filter((e) => e.method === 'GET'), ...entries.filter((e) => e.method !== 'GET')];
  for (const entry of ordered) results.set(entry, emptyResult(entry));

  for (const lp of options.tokens) {
    const sourcesOn = (side: 'a' | 'b') => new SourceItems(options.catalogue.sources, lp.name, seed, async (pathAndQuery) => {
      const res = await send({ method: 'GET', url: trimBase(options[side]) + pathAndQuery, token: lp[side] }, options.send);
      if (res.status !== 200 || res.body.kind !== 'json') throw new UnresolvedValue(`${pathAndQuery} answered ${res.status || res.error} on ${side.toUpperCase()}`);
      return res.body.value;
    });
    const sourcesA = sourcesOn('a');
    const sourcesB = shape ? sourcesOn('b') : sourcesA;
    let turn = 0;
    for (const entry of ordered) {
      const result = results.get(entry)!;
      if (entry.method !== 'GET' && !options.writes) continue;
      if (entry.excludeLeadProviders.includes(lp.name)) {
        result.skipped.push({ lead_provider: lp.name, reason: 'lead provider excluded by the catalogue' });
        continue;
      }
      let built: Record<'a' | 'b', { path: string; query: Query; body: unknown }>;
      try {
        built = { a: await buildRequest(entry, sourcesA, 'a'), b: await buildRequest(entry, sourcesB, 'b') };
      } catch (err) {
        if (!(err instanceof UnresolvedValue)) throw err;
        result.skipped.push({ lead_provider: lp.name, reason: err.message });
        options.onProgress?.(`skip  ${lp.name}  ${entry.label}: ${err.message}`);
        continue;
      }
      const perPage = options.perPage ?? entry.perPage;
      const exclusions = compileExclusions(entry.exclude);
      for (let page = 1; ; page++) {
        const request = (side: 'a' | 'b') => {
          const query = queryString(entry.paginate ? { ...built[side].query, page: { page, per_page: perPage } } : built[side].query);
          return send({
            method: entry.method,
            url: `${trimBase(options[side])}${built[side].path}${query ? `?${query}` : ''}`,
            token: lp[side],
            headers: entry.headers,
            body: built[side].body,
          }, options.send);
        };
        // Whichever side goes second finds caches warm; alternating keeps the timing ratio fair.
        let a: Exchange, b: Exchange;
        if (turn++ % 2 === 0) { a = await request('a'); b = await request('b'); }
        else { b = await request('b'); a = await request('a'); }

        const differences = a.error || b.error ? [] : a.body.kind !== b.body.kind
          ? [{ path: '(body)', kind: 'changed' as const, a: a.body.kind, b: b.body.kind }]
          : shape
            ? compareBodies(shapeOf(a.body.value), shapeOf(b.body.value), exclusions).filter((d) => !isDataOnly(d))
            : compareBodies(a.body.value, b.body.value, exclusions);
        const same = !a.error && !b.error && a.status === b.status && differences.length === 0;
        result.requests += 1;
        const status = a.status === b.status ? String(a.status) : `${a.status}/${b.status}`;
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        result.a_ms += a.ms;
        result.b_ms += b.ms;
        if (same) result.matched += 1;
        else if (result.mismatches.length < MAX_MISMATCHES_PER_ENDPOINT) {
          result.mismatches.push({
            lead_provider: lp.name,
            page: entry.paginate ? page : null,
            a: { url: a.url, status: a.status, ...(a.error ? { error: a.error } : {}) },
            b: { url: b.url, status: b.status, ...(b.error ? { error: b.error } : {}) },
            difference_count: differences.length,
            differences: differences.slice(0, MAX_DIFFERENCES),
          });
        }
        options.onProgress?.(`${same ? 'match' : 'DIFF '}  ${lp.name}  ${entry.label}${entry.paginate ? ` page ${page}` : ''}`);
        // Follow pages while either side gave a full one: a page short on one side only is
        // itself a difference, and the next page shows whether the rows moved or went missing.
        const full = [pageLength(a.body), pageLength(b.body)].some((n) => n === perPage);
        // A list's shape is the same on every page: with different records, one page shows it.
        if (!entry.paginate || !full || shape || (options.maxPages && page >= options.maxPages)) break;
      }
    }
  }

  for (const entry of ordered) {
    if (entry.method !== 'GET' && !options.writes) results.get(entry)!.skipped.push({ lead_provider: null, reason: 'a write: run with --writes to include it' });
  }
  const endpoints = [...results.values()].map((r) => ({ ...r, a_ms: round(r.a_ms), b_ms: round(r.b_ms), match_rate: rate(r.matched, r.requests), timing_ratio: ratio(r.b_ms, r.a_ms) }));
  const total = endpoints.reduce((s, r) => ({ requests: s.requests + r.requests, matched: s.matched + r.matched, a: s.a + r.a_ms, b: s.b + r.b_ms, skipped: s.skipped + r.skipped.length }), { requests: 0, matched: 0, a: 0, b: 0, skipped: 0 });
  return {
    a: options.a,
    b: options.b,
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    writes: Boolean(options.writes),
    compare: shape ? 'shape' : 'values',
    seed,
    lead_providers: options.tokens.map((t) => t.name),
    summary: { requests: total.requests, matched: total.matched, match_rate: rate(total.matched, total.requests), a_ms: round(total.a), b_ms: round(total.b), timing_ratio: ratio(total.b, total.a), skipped: total.skipped },
    endpoints,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function buildRequest(entry: CatalogueEntry, sources: SourceItems, side: 'a' | 'b') {
  const items = await sources.itemsFor([entry.id, entry.query, entry.body]);
  const id = entry.id === undefined ? undefined : String(fillPlaceholders(entry.id, items));
  const path = (side === 'a' ? entry.aPath : entry.bPath) ?? entry.path;
  return {
    path: id === undefined ? path : path.replace(ID_SEGMENT, encodeURIComponent(id)),
    query: fillPlaceholders(entry.query, items) as Query,
    body: entry.body === undefined ? undefined : fillPlaceholders(entry.body, items),
  };
}

function emptyResult(entry: CatalogueEntry): EndpointResult {
  return {
    label: entry.label,
    method: entry.method,
    path: entry.path,
    description: entry.description ?? null,
    query: queryString(entry.query),
    requests: 0,
    matched: 0,
    statuses: {},
    match_rate: null,
    a_ms: 0,
    b_ms: 0,
    timing_ratio: null,
    mismatches: [],
    skipped: [],
  };
}
