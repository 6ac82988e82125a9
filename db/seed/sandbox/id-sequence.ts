

// -------------------------------------------------------------------------------------------------
// Ids for the high-volume rows (declarations, their states and statement lines): UUIDv7, whose
// leading 48 bits are a millisecond clock, here a fixed start plus one per id, and whose other
// bits are a mix of the counter. So: unique, deterministic (counters advance in generation
// order), far cheaper than a SHA-1 per row, and ordered as written, so the primary key index
// grows at its end instead of being rewritten all over.
export const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export const hex32 = (n: number) => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class IdSequence {
  private n = 0;
  /** `startMs`: the clock of the first id (whole milliseconds). */
  constructor(private readonly startMs: number, private readonly salt: number) {}

  next(): string {
    const n = this.n++;
    const ms = this.startMs + n;
    const high = Math.floor(ms / 65536);
    const low = ms % 65536;
    const a = fmix32((n + fmix32(this.salt)) >>> 0);
    const b = fmix32(a ^ 0x9e3779b9);
    const c = fmix32(b ^ 0x85ebca6b);
    const lowHex = hex32(low).slice(4);
    const version = hex32(((a & 0x0fff) | 0x7000) >>> 0).slice(4);
    const variant = hex32(((b & 0x3fff) | 0x8000) >>> 0).slice(4);
    return `${hex32(high)}-${lowHex}-${version}-${variant}-${hex32(c)}${hex32(a).slice(4)}`;
  }
}
