import type { OperatorContext } from '../../context';
import { ErrorCollector } from '../../errors/api-error';
import { operatorAudit } from '../operators/audit';
import { cohortYears } from '../operators/input';
import { contractStatements, knownCohorts } from './contracts';
import { findLeadProvider, leadProviderCohortYears } from './update-lead-provider';
import { runBatch } from '../../../db/batch';

/**
 * Opens a lead provider's statements for a cohort from DfE's calendar (and its contract for the
 * cohort). Running it again changes nothing.
 */
export async function openStatements(ctx: OperatorContext, leadProviderId: string, input: { cohort?: unknown }) {
  const provider = await findLeadProvider(ctx.db, leadProviderId);
  const errors = new ErrorCollector();
  const years = input.cohort === undefined ? (errors.add('cohort', 'Enter the start year of a cohort, for example 2025.'), null) : cohortYears(errors, input.cohort, 'cohort');
  const cohorts = await knownCohorts(ctx.db, errors, years, 'cohort');
  errors.throwIfAny();
  await runBatch(ctx.db, [
    ...contractStatements(ctx.db, leadProviderId, cohorts!, ctx.now),
    operatorAudit(ctx, 'open_statements', [leadProviderId], input),
  ]);
  return { id: leadProviderId, name: provider.name, cohorts: await leadProviderCohortYears(ctx.db, leadProviderId) };
}
