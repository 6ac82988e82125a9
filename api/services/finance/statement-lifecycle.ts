import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../db/client';
import { declarationStates, participantDeclarations, statementLineItems, statements } from '../../../db/schema';
import { DomainError, NotFoundError } from '../../errors/api-error';
import { isoDate } from '../../http/time';

// The finance lifecycle of a statement: open (taking declarations) → payable once its cut-off has
// passed → paid when DfE pays it. Each step moves the statement's declarations with it, in one
// batch guarded by the statement's state, so running a step twice (or two at once) does nothing
// the second time.

const moveDeclarations = (statementId: string, from: string, to: string, t: number) => [
  sql`UPDATE ${participantDeclarations} SET state = ${to}, updated_at = ${t}
      WHERE state = ${from} AND id IN (SELECT participant_declaration_id FROM ${statementLineItems} WHERE statement_id = ${statementId} AND state = ${from})`,
  sql`INSERT INTO ${declarationStates} (id, participant_declaration_id, state, created_at)
      SELECT lower(hex(randomblob(16))), participant_declaration_id, ${to}, ${t}
      FROM ${statementLineItems} WHERE statement_id = ${statementId} AND state = ${from}`,
  sql`UPDATE ${statementLineItems} SET state = ${to}, updated_at = ${t} WHERE statement_id = ${statementId} AND state = ${from}`,
];

/** Closes every open statement whose cut-off date has passed: its eligible declarations become payable. */
export async function closeDueStatements(db: Db, now: Date): Promise<string[]> {
  const due = await db.select({ id: statements.id }).from(statements)
    .where(and(eq(statements.state, 'open'), lt(statements.deadlineDate, isoDate(now))))
    .orderBy(asc(statements.deadlineDate));
  const closed: string[] = [];
  for (const { id } of due) if (await closeStatement(db, id, now)) closed.push(id);
  return closed;
}

/** Closes one open statement now (whatever its cut-off): true if this call closed it. */
export async function closeStatement(db: Db, id: string, now: Date): Promise<boolean> {
  const t = now.getTime();
  const [result] = await db.batch([
    db.update(statements).set({ state: 'payable', updatedAt: now }).where(and(eq(statements.id, id), eq(statements.state, 'open'))),
    ...moveDeclarations(id, 'eligible', 'payable', t).map((q) => db.run(sql`${q} AND (SELECT state FROM ${statements} WHERE id = ${id}) = 'payable' AND (SELECT updated_at FROM ${statements} WHERE id = ${id}) = ${t}`)),
  ]);
  return rowsAffected(result) === 1;
}

/** DfE has paid a payable statement: payable declarations are paid, pending clawbacks clawed back. */
export async function markStatementPaid(db: Db, statementId: string, now: Date): Promise<void> {
  const [statement] = await db.select().from(statements).where(eq(statements.id, statementId)).limit(1);
  if (!statement) throw new NotFoundError('statement');
  if (statement.state !== 'payable') {
    throw new DomainError([{ title: 'statement', detail: `Only a payable statement can be marked paid; this one is ${statement.state}.` }]);
  }
  const t = now.getTime();
  const guard = sql` AND (SELECT state FROM ${statements} WHERE id = ${statementId}) = 'paid' AND (SELECT marked_as_paid_at FROM ${statements} WHERE id = ${statementId}) = ${t}`;
  const [result] = await db.batch([
    db.update(statements).set({ state: 'paid', markedAsPaidAt: now, updatedAt: now }).where(and(eq(statements.id, statementId), eq(statements.state, 'payable'))),
    ...[...moveDeclarations(statementId, 'payable', 'paid', t), ...moveDeclarations(statementId, 'awaiting_clawback', 'clawed_back', t)]
      .map((q) => db.run(sql`${q}${guard}`)),
  ]);
  if (rowsAffected(result) !== 1) throw new DomainError([{ title: 'statement', detail: 'This statement was marked paid at the same moment by someone else.' }]);
}

/**
 * DfE closes one statement now, whatever its cut-off: an error unless it was open and this call
 * closed it. Behind both the sandbox control API and the operator API.
 */
export async function closeStatementNow(db: Db, id: string, now: Date): Promise<void> {
  const [statement] = await db.select({ state: statements.state }).from(statements).where(eq(statements.id, id)).limit(1);
  if (!statement) throw new NotFoundError('statement');
  if (statement.state !== 'open' || !(await closeStatement(db, id, now))) {
    throw new DomainError([{ title: 'statement', detail: `Only an open statement can be made payable; this one is ${statement.state}.` }]);
  }
}
