import { and, eq } from 'drizzle-orm';
import { cohorts, statements } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { matchesStatementType, statementColumns, type StatementRecord } from './statement-record';

/** Any statement of the caller (service-fee ones too, for links from declarations). */
export async function getStatement(ctx: RequestContext, id: string, type?: string): Promise<StatementRecord> {
  if (!matchesStatementType(type)) throw new NotFoundError('statement');
  const [row] = await ctx.db
    .select(statementColumns)
    .from(statements)
    .innerJoin(cohorts, eq(cohorts.id, statements.cohortId))
    .where(and(eq(statements.id, id), eq(statements.leadProviderId, ctx.leadProvider.id)))
    .limit(1);
  if (!row) throw new NotFoundError('statement');
  return row;
}
