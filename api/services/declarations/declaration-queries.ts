import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohorts, leadProviders, participantDeclarations } from '../../../db/schema';

// The read model of a declaration, and which declarations a provider can see: its own (any
// state), and other providers' live ones (submitted, eligible, payable, paid) for participants it
// trains now or trained when the declaration was dated.

const lineItemStatement = (states: string) => sql.raw(`(
  SELECT li.statement_id FROM statement_line_items li
  WHERE li.participant_declaration_id = "participant_declarations"."id" AND li.state IN (${states})
  ORDER BY li.created_at DESC LIMIT 1
)`);

export const declarationColumns = {
  id: participantDeclarations.id,
  userId: participantDeclarations.userId,
  participantProfileId: participantDeclarations.participantProfileId,
  leadProviderId: participantDeclarations.leadProviderId,
  leadProviderName: leadProviders.name,
  cohortId: participantDeclarations.cohortId,
  cohort: cohorts.startYear,
  declarationType: participantDeclarations.declarationType,
  declarationDate: participantDeclarations.declarationDate,
  courseIdentifier: participantDeclarations.courseIdentifier,
  evidenceHeld: participantDeclarations.evidenceHeld,
  state: participantDeclarations.state,
  stateReason: participantDeclarations.stateReason,
  deliveryPartnerId: participantDeclarations.deliveryPartnerId,
  mentorUserId: participantDeclarations.mentorUserId,
  pupilPremiumUplift: participantDeclarations.pupilPremiumUplift,
  sparsityUplift: participantDeclarations.sparsityUplift,
  statementId: sql<string | null>`${lineItemStatement("'eligible', 'payable', 'paid'")}`,
  clawbackStatementId: sql<string | null>`${lineItemStatement("'awaiting_clawback', 'clawed_back'")}`,
  createdAt: participantDeclarations.createdAt,
  updatedAt: participantDeclarations.updatedAt,
};

export type DeclarationRecord = {
  [K in keyof typeof declarationColumns]: K extends 'statementId' | 'clawbackStatementId' ? string | null
    : K extends 'leadProviderName' ? string
    : K extends 'cohort' ? number
    : (typeof participantDeclarations.$inferSelect)[K & keyof typeof participantDeclarations.$inferSelect];
};

export function fromDeclarations(db: Db) {
  return db.select(declarationColumns)
    .from(participantDeclarations)
    .innerJoin(leadProviders, eq(leadProviders.id, participantDeclarations.leadProviderId))
    .innerJoin(cohorts, eq(cohorts.id, participantDeclarations.cohortId));
}

/**
 * Another provider's declaration `d` (an SQL alias) that the provider may see: a live one for a
 * participant it trains, or trained when the declaration was dated.
 */
export function othersVisibleDeclaration(d: SQL, leadProviderId: string): SQL {
  return sql`(
    ${d}."state" IN ('submitted', 'eligible', 'payable', 'paid')
    AND EXISTS (
      SELECT 1 FROM induction_records ir
      JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
      JOIN partnerships p ON p.id = ip.partnership_id
      WHERE ir.participant_profile_id = ${d}."participant_profile_id"
        AND p.lead_provider_id = ${leadProviderId}
        AND (
          ir.induction_status IN ('active', 'completed')
          OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR ${d}."declaration_date" <= ir.end_date))
        )
    )
  )`;
}

/** Declarations the provider may see (§ visibility above). */
export function visibleDeclarations(leadProviderId: string): SQL {
  return sql`(
    "participant_declarations"."lead_provider_id" = ${leadProviderId}
    OR ${othersVisibleDeclaration(sql`"participant_declarations"`, leadProviderId)}
  )`;
}

export async function findDeclaration(db: Db, id: string, leadProviderId: string): Promise<DeclarationRecord | null> {
  const [row] = await fromDeclarations(db).where(and(eq(participantDeclarations.id, id), visibleDeclarations(leadProviderId))).limit(1);
  return (row as DeclarationRecord | undefined) ?? null;
}


