import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { literalList } from '../../../db/literal-list';
import { inductionProgrammes, inductionRecords, partnerships } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { SLOT_HOLDING_STATES } from '../../domain/declarations';
import { NotFoundError } from '../../errors/api-error';
import type { Page } from '../../http/pagination';
import { readPage, type PagePosition } from '../paging/page-seek';
import { declarationPageIds } from './declaration-page-ids';
import { d, readDeclarations, type DeclarationRecord } from './declaration-queries';

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

const ir = alias(inductionRecords, 'ir');
const ip = alias(inductionProgrammes, 'ip');
const p = alias(partnerships, 'p');

/** Another provider's declaration `d` the caller may see in v1/v2. */
function othersVisible(leadProviderId: string): SQL {
  return sql`(
    ${d.state} IN ${literalList(SLOT_HOLDING_STATES)}
    AND EXISTS (
      SELECT 1 FROM ${inductionRecords} AS ${ir}
      JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
      JOIN ${partnerships} AS ${p} ON ${p.id} = ${ip.partnershipId}
      WHERE ${ir.participantProfileId} = ${d.participantProfileId}
        AND ${p.leadProviderId} = ${leadProviderId}
        AND ${ir.inductionStatus} IN ('active', 'completed')
    )
  )`;
}

function filters(input: LegacyDeclarationFilters): SQL {
  const where: SQL[] = [sql`1 = 1`];
  if (input.participantId !== null) where.push(sql`${d.userId} = ${input.participantId}`);
  if (input.updatedSince) where.push(sql`${d.updatedAt} > ${input.updatedSince.getTime()}`);
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
  return readPage(ctx.db, scope, page, (position, limit) => readDeclarations(ctx.db, sql`${d.id} IN (${pageIds(lp, input, null, position, limit)})`),
    (d) => [d.createdAt.getTime(), d.id]);
}

/** The batch after `after`, for the CSV file (keyset: a late batch costs what the first does). */
export function legacyDeclarationsAfter(ctx: RequestContext, input: LegacyDeclarationFilters, after: DeclarationKey | null, size: number): Promise<DeclarationRecord[]> {
  return readDeclarations(ctx.db, sql`${d.id} IN (${pageIds(ctx.leadProvider.id, input, after, { offset: 0 }, size)})`);
}

/** One declaration the caller may see in v1/v2, honouring the list filters (as the reference's show did). */
export async function getLegacyDeclaration(ctx: RequestContext, id: string, input: LegacyDeclarationFilters): Promise<DeclarationRecord> {
  const lp = ctx.leadProvider.id;
  const [row] = await readDeclarations(ctx.db, sql`${d.id} = ${id} AND (${d.leadProviderId} = ${lp} OR ${othersVisible(lp)}) AND ${filters(input)}`);
  if (!row) throw new NotFoundError('declaration');
  return row;
}
