import { sql, type SQL } from 'drizzle-orm';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { readPage } from '../paging/page-seek';
import { othersVisibleDeclaration, readDeclarations, type DeclarationRecord } from './declaration-queries';

export interface ListDeclarationsInput {
  /** null → every cohort (the 2020 pilot included), unlike other lists. */
  cohortYears: number[] | null;
  participantIds: string[] | null;
  deliveryPartnerIds: string[] | null;
  updatedSince: Date | null;
  page: Page;
}

const inList = (column: SQL, values: readonly (string | number)[]) =>
  values.length ? sql`${column} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`0 = 1`;

/** The request's filters on a declaration aliased `d`. */
function filters(input: ListDeclarationsInput): SQL {
  const conditions: SQL[] = [sql`1 = 1`];
  if (input.cohortYears) conditions.push(sql`d.cohort_id IN (SELECT id FROM cohorts WHERE ${inList(sql`start_year`, input.cohortYears)})`);
  if (input.participantIds) conditions.push(inList(sql`d.user_id`, input.participantIds));
  if (input.deliveryPartnerIds) conditions.push(inList(sql`d.delivery_partner_id`, input.deliveryPartnerIds));
  if (input.updatedSince) conditions.push(sql`d.updated_at >= ${input.updatedSince.getTime()}`);
  return sql.join(conditions, sql` AND `);
}

/**
 * Declarations the caller can see, oldest first. One query whatever the page size.
 *
 * The page's ids are chosen first from two disjoint sets merged in order: the provider's own
 * declarations, read in order from participant_declarations_lp_created_idx (no sort, the filters
 * checked in the index), and other providers' live ones for the provider's participants. Those
 * can only be participants another provider has had too: provider_enrolments flags them (shared),
 * so that arm reads a few index entries, not the provider's whole history. Only the page's rows
 * are then read whole.
 */
export async function listDeclarations(ctx: RequestContext, input: ListDeclarationsInput): Promise<DeclarationRecord[]> {
  const lp = ctx.leadProvider.id;
  // Deep pages seek from a remembered key (api/services/paging/page-seek.ts).
  const scope = JSON.stringify(['declarations', lp, input.cohortYears, input.participantIds, input.deliveryPartnerIds, input.updatedSince?.getTime() ?? null, input.page.perPage]);
  return readPage(ctx.db, scope, input.page, (position, limit) => {
    const from = 'startAt' in position ? sql` AND (d.created_at, d.id) >= (${position.startAt[0]}, ${position.startAt[1]})` : sql``;
    const pageIds = sql`
      SELECT id FROM (
        SELECT d.id, d.created_at FROM participant_declarations d
        WHERE d.lead_provider_id = ${lp} AND ${filters(input)}${from}
        UNION ALL
        SELECT d.id, d.created_at FROM participant_declarations d
        WHERE d.participant_profile_id IN (
            SELECT e.participant_profile_id FROM provider_enrolments e WHERE e.lead_provider_id = ${lp} AND e.shared = 1
          )
          AND d.lead_provider_id <> ${lp} AND ${othersVisibleDeclaration(sql`d`, lp)} AND ${filters(input)}${from}
        -- on the compound itself, so SQLite merges the two ordered arms instead of sorting them
        ORDER BY created_at, id
        LIMIT ${limit} OFFSET ${'offset' in position ? position.offset : 0}
      )`;
    return readDeclarations(ctx.db, sql`d.id IN (${pageIds})`);
  }, (d) => [d.createdAt.getTime(), d.id]);
}
