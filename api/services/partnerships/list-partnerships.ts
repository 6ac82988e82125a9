import { and, asc, gte, inArray } from 'drizzle-orm';
import { partnerships } from '../../../db/schema';
import type { RequestContext } from '../../context';
import type { Page } from '../../http/pagination';
import { parseSort } from '../../http/sort';
import { cohortYearCondition } from '../cohorts/cohort-condition';
import { fromPartnerships, visibleTo, type PartnershipRecord } from './partnership-queries';

export interface ListPartnershipsInput {
  cohortYears: number[] | null;
  deliveryPartnerIds: string[] | null;
  updatedSince: Date | null;
  sort: string | undefined;
  page: Page;
}

const sortable = {
  created_at: partnerships.createdAt,
  updated_at: partnerships.apiUpdatedAt,
  challenged_at: partnerships.challengedAt,
  challenge_deadline: partnerships.challengeDeadline,
  id: partnerships.id,
};

export async function listPartnerships(ctx: RequestContext, input: ListPartnershipsInput): Promise<PartnershipRecord[]> {
  return fromPartnerships(ctx.db)
    .where(and(
      visibleTo(ctx.leadProvider.id),
      cohortYearCondition(input.cohortYears),
      input.deliveryPartnerIds ? inArray(partnerships.deliveryPartnerId, input.deliveryPartnerIds) : undefined,
      input.updatedSince ? gte(partnerships.apiUpdatedAt, input.updatedSince) : undefined,
    ))
    .orderBy(...parseSort(input.sort, sortable, [asc(partnerships.createdAt)], partnerships.id))
    .limit(input.page.perPage)
    .offset(input.page.offset);
}
