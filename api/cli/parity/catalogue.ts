import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

// The request catalogue: which requests the parity tool replays against both deployments. The
// format follows the reference service's own parity check (config/parity_check_endpoints.yml in
// the successor service): requests grouped by method, each a one-key map from path to options
// (query, paginate, id, body, exclude, exclude_lead_providers, description). Where the reference
// names a Ruby method for an id or a body, ours names a *source*: a list request whose items
// supply the ids and values, so a catalogue works against any deployment over HTTP alone.

const scalar = z.union([z.string(), z.number(), z.boolean()]);
type QueryValue = string | number | boolean | { [key: string]: QueryValue };
const queryValue: z.ZodType<QueryValue> = z.lazy(() => z.union([scalar, z.record(z.string(), queryValue)]));

const sourceSchema = z.strictObject({
  /** A list endpoint (GET), called on deployment A with the lead provider's token. */
  from: z.string().startsWith('/'),
  query: z.record(z.string(), queryValue).optional(),
  /** Only items whose value at each dotted path equals the given value. */
  where: z.record(z.string(), scalar).optional(),
  /** `first` matching item (the default), or a `random` one, seeded by --seed. */
  pick: z.enum(['first', 'random']).default('first'),
});

const optionsSchema = z.strictObject({
  description: z.string().optional(),
  query: z.record(z.string(), queryValue).optional(),
  paginate: z.boolean().default(false),
  per_page: z.number().int().positive().optional(),
  /** Fills the path's `{id}` (or `:id`): `":source"` for the item's id, `":source.path"` for a field. */
  id: z.string().optional(),
  /** Another path on one side only: the old service may not serve a path the new one does. */
  a_path: z.string().startsWith('/').optional(),
  b_path: z.string().startsWith('/').optional(),
  /** The reference catalogue's name for a_path: the old (ECF) service is A. */
  ecf_path: z.string().startsWith('/').optional(),
  exclude: z.array(z.string()).default([]),
  exclude_lead_providers: z.array(z.string()).default([]),
  headers: z.record(z.string(), z.string()).default({}),
  /**
   * JSON request body; any string value that is a placeholder is replaced by its value. A bare
   * string names a body under `bodies` (as the reference catalogue names its body builders).
   */
  body: z.unknown().optional(),
});

const entryList = z.array(z.record(z.string().startsWith('/'), optionsSchema.nullable())
  .refine((m) => Object.keys(m).length === 1, 'each entry is one path with its options'));

const catalogueSchema = z.strictObject({
  /** Default page size for paginated requests. */
  per_page: z.number().int().positive().default(100),
  /** Exclusions for every request. */
  exclude: z.array(z.string()).default([]),
  sources: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/i), sourceSchema).default({}),
  /** Request bodies by name, for entries whose `body` is a name. */
  bodies: z.record(z.string(), z.unknown()).default({}),
  get: entryList.default([]),
  post: entryList.default([]),
  put: entryList.default([]),
  patch: entryList.default([]),
  delete: entryList.default([]),
});

export const READ_METHODS = ['GET'] as const;
export type Source = z.infer<typeof sourceSchema>;
export type Query = Record<string, QueryValue>;

export interface CatalogueEntry {
  method: string;
  path: string;
  description?: string;
  query: Query;
  paginate: boolean;
  perPage: number;
  id?: string;
  aPath?: string;
  bPath?: string;
  /** The entry's own exclusions and the catalogue's. */
  exclude: string[];
  excludeLeadProviders: string[];
  headers: Record<string, string>;
  body?: unknown;
  /** How the report names it: method, path, query and description. */
  label: string;
}

export interface Catalogue {
  sources: Record<string, Source>;
  entries: CatalogueEntry[];
}

/** A path template's id segment, in either spelling: OpenAPI's `{id}` or the reference's `:id`. */
export const ID_SEGMENT = /\{id\}|:id\b/;

export function parseCatalogue(text: string, origin = 'catalogue'): Catalogue {
  // Merge keys (`<<: *defer`) let entries share options without repeating them.
  const parsed = catalogueSchema.safeParse(parse(text, { merge: true }) ?? {});
  if (!parsed.success) {
    throw new Error(`${origin}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  const doc = parsed.data;
  const entries: CatalogueEntry[] = [];
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    for (const item of doc[method]) {
      const [path, raw] = Object.entries(item)[0]!;
      const options = optionsSchema.parse(raw ?? {});
      if (options.a_path && options.ecf_path) throw new Error(`${origin}: ${method.toUpperCase()} ${path} has both a_path and ecf_path (they mean the same)`);
      if (typeof options.body === 'string' && !(options.body in doc.bodies)) throw new Error(`${origin}: ${method.toUpperCase()} ${path} names body "${options.body}", which "bodies" does not define`);
      const body = typeof options.body === 'string' ? doc.bodies[options.body] : options.body;
      const entry: CatalogueEntry = {
        method: method.toUpperCase(),
        path,
        description: options.description,
        query: options.query ?? {},
        paginate: options.paginate,
        perPage: options.per_page ?? doc.per_page,
        id: options.id,
        aPath: options.a_path ?? options.ecf_path,
        bPath: options.b_path,
        exclude: [...doc.exclude, ...options.exclude],
        excludeLeadProviders: options.exclude_lead_providers,
        headers: options.headers,
        body,
        label: '',
      };
      entry.label = labelOf(entry);
      const needsId = [path, entry.aPath, options.b_path].some((p) => p && ID_SEGMENT.test(p));
      if (needsId && !options.id) throw new Error(`${origin}: ${entry.label} has an id in its path but no "id" option`);
      entries.push(entry);
    }
  }
  return { sources: doc.sources, entries };
}

export function loadCatalogue(file: string): Catalogue {
  return parseCatalogue(readFileSync(file, 'utf8'), file);
}

function labelOf(entry: CatalogueEntry): string {
  const query = queryString(entry.query);
  return `${entry.method} ${entry.path}${query ? `?${query}` : ''}${entry.description ? ` (${entry.description})` : ''}`;
}

/** `{filter: {cohort: 2021}}` → `filter[cohort]=2021`, brackets left readable. */
export function queryString(query: Query): string {
  const pairs: string[] = [];
  const walk = (prefix: string, value: QueryValue) => {
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}[${encodeURIComponent(k)}]` : encodeURIComponent(k), v);
    } else {
      pairs.push(`${prefix}=${encodeURIComponent(String(value)).replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
    }
  };
  walk('', query);
  return pairs.join('&');
}
