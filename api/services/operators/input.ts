import type { ErrorCollector } from '../../errors/api-error';

// Reading an operator's attributes: each reader adds the attribute's error and returns null, so
// a request is checked whole before anything is written.

export function requiredName(errors: ErrorCollector, value: unknown, field = 'name'): string | null {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > 200) {
    errors.add(field, `Enter a ${field.replace(/_/g, ' ')} of at most 200 characters.`);
    return null;
  }
  return name;
}

export function requiredId(errors: ErrorCollector, value: unknown, field: string): string | null {
  if (typeof value !== 'string' || !value.trim() || value.length > 100) {
    errors.add(field, `Enter the ${field}.`);
    return null;
  }
  return value.trim();
}

/** Cohort start years, given as 2025, "2025" or a list of them. */
export function cohortYears(errors: ErrorCollector, value: unknown, field = 'cohorts'): number[] | null {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const years = list.map((v) => (typeof v === 'number' || (typeof v === 'string' && /^\d{4}$/.test(v)) ? Number(v) : NaN));
  if (list.length > 50 || years.some((y) => !Number.isInteger(y) || y < 2020 || y > 2040)) {
    errors.add(field, 'Enter cohorts as a list of start years, for example [2025].');
    return null;
  }
  return [...new Set(years)];
}
