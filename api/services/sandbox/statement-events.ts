import type { RequestContext } from '../../context';
import { closeStatementNow, markStatementPaid } from '../finance/statement-lifecycle';
import { getStatement } from '../statements/get-statement';

// DfE's statement events, as the operator API has them, on the caller's own statements only
// (getStatement first: another provider's statement is not found).

/** DfE closes one of the caller's statements now: its eligible declarations become payable. */
export async function sandboxMakePayable(ctx: RequestContext, id: string) {
  await getStatement(ctx, id);
  await closeStatementNow(ctx.db, id, ctx.now);
  return getStatement(ctx, id);
}

/** DfE pays one of the caller's payable statements. */
export async function sandboxMarkPaid(ctx: RequestContext, id: string) {
  await getStatement(ctx, id);
  await markStatementPaid(ctx.db, id, ctx.now);
  return getStatement(ctx, id);
}
