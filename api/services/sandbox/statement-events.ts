import type { RequestContext } from '../../context';
import { DomainError } from '../../errors/api-error';
import { closeStatement, markStatementPaid } from '../finance/statement-lifecycle';
import { getStatement } from '../statements/get-statement';
import { sandboxMessages as m } from './messages';

/** DfE closes one of the caller's statements now: its eligible declarations become payable. */
export async function sandboxMakePayable(ctx: RequestContext, id: string) {
  const statement = await getStatement(ctx, id);
  if (statement.state !== 'open' || !(await closeStatement(ctx.db, id, ctx.now))) {
    throw new DomainError([{ title: 'statement', detail: m.statementNotOpen(statement.state) }]);
  }
  return getStatement(ctx, id);
}

/** DfE pays one of the caller's payable statements. */
export async function sandboxMarkPaid(ctx: RequestContext, id: string) {
  await getStatement(ctx, id);
  await markStatementPaid(ctx.db, id, ctx.now);
  return getStatement(ctx, id);
}
