/** Timestamp formats of the contract (all UTC). */

/** RFC 3339 without fractional seconds: `2024-05-31T02:22:32Z`. */
export function rfc3339(date: Date): string;
export function rfc3339(date: Date | null | undefined): string | null;
export function rfc3339(date: Date | null | undefined): string | null {
  return date ? `${date.toISOString().slice(0, 19)}Z` : null;
}

/** With milliseconds: `2024-05-31T02:22:32.000Z` (partnership `challenged_at`). */
export function rfc3339Millis(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const dateTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses an ISO 8601 / RFC 3339 instant. Accepts a date alone, a time without seconds, fractions,
 * and `Z` or `±HH[:MM]` offsets; a value without an offset is read as UTC (the server's zone).
 * Returns null when the value is not a real instant (e.g. month 13).
 */
export function parseInstant(value: string): Date | null {
  const m = dateTime.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  const millis = Number(`0.${frac || '0'}`) * 1000;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(millis)) - offsetMinutes * 60_000;
  const result = new Date(utc);
  return Number.isNaN(result.getTime()) ? null : result;
}

const strictRfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** RFC 3339 with a date, a full time and an offset (used for X-With-Server-Date). */
export function parseRfc3339(value: string): Date | null {
  return strictRfc3339.test(value.trim()) ? parseInstant(value) : null;
}
