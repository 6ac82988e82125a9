import type { Db } from '../../client';
import { writeSandboxSnapshot } from '../snapshot/write-snapshot';
import { COHORT_YEARS } from './calendar';
import { seedDeliveryPartners } from './delivery-partners';
import { SandboxGenerator } from './generator';
import { seedLeadProviders } from './lead-providers-and-statements';
import type { SandboxSeedOptions, SeededLeadProvider } from './options';
import { seedParticipants } from './participants';
import { participantsPerLeadProvider } from './scale';
import { seedSchoolsAndPartnerships } from './schools-and-partnerships';

// The sandbox data set: lead providers with contracts and statements, delivery partners, schools
// (eligible, ineligible, CIP-only), school cohorts, partnerships (active, challenged, relationship,
// waiting on the school to continue), and participants in every training state. Every id comes
// from uuidFromName over a stable name and every choice from a seeded generator, so the same
// `now` and scale always give the same database. Timestamps follow the cohort calendar (a 2023
// partnership was made in 2023) and are clamped into the past relative to `now`.
//
// One module per thing seeded, in the order they are written: lead-providers-and-statements,
// delivery-partners, schools-and-partnerships, participants (with scenarios: participants
// written on purpose), whose declarations are planned (declaration-plans) and settled into rows
// (declaration-outcomes). generator.ts holds the state they share (random stream, timeline,
// unique names, plans of schools and programmes); write-rows.ts writes rows.

export type { RowSink, SandboxSeedOptions, SeedScale, SeededLeadProvider } from './options';

/**
 * Seeds the sandbox data set. Reference data (cohorts, schedules) must be loaded first.
 * Deterministic: the same `now` and `scale` give the same rows and ids.
 */
export async function seedSandbox(db: Db, options: SandboxSeedOptions): Promise<SeededLeadProvider[]> {
  const perLp = participantsPerLeadProvider(options.scale);
  // Steps: lead providers, delivery partners, schools, each participant of a cohort, and each
  // provider's scenarios.
  const total = 3 + perLp.reduce((sum, n) => sum + n * COHORT_YEARS.length + 1, 0);
  const generator = new SandboxGenerator(db, options.now.getTime(), perLp, total, options.writer ?? 'json', options.onProgress, options.sink);
  options.onProgress?.(0, total, 'starting');
  await seedLeadProviders(generator);
  await seedDeliveryPartners(generator);
  await seedSchoolsAndPartnerships(generator);
  for (const lp of generator.lps) await seedParticipants(generator, lp);
  await generator.finish();
  // Last, once every row is in: what a sandbox reset puts back.
  await writeSandboxSnapshot(db, { seededAt: options.now, scale: options.scale, leadProviderIds: generator.lps.map((lp) => lp.id) });
  return generator.lps.map(({ id, name }) => ({ id, name }));
}
