import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { statements } from '../../../db/schema';
import { isoDate } from '../../http/time';

/**
 * The statement new declarations (and clawbacks) go on: the provider's earliest open output-fee
 * statement for the cohort whose cut-off is today or later. None means the cohort's funding
 * contract has ended for new claims.
 */
export async function nextOutputFeeStatement(db: Db, leadProviderId: string, cohortId: string, now: Date) {
  const [statement] = await db.select().from(statements)
    .where(and(
      eq(statements.leadProviderId, leadProviderId),
      eq(statements.cohortId, cohortId),
      eq(statements.outputFee, true),
      eq(statements.state, 'open'),
      gte(statements.deadlineDate, isoDate(now)),
    ))
    .orderBy(asc(statements.deadlineDate), asc(statements.id))
    .limit(1);
  return statement ?? null;
}
