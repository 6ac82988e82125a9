import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsAffected } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { declarationStates, participantDeclarations, statementLineItems } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { ApiError, NotFoundError } from '../../errors/api-error';
import { findDeclaration, type DeclarationRecord } from './declaration-queries';
import { declarationMessages as m } from './messages';
import { recomputeMentorCompletion } from './mentor-completion';
import { nextOutputFeeStatement } from './next-statement';
import { runBatch, type BatchStatement } from '../../../db/batch';
import type { DeclarationState } from '../../domain/declarations';

const invalid = (detail: string) => new ApiError('unprocessable', [{ title: 'Invalid action', detail }]);
const VOIDABLE: readonly DeclarationState[] = ['submitted', 'eligible', 'payable', 'ineligible'];

/**
 * A provider withdraws a declaration it made. Unpaid ones are voided (and leave their statement);
 * a paid one is clawed back on the next output-fee statement, if the cohort still has one.
 * Every write is guarded by the state it was read in, so a statement being paid at the same
 * moment turns this into a clean 422 rather than a half-done change.
 */
export async function voidDeclaration(ctx: RequestContext, id: string): Promise<DeclarationRecord> {
  const { db, now, leadProvider } = ctx;
  const declaration = await findDeclaration(db, id, leadProvider.id);
  // Others' declarations are visible for reading, but only their own can be voided.
  if (!declaration || declaration.leadProviderId !== leadProvider.id) throw new NotFoundError('declaration');

  if (declaration.state === 'paid') return clawBack(ctx, declaration);
  if (declaration.state === 'voided') throw invalid(m.alreadyVoided);
  if (!VOIDABLE.includes(declaration.state)) throw invalid(m.clawedBack);

  const statements: BatchStatement[] = [
    db.update(participantDeclarations).set({ state: 'voided', voidedAt: now, updatedAt: now })
      .where(and(eq(participantDeclarations.id, id), eq(participantDeclarations.state, declaration.state))),
    db.run(sql`INSERT INTO ${declarationStates} (id, participant_declaration_id, state, created_at)
      SELECT ${crypto.randomUUID()}, ${id}, 'voided', ${now.getTime()} WHERE (SELECT state FROM ${participantDeclarations} WHERE id = ${id}) = 'voided'
        AND NOT EXISTS (SELECT 1 FROM ${declarationStates} WHERE participant_declaration_id = ${id} AND state = 'voided')`),
    db.update(statementLineItems).set({ state: 'voided', updatedAt: now })
      .where(and(eq(statementLineItems.participantDeclarationId, id), inArray(statementLineItems.state, ['eligible', 'payable', 'ineligible']),
        sql`(SELECT state FROM ${participantDeclarations} WHERE id = ${id}) = 'voided'`)),
  ];
  if (declaration.declarationType === 'completed') statements.push(recomputeMentorCompletion(db, declaration.participantProfileId, now));
  const [result] = await runBatch(db, statements);
  if (rowsAffected(result) !== 1) return retryAfterConflict(ctx, id);
  return (await findDeclaration(db, id, leadProvider.id))!;
}

async function clawBack(ctx: RequestContext, declaration: DeclarationRecord): Promise<DeclarationRecord> {
  const { db, now, leadProvider } = ctx;
  if (declaration.clawbackStatementId) throw invalid(m.refundPending);
  const statement = await nextOutputFeeStatement(db, leadProvider.id, declaration.cohortId, now);
  if (!statement) throw invalid(m.contractEnded(declaration.cohort));
  const statements: BatchStatement[] = [
    db.update(participantDeclarations).set({ state: 'awaiting_clawback', updatedAt: now })
      .where(and(eq(participantDeclarations.id, declaration.id), eq(participantDeclarations.state, 'paid'))),
    db.run(sql`INSERT INTO ${statementLineItems} (id, statement_id, participant_declaration_id, state, created_at, updated_at)
      SELECT ${crypto.randomUUID()}, ${statement.id}, ${declaration.id}, 'awaiting_clawback', ${now.getTime()}, ${now.getTime()}
      WHERE (SELECT state FROM ${participantDeclarations} WHERE id = ${declaration.id}) = 'awaiting_clawback'`),
    db.run(sql`INSERT INTO ${declarationStates} (id, participant_declaration_id, state, created_at)
      SELECT ${crypto.randomUUID()}, ${declaration.id}, 'awaiting_clawback', ${now.getTime()}
      WHERE (SELECT state FROM ${participantDeclarations} WHERE id = ${declaration.id}) = 'awaiting_clawback'
        AND NOT EXISTS (SELECT 1 FROM ${declarationStates} WHERE participant_declaration_id = ${declaration.id} AND state = 'awaiting_clawback')`),
  ];
  if (declaration.declarationType === 'completed') statements.push(recomputeMentorCompletion(db, declaration.participantProfileId, now));
  let changed = 0;
  try {
    const [result] = await runBatch(db, statements);
    changed = rowsAffected(result);
  } catch (err) {
    // the refundable-line unique index: a concurrent clawback got there first
    if (!isUniqueViolation(err)) throw err;
  }
  if (changed !== 1) return retryAfterConflict(ctx, declaration.id);
  return (await findDeclaration(db, declaration.id, leadProvider.id))!;
}

/** The declaration changed while we worked: answer from what it is now. */
async function retryAfterConflict(ctx: RequestContext, id: string): Promise<never> {
  const now = await findDeclaration(ctx.db, id, ctx.leadProvider.id);
  if (now?.state === 'voided') throw invalid(m.alreadyVoided);
  if (now?.state === 'awaiting_clawback' || now?.state === 'clawed_back') throw invalid(m.clawedBack);
  throw invalid('This declaration changed while it was being voided. Check its state and try again.');
}
