import { inArray } from 'drizzle-orm';
import { uuidFromName } from '../../ids';
import { cohortId, loadLeadProviderContracts, readStatementCalendar, statementStateAt } from '../../reference-data/load';
import { leadProviders, statements } from '../../schema';
import { COHORT_YEARS, DAY, HOUR, utc, isoDate } from './calendar';
import type { StatementInfo } from './declaration-rules';
import type { SandboxGenerator } from './generator';
import type { Row } from './plans';
import { LEAD_PROVIDER_NAMES } from './scale';

// ---------------------------------------------------------------------------------------------
// Lead providers

export async function seedLeadProviders(g: SandboxGenerator): Promise<void> {
  const rows: Row<typeof leadProviders>[] = [];
  g.lps = LEAD_PROVIDER_NAMES.map((name, index) => {
    const id = uuidFromName(`lead-provider:${name}`);
    const createdAt = g.time.at('lead_providers.created_at', utc(2021, 3, 1) + index * HOUR);
    rows.push({ id, name, createdAt, updatedAt: g.time.after('lead_providers.updated_at', createdAt, 30) });
    return { index, id, name, perCohort: g.perLp[index]!, dps: new Map(COHORT_YEARS.map((y) => [y, []])) };
  });
  await g.insert(leadProviders, rows);
  for (const lp of g.lps) await loadLeadProviderContracts(g.db, lp.id, [...COHORT_YEARS], new Date(g.now));
  await settleStatements(g);
  g.progress('lead providers and statements');
}

/**
 * Statements come from the calendar, paid once their payment date has passed. DfE authorises
 * payment a while after that date, so the latest output-fee statement of each cohort whose
 * cut-off has passed is still payable when its payment date is recent (within 120 days):
 * providers always see declarations waiting to be paid. Then the statements are kept in memory,
 * for declarations to go on.
 */
export async function settleStatements(g: SandboxGenerator): Promise<void> {
  const years = new Map(COHORT_YEARS.map((y) => [cohortId(y), y]));
  // The rows loadLeadProviderContracts writes, worked out here rather than read back (the same
  // rows on a fresh database).
  const calendar = readStatementCalendar().filter((s) => (COHORT_YEARS as readonly number[]).includes(s.cohortYear));
  const rows = g.lps.flatMap((lp) => calendar.map((s) => ({
    id: uuidFromName(`statement:${lp.id}:${s.cohortYear}:${s.name}`), leadProviderId: lp.id, cohortId: cohortId(s.cohortYear), name: s.name,
    deadline: s.deadlineDate, payment: s.paymentDate, outputFee: s.outputFee, ...statementStateAt(s, new Date(g.now)),
  })));
  const today = isoDate(g.now);
  const recent = isoDate(g.now - 120 * DAY);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const year = years.get(r.cohortId);
    if (!r.outputFee || year === undefined) continue;
    const key = `${r.leadProviderId}:${year}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const stillPayable: string[] = [];
  for (const [key, list] of groups) {
    list.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
    const latestPassed = list.filter((s) => s.deadline < today).at(-1);
    if (latestPassed && latestPassed.state === 'paid' && latestPassed.payment >= recent) {
      stillPayable.push(latestPassed.id);
      latestPassed.state = 'payable';
      latestPassed.markedAsPaidAt = null;
    }
    let opens = 0;
    g.statementsByLpYear.set(key, list.map((s) => {
      const cutOff = Date.parse(`${s.deadline}T23:59:59.999Z`);
      // Paid after it became payable, even where the calendar pays on the cut-off day.
      const markedPaid = s.markedAsPaidAt?.getTime() ?? Date.parse(`${s.payment}T00:00:00Z`);
      const info: StatementInfo = { id: s.id, state: s.state as StatementInfo['state'], cutOff, opens, paidAt: s.state === 'paid' ? Math.max(markedPaid, cutOff + 3 * HOUR) : null };
      opens = cutOff + 1;
      return info;
    }));
  }
  if (stillPayable.length > 0) {
    await g.db.update(statements).set({ state: 'payable', markedAsPaidAt: null }).where(inArray(statements.id, stillPayable));
  }
}
