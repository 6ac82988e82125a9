import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { jsonRows } from '../../../db/json-rows';
import { cohorts, inductionProgrammes, inductionRecords, leadProviders, partnerships, participantDeclarations, statementLineItems } from '../../../db/schema';
import { declarationStates, oneOf, type DeclarationState } from '../../domain/declarations';

// The read model of a declaration, and which declarations a provider can see: its own (any
// state), and other providers' live ones (submitted, eligible, payable, paid) for participants it
// trains now or trained when the declaration was dated.

const lineItemStatement = (states: string) => sql`(
  SELECT li.statement_id FROM ${statementLineItems} li
  WHERE li.participant_declaration_id = d.id AND li.state IN (${sql.raw(states)})
  ORDER BY li.created_at DESC LIMIT 1
)`;

/** The read model's columns: name → expression over `d` (the declaration), `lp` and `c`. */
const declarationColumns = {
  id: 'd.id',
  user_id: 'd.user_id',
  participant_profile_id: 'd.participant_profile_id',
  lead_provider_id: 'd.lead_provider_id',
  lead_provider_name: 'lp.name',
  cohort_id: 'd.cohort_id',
  cohort: 'c.start_year',
  declaration_type: 'd.declaration_type',
  declaration_date: 'd.declaration_date',
  course_identifier: 'd.course_identifier',
  evidence_held: 'd.evidence_held',
  state: 'd.state',
  state_reason: 'd.state_reason',
  delivery_partner_id: 'd.delivery_partner_id',
  mentor_user_id: 'd.mentor_user_id',
  pupil_premium_uplift: 'd.pupil_premium_uplift',
  sparsity_uplift: 'd.sparsity_uplift',
  statement_id: lineItemStatement("'eligible', 'payable', 'paid'"),
  clawback_statement_id: lineItemStatement("'awaiting_clawback', 'clawed_back'"),
  created_at: 'd.created_at',
  updated_at: 'd.updated_at',
} as const;
const columnNames = Object.keys(declarationColumns);
// Plain strings are fixed expressions over the aliases; the line-item subqueries are SQL (they name a table).
const selectList = sql.join(Object.entries(declarationColumns).map(([name, expression]) =>
  sql`${typeof expression === 'string' ? sql.raw(expression) : expression} AS ${sql.raw(name)}`), sql.raw(',\n  '));

export interface DeclarationRecord {
  id: string;
  userId: string;
  participantProfileId: string;
  leadProviderId: string;
  leadProviderName: string;
  cohortId: string;
  cohort: number;
  declarationType: string;
  declarationDate: Date;
  courseIdentifier: string;
  evidenceHeld: string | null;
  state: DeclarationState;
  stateReason: string | null;
  deliveryPartnerId: string | null;
  mentorUserId: string | null;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  statementId: string | null;
  clawbackStatementId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toRecord(r: Record<string, unknown>): DeclarationRecord {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    participantProfileId: String(r.participant_profile_id),
    leadProviderId: String(r.lead_provider_id),
    leadProviderName: String(r.lead_provider_name),
    cohortId: String(r.cohort_id),
    cohort: Number(r.cohort),
    declarationType: String(r.declaration_type),
    declarationDate: new Date(Number(r.declaration_date)),
    courseIdentifier: String(r.course_identifier),
    evidenceHeld: text(r.evidence_held),
    state: oneOf(declarationStates, r.state, 'declaration state'),
    stateReason: text(r.state_reason),
    deliveryPartnerId: text(r.delivery_partner_id),
    mentorUserId: text(r.mentor_user_id),
    pupilPremiumUplift: Boolean(r.pupil_premium_uplift),
    sparsityUplift: Boolean(r.sparsity_uplift),
    statementId: text(r.statement_id),
    clawbackStatementId: text(r.clawback_statement_id),
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
  };
}

/**
 * Declarations `d` chosen by `where`, oldest first, read whole (one query, rows as JSON: see
 * db/json-rows.ts).
 */
export async function readDeclarations(db: Db, where: SQL): Promise<DeclarationRecord[]> {
  const rows = await jsonRows(db, sql`
    SELECT ${selectList}
    FROM ${participantDeclarations} d
    JOIN ${leadProviders} lp ON lp.id = d.lead_provider_id
    JOIN ${cohorts} c ON c.id = d.cohort_id
    WHERE ${where}
  `, columnNames, 'created_at, id');
  return rows.map(toRecord);
}

/**
 * Another provider's declaration `d` (an SQL alias) that the provider may see: a live one for a
 * participant it trains, or trained when the declaration was dated.
 */
export function othersVisibleDeclaration(d: SQL, leadProviderId: string): SQL {
  return sql`(
    ${d}."state" IN ('submitted', 'eligible', 'payable', 'paid')
    AND EXISTS (
      SELECT 1 FROM ${inductionRecords} ir
      JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
      JOIN ${partnerships} p ON p.id = ip.partnership_id
      WHERE ir.participant_profile_id = ${d}."participant_profile_id"
        AND p.lead_provider_id = ${leadProviderId}
        AND (
          ir.induction_status IN ('active', 'completed')
          OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR ${d}."declaration_date" <= ir.end_date))
        )
    )
  )`;
}

/** Declarations `d` the provider may see (§ visibility above). */
export function visibleDeclarations(leadProviderId: string): SQL {
  return sql`(d.lead_provider_id = ${leadProviderId} OR ${othersVisibleDeclaration(sql`d`, leadProviderId)})`;
}

export async function findDeclaration(db: Db, id: string, leadProviderId: string): Promise<DeclarationRecord | null> {
  const [row] = await readDeclarations(db, sql`d.id = ${id} AND ${visibleDeclarations(leadProviderId)}`);
  return row ?? null;
}
