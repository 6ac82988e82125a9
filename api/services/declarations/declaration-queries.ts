import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client';
import { literalList } from '../../../db/literal-list';
import { expression, readModel, type ModelRow } from '../../../db/read-model';
import { cohorts, inductionProgrammes, inductionRecords, leadProviders, partnerships, participantDeclarations, statementLineItems } from '../../../db/schema';
import { BILLABLE_STATES, REFUNDABLE_STATES, SLOT_HOLDING_STATES } from '../../domain/declarations';

// The read model of a declaration, and which declarations a provider can see: its own (any
// state), and other providers' live ones (submitted, eligible, payable, paid) for participants it
// trains now or trained when the declaration was dated.

/** The declaration table as the read model names it (`d`): callers' conditions use its columns. */
export const d = alias(participantDeclarations, 'd');
const lp = alias(leadProviders, 'lp');
const c = alias(cohorts, 'c');
const li = alias(statementLineItems, 'li');

/** The statement of the declaration's latest line item in one of `states` (a partial index each). */
const lineItemStatement = (states: readonly string[]) => expression.nullableText(sql`(
  SELECT ${li.statementId} FROM ${statementLineItems} AS ${li}
  WHERE ${li.participantDeclarationId} = ${d.id} AND ${li.state} IN ${literalList(states)}
  ORDER BY ${li.createdAt} DESC LIMIT 1
)`);

/** The read model of a declaration: its columns, its provider's name and its cohort's year. */
const declarationModel = readModel({
  id: d.id,
  userId: d.userId,
  participantProfileId: d.participantProfileId,
  leadProviderId: d.leadProviderId,
  leadProviderName: lp.name,
  cohortId: d.cohortId,
  cohort: c.startYear,
  declarationType: d.declarationType,
  declarationDate: d.declarationDate,
  courseIdentifier: d.courseIdentifier,
  evidenceHeld: d.evidenceHeld,
  state: d.state,
  stateReason: d.stateReason,
  deliveryPartnerId: d.deliveryPartnerId,
  mentorUserId: d.mentorUserId,
  pupilPremiumUplift: d.pupilPremiumUplift,
  sparsityUplift: d.sparsityUplift,
  statementId: lineItemStatement(BILLABLE_STATES),
  clawbackStatementId: lineItemStatement(REFUNDABLE_STATES),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export type DeclarationRecord = ModelRow<typeof declarationModel>;

/**
 * Declarations `d` chosen by `where`, oldest first, read whole (one query, rows as JSON arrays:
 * see db/json-rows.ts).
 */
export function readDeclarations(db: Db, where: SQL): Promise<DeclarationRecord[]> {
  return declarationModel.read(db, sql`
    SELECT ${declarationModel.selectList}
    FROM ${participantDeclarations} AS ${d}
    JOIN ${leadProviders} AS ${lp} ON ${lp.id} = ${d.leadProviderId}
    JOIN ${cohorts} AS ${c} ON ${c.id} = ${d.cohortId}
    WHERE ${where}
  `, ['createdAt', 'id']);
}

const ir = alias(inductionRecords, 'ir');
const ip = alias(inductionProgrammes, 'ip');
const p = alias(partnerships, 'p');

/**
 * Another provider's declaration `d` that the provider may see: a live one for a participant it
 * trains, or trained when the declaration was dated.
 */
export function othersVisibleDeclaration(leadProviderId: string): SQL {
  return sql`(
    ${d.state} IN ${literalList(SLOT_HOLDING_STATES)}
    AND EXISTS (
      SELECT 1 FROM ${inductionRecords} AS ${ir}
      JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
      JOIN ${partnerships} AS ${p} ON ${p.id} = ${ip.partnershipId}
      WHERE ${ir.participantProfileId} = ${d.participantProfileId}
        AND ${p.leadProviderId} = ${leadProviderId}
        AND (
          ${ir.inductionStatus} IN ('active', 'completed')
          OR (${ir.inductionStatus} = 'leaving' AND (${ir.endDate} IS NULL OR ${d.declarationDate} <= ${ir.endDate}))
        )
    )
  )`;
}

/** Declarations `d` the provider may see (§ visibility above). */
export function visibleDeclarations(leadProviderId: string): SQL {
  return sql`(${d.leadProviderId} = ${leadProviderId} OR ${othersVisibleDeclaration(leadProviderId)})`;
}

export async function findDeclaration(db: Db, id: string, leadProviderId: string): Promise<DeclarationRecord | null> {
  const [row] = await readDeclarations(db, sql`${d.id} = ${id} AND ${visibleDeclarations(leadProviderId)}`);
  return row ?? null;
}
