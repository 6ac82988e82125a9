import { sql, type SQL } from 'drizzle-orm';
import { inductionProgrammes, inductionRecords, partnerships } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import type { Page } from '../../http/pagination';
import { readPage, type PagePosition } from '../paging/page-seek';
import { declarationPageIds } from './declaration-page-ids';
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
      SELECT 1 FROM ${inductionRecords} ir
      JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
      JOIN ${partnerships} p ON p.id = ip.partnership_id
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

const pageIds = (lp: string, input: LegacyDeclarationFilters, after: DeclarationKey | null, position: PagePosition, limit: number) =>
  declarationPageIds({ leadProviderId: lp, filters: filters(input), othersVisible: othersVisible(lp), after, position, limit });

/** A page of declarations: one query whatever its size; deep pages seek (api/services/paging/page-seek.ts). */
export function listLegacyDeclarations(ctx: RequestContext, input: LegacyDeclarationFilters, page: Page): Promise<DeclarationRecord[]> {
  const lp = ctx.leadProvider.id;
  const scope = JSON.stringify(['legacy-declarations', lp, input.participantId, input.updatedSince?.getTime() ?? null, page.perPage]);
  return readPage(ctx.db, scope, page, (position, limit) => readDeclarations(ctx.db, sql`d.id IN (${pageIds(lp, input, null, position, limit)})`),
    (d) => [d.createdAt.getTime(), d.id]);
}

/** The batch after `after`, for the CSV file (keyset: a late batch costs what the first does). */
export function legacyDeclarationsAfter(ctx: RequestContext, input: LegacyDeclarationFilters, after: DeclarationKey | null, size: number): Promise<DeclarationRecord[]> {
  return readDeclarations(ctx.db, sql`d.id IN (${pageIds(ctx.leadProvider.id, input, after, { offset: 0 }, size)})`);
}

/** One declaration the caller may see in v1/v2, honouring the list filters (as the reference's show did). */
export async function getLegacyDeclaration(ctx: RequestContext, id: string, input: LegacyDeclarationFilters): Promise<DeclarationRecord> {
  const lp = ctx.leadProvider.id;
  const [row] = await readDeclarations(ctx.db, sql`d.id = ${id} AND (d.lead_provider_id = ${lp} OR ${othersVisible(lp)}) AND ${filters(input)}`);
  if (!row) throw new NotFoundError('declaration');
  return row;
}
