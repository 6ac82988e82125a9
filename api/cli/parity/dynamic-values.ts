import { createRandom, hashString } from '../../../db/seed/random';
import { queryString, type Source } from './catalogue';

// Dynamic ids and bodies. A placeholder is a whole string value `":name"` (the id of an item
// picked from the source `name`) or `":name.path.to.field"` (that item's field; array indices
// are numbers: `attributes.ecf_enrolments.0.course_identifier`). Items are picked from
// deployment A's answers: A is the service being compared against, and both deployments are
// expected to hold the same records under the same ids (as after a migration, or two sandboxes
// seeded alike).

const PLACEHOLDER = /^:([a-z_][a-z0-9_]*)((?:\.[^.\s]+)*)$/i;

export type Json = unknown;

/** Why an entry could not be built for a lead provider (it is then skipped, not failed). */
export class UnresolvedValue extends Error {}

export function valueAt(item: Json, path: string): Json {
  let here: Json = item;
  for (const key of path.split('.').filter(Boolean)) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, Json>)[key];
  }
  return here;
}

// YAML reads `2025` as a number where the API says "2025": a filter means the same either way.
const sameScalar = (have: Json, want: string | number | boolean) =>
  (have === null || typeof have !== 'object') && String(have) === String(want);

/** Placeholder names used anywhere in a value (strings, arrays, objects). */
export function placeholdersIn(value: Json, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = PLACEHOLDER.exec(value);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) placeholdersIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) placeholdersIn(v, out);
  }
  return out;
}

/** A copy of `value` with each placeholder replaced by its value (keeping its JSON type). */
export function fillPlaceholders(value: Json, items: Record<string, Json>): Json {
  if (typeof value === 'string') {
    const m = PLACEHOLDER.exec(value);
    if (!m) return value;
    const [, name, path] = m;
    const found = path ? valueAt(items[name!], path.slice(1)) : valueAt(items[name!], 'id');
    if (found === undefined) throw new UnresolvedValue(`${value}: the ${name} item has no ${path ? path.slice(1) : 'id'}`);
    return found;
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, items));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, items)]));
  }
  return value;
}

/**
 * The items of the catalogue's sources for one lead provider, fetched once each. A random pick
 * is seeded by the run's seed, the provider and the source's name, so it does not move when
 * entries are added or reordered.
 */
export class SourceItems {
  private readonly cache = new Map<string, Promise<Json>>();

  constructor(
    private readonly sources: Record<string, Source>,
    private readonly leadProvider: string,
    private readonly seed: number,
    /** GET on deployment A; resolves to the parsed JSON body, or throws. */
    private readonly getFromA: (pathAndQuery: string) => Promise<Json>,
  ) {}

  async itemsFor(value: Json): Promise<Record<string, Json>> {
    const out: Record<string, Json> = {};
    for (const name of placeholdersIn(value)) out[name] = await this.item(name);
    return out;
  }

  private item(name: string): Promise<Json> {
    let found = this.cache.get(name);
    if (!found) {
      found = this.pick(name);
      this.cache.set(name, found);
    }
    return found;
  }

  private async pick(name: string): Promise<Json> {
    const source = this.sources[name];
    if (!source) throw new UnresolvedValue(`":${name}" names no source in the catalogue`);
    const query = queryString(source.query ?? {});
    const body = await this.getFromA(`${source.from}${query ? `?${query}` : ''}`);
    const data = valueAt(body, 'data');
    if (!Array.isArray(data)) throw new UnresolvedValue(`source ${name}: ${source.from} gave no data list`);
    const matching = data.filter((item) => Object.entries(source.where ?? {}).every(([path, want]) => sameScalar(valueAt(item, path), want)));
    if (matching.length === 0) throw new UnresolvedValue(`source ${name}: no item of ${source.from} matches`);
    if (source.pick === 'first') return matching[0];
    return createRandom(hashString(`${this.seed}:${this.leadProvider}:${name}`)).pick(matching);
  }
}
