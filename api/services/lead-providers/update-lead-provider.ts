import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { leadProviderCohorts, leadProviders, cohorts as cohortsTable } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import { DomainError, ErrorCollector, NotFoundError } from '../../errors/api-error';
import { forgetCachedTokens } from '../auth/token-cache';
import { operatorAudit } from '../operators/audit';
import { cohortYears, requiredName } from '../operators/input';
import { contractStatements, knownCohorts } from './contracts';
import { nameInUse, nameTaken } from './create-lead-provider';
import { runBatch } from '../../../db/batch';

export async function findLeadProvider(db: Db, id: string) {
  const [row] = await db.select().from(leadProviders).where(eq(leadProviders.id, id)).limit(1);
  if (!row) throw new NotFoundError('lead provider');
  return row;
}

export async function leadProviderCohortYears(db: Db, id: string): Promise<number[]> {
  const rows = await db.select({ year: cohortsTable.startYear }).from(leadProviderCohorts)
    .innerJoin(cohortsTable, eq(cohortsTable.id, leadProviderCohorts.cohortId))
    .where(eq(leadProviderCohorts.leadProviderId, id)).orderBy(cohortsTable.startYear);
  return rows.map((r) => r.year);
}

/**
 * Renames a lead provider and/or adds cohorts to its contract (opening their statements).
 * Contracts are not taken away here: a cohort's statements and declarations outlive it.
 */
export async function updateLeadProvider(ctx: OperatorContext, id: string, input: { name?: unknown; cohorts?: unknown }) {
  await findLeadProvider(ctx.db, id);
  const errors = new ErrorCollector();
  const name = input.name === undefined ? undefined : requiredName(errors, input.name);
  const cohorts = await knownCohorts(ctx.db, errors, cohortYears(errors, input.cohorts));
  if (name && (await nameInUse(ctx.db, name, id))) errors.add('name', nameTaken);
  errors.throwIfAny();
  try {
    await runBatch(ctx.db, [
      ctx.db.update(leadProviders).set({ ...(name ? { name } : {}), updatedAt: ctx.now }).where(eq(leadProviders.id, id)),
      ...contractStatements(ctx.db, id, cohorts!, ctx.now),
      operatorAudit(ctx, 'update_lead_provider', [id], input),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError([{ title: 'name', detail: nameTaken }]);
    throw err;
  }
  forgetCachedTokens(ctx.db); // requests on this host carry the new name at once
  const row = await findLeadProvider(ctx.db, id);
  return { id, name: row.name, cohorts: await leadProviderCohortYears(ctx.db, id) };
}
