import { and, asc, eq, gte } from 'drizzle-orm';
import { cohorts, statements } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { cohortYearCondition } from '../cohorts/cohort-condition';
import { matchesStatementType, statementColumns, type StatementRecord } from './statement-record';

export interface ListStatementsInput {
  cohortYears: number[] | null;
  type: string | undefined;
  updatedSince: Date | null;
  page: Page;
}

/** The caller's output-fee statements, earliest payment first. */
export async function listStatements(ctx: RequestContext, input: ListStatementsInput): Promise<StatementRecord[]> {
  if (!matchesStatementType(input.type)) return [];
  return ctx.db
    .select(statementColumns)
    .from(statements)
    .innerJoin(cohorts, eq(cohorts.id, statements.cohortId))
    .where(and(
      eq(statements.leadProviderId, ctx.leadProvider.id),
      eq(statements.outputFee, true),
      cohortYearCondition(input.cohortYears),
      input.updatedSince ? gte(statements.updatedAt, input.updatedSince) : undefined,
    ))
    .orderBy(asc(statements.paymentDate), asc(statements.id))
    .limit(input.page.perPage)
    .offset(input.page.offset);
}
