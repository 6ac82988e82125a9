import { sql, type SQL } from 'drizzle-orm';
import { cohorts } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { readPage } from '../paging/page-seek';
import { declarationPageIds } from './declaration-page-ids';
import { d, othersVisibleDeclaration, readDeclarations, type DeclarationRecord } from './declaration-queries';

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
  if (input.cohortYears) conditions.push(sql`${d.cohortId} IN (SELECT ${cohorts.id} FROM ${cohorts} WHERE ${inList(sql`${cohorts.startYear}`, input.cohortYears)})`);
  if (input.participantIds) conditions.push(inList(sql`${d.userId}`, input.participantIds));
  if (input.deliveryPartnerIds) conditions.push(inList(sql`${d.deliveryPartnerId}`, input.deliveryPartnerIds));
  if (input.updatedSince) conditions.push(sql`${d.updatedAt} >= ${input.updatedSince.getTime()}`);
  return sql.join(conditions, sql` AND `);
}

/** Declarations the caller can see in v3, oldest first. One query whatever the page size. */
export async function listDeclarations(ctx: RequestContext, input: ListDeclarationsInput): Promise<DeclarationRecord[]> {
  const lp = ctx.leadProvider.id;
  // Deep pages seek from a remembered key (api/services/paging/page-seek.ts).
  const scope = JSON.stringify(['declarations', lp, input.cohortYears, input.participantIds, input.deliveryPartnerIds, input.updatedSince?.getTime() ?? null, input.page.perPage]);
  return readPage(ctx.db, scope, input.page, (position, limit) => readDeclarations(ctx.db, sql`${d.id} IN (${declarationPageIds({
    leadProviderId: lp, filters: filters(input), othersVisible: othersVisibleDeclaration(lp), position, limit,
  })})`), (d) => [d.createdAt.getTime(), d.id]);
}
