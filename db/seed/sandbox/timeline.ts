import type { Random } from '../random';
import { DAY } from './calendar';

/** Timestamps: calendar-based, clamped into the past, unique per kind (table and column). */
export class Timeline {
  private readonly used = new Map<string, Set<number>>();
  readonly limit: number;

  constructor(readonly now: number, private readonly rng: Random) {
    this.limit = now - 60_000;
  }

  /**
   * `t` if it is in the past, else a moment in the last few weeks (after `notBefore` when given);
   * unique within `kind`.
   */
  at(kind: string, t: number, notBefore?: number): Date {
    let ms = Math.round(t);
    if (ms > this.limit) {
      ms = notBefore === undefined
        ? this.limit - Math.floor(this.rng.next() * 21 * DAY)
        : Math.round(Math.min(this.limit, notBefore + 1) + this.rng.next() * Math.max(0, this.limit - notBefore - 1));
    }
    let set = this.used.get(kind);
    if (!set) this.used.set(kind, (set = new Set()));
    while (set.has(ms)) ms += 1;
    set.add(ms);
    return new Date(ms);
  }

  /** A moment between `from` and now, skewed towards `from` (most rows change soon after creation). */
  after(kind: string, from: number | Date, maxGapDays?: number): Date {
    const start = typeof from === 'number' ? from : from.getTime();
    const span = Math.max(0, Math.min(this.limit, maxGapDays === undefined ? this.limit : start + maxGapDays * DAY) - start);
    const r = this.rng.next();
    const t = start + 1000 + Math.floor(r * r * r * span);
    let ms = Math.max(t, start + 1);
    let set = this.used.get(kind);
    if (!set) this.used.set(kind, (set = new Set()));
    while (set.has(ms)) ms += 1;
    set.add(ms);
    return new Date(ms);
  }
}
