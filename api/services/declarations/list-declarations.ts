import { and, asc, gte, inArray } from 'drizzle-orm';
import { cohorts, participantDeclarations } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { fromDeclarations, visibleDeclarations, type DeclarationRecord } from './declaration-queries';

export interface ListDeclarationsInput {
  /** null → every cohort (the 2020 pilot included), unlike other lists. */
  cohortYears: number[] | null;
  participantIds: string[] | null;
  deliveryPartnerIds: string[] | null;
  updatedSince: Date | null;
  page: Page;
}

/** Declarations the caller can see, oldest first. One query whatever the page size. */
export async function listDeclarations(ctx: RequestContext, input: ListDeclarationsInput): Promise<DeclarationRecord[]> {
  const rows = await fromDeclarations(ctx.db)
    .where(and(
      visibleDeclarations(ctx.leadProvider.id),
      input.cohortYears ? inArray(cohorts.startYear, input.cohortYears.length ? input.cohortYears : [-1]) : undefined,
      input.participantIds ? inArray(participantDeclarations.userId, input.participantIds) : undefined,
      input.deliveryPartnerIds ? inArray(participantDeclarations.deliveryPartnerId, input.deliveryPartnerIds) : undefined,
      input.updatedSince ? gte(participantDeclarations.updatedAt, input.updatedSince) : undefined,
    ))
    .orderBy(asc(participantDeclarations.createdAt), asc(participantDeclarations.id))
    .limit(input.page.perPage)
    .offset(input.page.offset);
  return rows as DeclarationRecord[];
}
