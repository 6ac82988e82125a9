import type { SQL } from 'drizzle-orm';
import { asc, desc } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';

/**
 * `sort=-updated_at,name`: `-` descending, `+` or nothing ascending. Only the given columns can
 * be sorted on; unknown names are ignored (as the contract has always done). The id is always
 * the last key, so the order is total and pages never repeat or skip a record.
 */
export function parseSort(
  value: string | undefined,
  columns: Record<string, AnyColumn>,
  fallback: SQL[],
  tieBreaker: AnyColumn,
): SQL[] {
  const order: SQL[] = [];
  const seen = new Set<string>();
  for (const raw of (value ?? '').split(',')) {
    const field = raw.trim();
    if (!field) continue;
    const descending = field.startsWith('-');
    const name = field.replace(/^[-+]/, '');
    const column = Object.hasOwn(columns, name) ? columns[name] : undefined;
    if (!column || seen.has(name)) continue;
    seen.add(name);
    order.push(descending ? desc(column) : asc(column));
  }
  return [...(order.length ? order : fallback), asc(tieBreaker)];
}
