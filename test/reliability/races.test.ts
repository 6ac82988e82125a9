import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { participantDeclarations, statementLineItems, statements } from '../../db/schema';
import { closeStatement, markStatementPaid } from '../../api/services/finance/statement-lifecycle';
import { createLeadProvider } from '../support/factories';
import { createHarness, readJson } from '../support/harness';
import { createParticipant, createPlacement } from '../support/participants';

// Races not covered next to their features (declarations, partnerships and participant actions
// each have their own race tests): voiding a declaration while its statement is being paid.

describe('void racing a statement being marked paid', () => {
  it('ends consistent every time: voided and off the statement, or paid (and the void refused)', async () => {
    const h = await createHarness({}, { latencyMs: 2 });
    try {
      h.clock.now = new Date('2025-11-15T10:00:00Z');
      const lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2024] });
      const place = await createPlacement(h.db, lp.id, 2024);
      const rounds = 8;
      const outcomes = { voided: 0, paid: 0, clawedBack: 0 };
      let anomalies = 0;
      for (let round = 0; round < rounds; round++) {
        const p = await createParticipant(h.db, place, { createdAt: new Date('2024-09-01T00:00:00Z'), startDate: new Date('2024-09-01T00:00:00Z') });
        const declared = await readJson(await h.request('/api/v3/participant-declarations', {
          method: 'POST', token: lp.token, headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ data: { attributes: { participant_id: p.userId, declaration_type: 'started', declaration_date: '2024-10-01T09:00:00Z', course_identifier: 'ecf-induction' } } }),
        }));
        const statementId = declared.data.attributes.statement_id as string;
        await closeStatement(h.db, statementId, h.clock.now);
        // Stagger the two by a few milliseconds either way, so each side gets to start first.
        const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        const offset = (round % 4) * 3;
        const [voidRes, paid] = await Promise.allSettled([
          (round % 2 ? Promise.resolve() : pause(offset)).then(() => h.request(`/api/v3/participant-declarations/${declared.data.id}/void`, { method: 'PUT', token: lp.token })),
          (round % 2 ? pause(offset) : Promise.resolve()).then(() => markStatementPaid(h.db, statementId, h.clock.now)),
        ]);
        expect(paid.status).toBe('fulfilled');
        const response = (voidRes as PromiseFulfilledResult<Response>).value;
        const [declaration] = await h.db.select().from(participantDeclarations).where(eq(participantDeclarations.id, declared.data.id));
        const lines = await h.db.select().from(statementLineItems).where(eq(statementLineItems.participantDeclarationId, declared.data.id));
        const [statement] = await h.db.select().from(statements).where(eq(statements.id, statementId));
        if (statement!.state !== 'paid') anomalies++;
        if (declaration!.state === 'voided') {
          outcomes.voided++;
          if (response.status !== 200 || lines.length !== 1 || lines[0]!.state !== 'voided') anomalies++;
        } else if (declaration!.state === 'paid') {
          outcomes.paid++;
          // the void lost: a clean 422, and the money is still owed
          if (response.status !== 422 || lines.length !== 1 || lines[0]!.state !== 'paid') anomalies++;
        } else if (declaration!.state === 'awaiting_clawback') {
          outcomes.clawedBack++; // paid first, then the void clawed it back: also consistent
          if (response.status !== 200 || !lines.some((l) => l.state === 'paid') || !lines.some((l) => l.state === 'awaiting_clawback')) anomalies++;
        } else {
          anomalies++;
        }
        // after the statement closed, new statements reset for the next round
        await h.db.update(statements).set({ state: 'open', markedAsPaidAt: null }).where(eq(statements.id, statementId));
      }
      console.info(`void vs paid: ${rounds} races, outcomes ${JSON.stringify(outcomes)}, anomalies ${anomalies}`);
      expect(anomalies).toBe(0);
    } finally {
      h.close();
    }
  }, 60_000);
});
