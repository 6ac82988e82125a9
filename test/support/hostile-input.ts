import type { Random } from '../../db/seed/random';

// Hostile JSON values for the fuzz suites (test/reliability/fuzz.test.ts, operator-fuzz.test.ts):
// each suite brings the strings and numbers that probe its own rules, the ids it knows, and how
// long its longest strings are.

export interface HostileVocabulary {
  strings: readonly string[];
  numbers: readonly number[];
  /** Ids of real records, read when a value is drawn (the suites fill them in beforeAll). */
  knownIds: () => readonly string[];
  /** Whether some ids are fresh UUIDs (unknown records) rather than known ones. */
  freshIds: boolean;
  longString: { min: number; max: number };
}

/** A random value: a string, number or literal, a nested array or object, an id, or a very long string. */
export function hostileValue(v: HostileVocabulary, r: Random, depth = 0): unknown {
  switch (r.int(0, 9)) {
    case 0: return r.pick(v.strings);
    case 1: return r.pick(v.numbers);
    case 2: return r.pick([null, true, false]);
    case 3: return depth > 3 ? [] : Array.from({ length: r.int(0, 3) }, () => hostileValue(v, r, depth + 1));
    case 4: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: r.int(0, 3) }, () => [r.pick(v.strings).slice(0, 20), hostileValue(v, r, depth + 1)]));
    case 5: return r.pick(v.knownIds());
    case 6: return v.freshIds ? crypto.randomUUID() : r.pick(v.knownIds());
    case 7: return 'a'.repeat(r.int(v.longString.min, v.longString.max));
    default: return r.pick(v.strings);
  }
}
