import { and, eq } from 'drizzle-orm';
import { partnerships } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import { fromPartnerships, visibleTo, type PartnershipRecord } from './partnership-queries';

export async function getPartnership(ctx: Pick<RequestContext, 'db' | 'leadProvider'>, id: string): Promise<PartnershipRecord> {
  const [row] = await fromPartnerships(ctx.db).where(and(eq(partnerships.id, id), visibleTo(ctx.leadProvider.id))).limit(1);
  if (!row) throw new NotFoundError('partnership');
  return row;
}
