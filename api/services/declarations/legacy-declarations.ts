import { sql, type SQL } from 'drizzle-orm';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import type { Page } from '../../http/pagination';
import { readDeclarations, type DeclarationRecord } from './declaration-queries';

// Declarations as v1 and v2 list and show them (V1-V2.md §2.2.3). The same read model as v3;
// what differs is which other providers' declarations are visible and the filters:
//   * another provider's live declaration is visible only while the caller's record for the
//     participant is active or completed (v3 also shows them for a leaving record);
//   * `participant_id` is one id matched exactly (a comma list matches nothing);
//   * `updated_since` is strict (`>`), where v3 is inclusive;
//   * there is no cohort or delivery-partner filter: every cohort, the 2020 pilot included.

export interface LegacyDeclarationFilters {
  participantId: string | null;
  updatedSince: Date | null;
}

/** Another provider's declaration `d` the caller may see in v1/v2. */
function othersVisible(leadProviderId: string): SQL {
  return sql`(
    d.state IN ('submitted', 'eligible', 'payable', 'paid')
    AND EXISTS (
      SELECT 1 FROM induction_records ir
      JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
      JOIN partnerships p ON p.id = ip.partnership_id
      WHERE ir.participant_profile_id = d.participant_profile_id
        AND p.lead_provider_id = ${leadProviderId}
        AND ir.induction_status IN ('active', 'completed')
    )
  )`;
}

function filters(input: LegacyDeclarationFilters): SQL {
  const where: SQL[] = [sql`1 = 1`];
  if (input.participantId !== null) where.push(sql`d.user_id = ${input.participantId}`);
  if (input.updatedSince) where.push(sql`d.updated_at > ${input.updatedSince.getTime()}`);
  return sql.join(where, sql` AND `);
}

export interface DeclarationKey {
  createdAt: Date;
  id: string;
}

/**
 * Ids of the visible declarations, oldest first (id breaks ties), after `after`: the caller's
 * own from its index, merged with other providers' for the participants it shares (see
 * list-declarations.ts for why that arm is cheap).
 */
function pageIds(lp: string, input: LegacyDeclarationFilters, after: DeclarationKey | null, limit: number, offset: number): SQL {
  const from = after ? sql`AND (d.created_at, d.id) > (${after.createdAt.getTime()}, ${after.id})` : sql``;
  return sql`
    SELECT id FROM (
      SELECT d.id, d.created_at FROM participant_declarations d
      WHERE d.lead_provider_id = ${lp} AND ${filters(input)} ${from}
      UNION ALL
      SELECT d.id, d.created_at FROM participant_declarations d
      WHERE d.participant_profile_id IN (
          SELECT e.participant_profile_id FROM provider_enrolments e WHERE e.lead_provider_id = ${lp} AND e.shared = 1
        )
        AND d.lead_provider_id <> ${lp} AND ${othersVisible(lp)} AND ${filters(input)} ${from}
      ORDER BY created_at, id
      LIMIT ${limit} OFFSET ${offset}
    )`;
}

/** A page of declarations: one query whatever its size. */
export function listLegacyDeclarations(ctx: RequestContext, input: LegacyDeclarationFilters, page: Page): Promise<DeclarationRecord[]> {
  return readDeclarations(ctx.db, sql`d.id IN (${pageIds(ctx.leadProvider.id, input, null, page.perPage, page.offset)})`);
}

/** The batch after `after`, for the CSV file (keyset: a late batch costs what the first does). */
export function legacyDeclarationsAfter(ctx: RequestContext, input: LegacyDeclarationFilters, after: DeclarationKey | null, size: number): Promise<DeclarationRecord[]> {
  return readDeclarations(ctx.db, sql`d.id IN (${pageIds(ctx.leadProvider.id, input, after, size, 0)})`);
}

/** One declaration the caller may see in v1/v2, honouring the list filters (as the reference's show did). */
export async function getLegacyDeclaration(ctx: RequestContext, id: string, input: LegacyDeclarationFilters): Promise<DeclarationRecord> {
  const lp = ctx.leadProvider.id;
  const [row] = await readDeclarations(ctx.db, sql`d.id = ${id} AND (d.lead_provider_id = ${lp} OR ${othersVisible(lp)}) AND ${filters(input)}`);
  if (!row) throw new NotFoundError('declaration');
  return row;
}
