// Field-by-field comparison of two answers, with exclusions. An exclusion is either a bare field
// name (`updated_at`: that key wherever it appears, as the reference catalogue's `exclude` works)
// or a path from the top of the body (`data.*.attributes.updated_at`, also written
// `$.data[*].attributes.updated_at`), where `*` stands for any one key or index.

export type Segment = string | number;

export interface Difference {
  /** Where, as `data[3].attributes.full_name` (CSV rows: `[3].full_name`). */
  path: string;
  kind: 'changed' | 'only in a' | 'only in b';
  a?: unknown;
  b?: unknown;
}

export interface Exclusions {
  anywhere: Set<string>;
  paths: string[][];
}

export function compileExclusions(list: readonly string[]): Exclusions {
  const anywhere = new Set<string>();
  const paths: string[][] = [];
  for (const raw of list) {
    const normal = raw.trim().replace(/^\$\.?/, '').replace(/\[(\*|\d+)\]/g, '.$1').replace(/^\./, '');
    if (normal.includes('.')) paths.push(normal.split('.'));
    else if (normal) anywhere.add(normal);
  }
  return { anywhere, paths };
}

function excluded(at: Segment[], ex: Exclusions): boolean {
  const last = at[at.length - 1];
  if (typeof last === 'string' && ex.anywhere.has(last)) return true;
  return ex.paths.some((p) => p.length === at.length && p.every((s, i) => s === '*' || s === String(at[i])));
}

export function formatPath(at: Segment[]): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(body)';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every difference between `a` and `b` outside the exclusions (arrays compared by position). */
export function compareBodies(a: unknown, b: unknown, exclusions: Exclusions): Difference[] {
  const out: Difference[] = [];
  const walk = (x: unknown, y: unknown, at: Segment[]) => {
    if (at.length > 0 && excluded(at, exclusions)) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const here = [...at, i];
        if (i >= y.length) { if (!excluded(here, exclusions)) out.push({ path: formatPath(here), kind: 'only in a', a: x[i] }); }
        else if (i >= x.length) { if (!excluded(here, exclusions)) out.push({ path: formatPath(here), kind: 'only in b', b: y[i] }); }
        else walk(x[i], y[i], here);
      }
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const here = [...at, key];
        if (!(key in y)) { if (!excluded(here, exclusions)) out.push({ path: formatPath(here), kind: 'only in a', a: x[key] }); }
        else if (!(key in x)) { if (!excluded(here, exclusions)) out.push({ path: formatPath(here), kind: 'only in b', b: y[key] }); }
        else walk(x[key], y[key], here);
      }
      return;
    }
    if (!Object.is(x, y)) out.push({ path: formatPath(at), kind: 'changed', a: x, b: y });
  };
  walk(a, b, []);
  return out;
}

/**
 * The shape of an answer, for deployments that hold different records (the old service's data
 * and our sandbox's made-up data): each value becomes its type, and a list its first item's
 * shape, so two answers agree when they have the same fields with the same types.
 */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
}

/** Differences of shape that are differences of data: a null field, or an empty list. */
export function isDataOnly(d: Difference): boolean {
  if (d.kind === 'changed') return d.a === 'null' || d.b === 'null' || (Array.isArray(d.a) && Array.isArray(d.b));
  return /\[0\]$/.test(d.path);
}
