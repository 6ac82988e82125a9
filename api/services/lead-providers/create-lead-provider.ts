import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { leadProviders } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import { DomainError, ErrorCollector } from '../../errors/api-error';
import { operatorAudit } from '../operators/audit';
import { cohortYears, requiredName } from '../operators/input';
import { contractStatements, knownCohorts } from './contracts';
import { runBatch } from '../../../db/batch';

export const nameTaken = 'There is already a lead provider with that name.';

export async function nameInUse(db: Db, name: string, exceptId?: string): Promise<boolean> {
  const rows = await db.select({ id: leadProviders.id }).from(leadProviders)
    .where(sql`lower(${leadProviders.name}) = lower(${name}) ${exceptId ? sql`AND ${leadProviders.id} <> ${exceptId}` : sql``}`).limit(1);
  return rows.length > 0;
}

/** DfE contracts a new lead provider, for cohorts whose statements open with it. */
export async function createLeadProvider(ctx: OperatorContext, input: { name?: unknown; cohorts?: unknown }) {
  const errors = new ErrorCollector();
  const name = requiredName(errors, input.name);
  const cohorts = await knownCohorts(ctx.db, errors, cohortYears(errors, input.cohorts));
  if (name && (await nameInUse(ctx.db, name))) errors.add('name', nameTaken);
  errors.throwIfAny();
  const id = crypto.randomUUID();
  try {
    await runBatch(ctx.db, [
      ctx.db.insert(leadProviders).values({ id, name: name!, createdAt: ctx.now, updatedAt: ctx.now }),
      ...contractStatements(ctx.db, id, cohorts!, ctx.now),
      operatorAudit(ctx, 'create_lead_provider', [id], input),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError([{ title: 'name', detail: nameTaken }]);
    throw err;
  }
  return { id, name: name!, cohorts: [...cohorts!.keys()] };
}
