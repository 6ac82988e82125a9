import type { Db } from '../../../db/client';
import { uuidFromName } from '../../../db/ids';
import { cohortIdsByYear, readStatementCalendar, statementStateAt } from '../../../db/reference-data/load';
import { leadProviderCohorts, statements } from '../../../db/schema';
import type { ErrorCollector } from '../../errors/api-error';
import type { BatchItem } from '../school-events/register-participant';

/** Checks that every year is a cohort we have; returns their ids, or null after adding the error. */
export async function knownCohorts(db: Db, errors: ErrorCollector, years: number[] | null, field = 'cohorts'): Promise<Map<number, string> | null> {
  if (!years) return null;
  const ids = await cohortIdsByYear(db, years);
  const missing = years.filter((y) => !ids.has(y));
  if (missing.length) {
    errors.add(field, `There is no cohort starting in ${missing.join(', ')}. Enter the start year of a cohort, for example 2025.`);
    return null;
  }
  return ids;
}

/**
 * The writes that give a lead provider a contract for cohorts: the contract rows and the
 * cohort's statements from DfE's calendar (the same ids and states as the reference loader
 * gives them, so the sandbox and production agree). Idempotent: existing rows are left alone.
 */
export function contractStatements(db: Db, leadProviderId: string, cohorts: Map<number, string>, now: Date): BatchItem[] {
  const years = [...cohorts.keys()];
  const out: BatchItem[] = [];
  if (!years.length) return out;
  out.push(db.insert(leadProviderCohorts).values(years.map((y) => ({ leadProviderId, cohortId: cohorts.get(y)! }))).onConflictDoNothing());
  const rows = readStatementCalendar().filter((s) => cohorts.has(s.cohortYear)).map((s) => ({
    id: uuidFromName(`statement:${leadProviderId}:${s.cohortYear}:${s.name}`),
    leadProviderId, cohortId: cohorts.get(s.cohortYear)!, name: s.name, deadlineDate: s.deadlineDate, paymentDate: s.paymentDate,
    outputFee: s.outputFee, ...statementStateAt(s, now), createdAt: now, updatedAt: now,
  }));
  // 11 columns: 9 rows per statement stays under D1's 100 bound parameters.
  for (let i = 0; i < rows.length; i += 9) out.push(db.insert(statements).values(rows.slice(i, i + 9)).onConflictDoNothing());
  return out;
}
