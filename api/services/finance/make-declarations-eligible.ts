import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { declarationStates, participantDeclarations, statementLineItems } from '../../../db/schema';
import { nextOutputFeeStatement } from '../declarations/next-statement';

/**
 * A participant DfE has now found eligible for funding: their submitted declarations become
 * eligible and go on each provider's next output-fee statement. Declarations whose cohort has no
 * statement left stay submitted.
 */
export async function makeDeclarationsEligible(db: Db, profileId: string, now: Date): Promise<number> {
  const waiting = await db.select().from(participantDeclarations)
    .where(and(eq(participantDeclarations.participantProfileId, profileId), eq(participantDeclarations.state, 'submitted')));
  let moved = 0;
  for (const d of waiting) {
    const statement = await nextOutputFeeStatement(db, d.leadProviderId, d.cohortId, now);
    if (!statement) continue;
    const t = now.getTime();
    const [result] = await db.batch([
      db.update(participantDeclarations).set({ state: 'eligible', updatedAt: now })
        .where(and(eq(participantDeclarations.id, d.id), eq(participantDeclarations.state, 'submitted'))),
      db.run(sql`INSERT INTO ${statementLineItems} (id, statement_id, participant_declaration_id, state, created_at, updated_at)
        SELECT ${crypto.randomUUID()}, ${statement.id}, ${d.id}, 'eligible', ${t}, ${t}
        WHERE (SELECT state FROM ${participantDeclarations} WHERE id = ${d.id}) = 'eligible'
          AND NOT EXISTS (SELECT 1 FROM ${statementLineItems} WHERE participant_declaration_id = ${d.id} AND state IN ('eligible', 'payable', 'paid'))`),
      db.run(sql`INSERT INTO ${declarationStates} (id, participant_declaration_id, state, created_at)
        SELECT ${crypto.randomUUID()}, ${d.id}, 'eligible', ${t}
        WHERE (SELECT state FROM ${participantDeclarations} WHERE id = ${d.id}) = 'eligible'
          AND NOT EXISTS (SELECT 1 FROM ${declarationStates} WHERE participant_declaration_id = ${d.id} AND state = 'eligible')`),
    ]);
    moved += (result as { rowsAffected?: number; meta?: { changes?: number } }).rowsAffected ?? (result as { meta?: { changes?: number } }).meta?.changes ?? 0;
  }
  return moved;
}
