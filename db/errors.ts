/**
 * True when a write failed on a unique index: the database refusing a duplicate that a race let
 * past the code's checks. libSQL and D1 word it the same way, sometimes wrapped by drizzle.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = String((e as { message?: unknown }).message ?? '');
    const code = String((e as { code?: unknown }).code ?? '');
    if (/UNIQUE constraint failed/i.test(message) || code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  }
  return false;
}
