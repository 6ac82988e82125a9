import { SEEDED_LEAD_PROVIDER_NAMES } from './lead-provider-names';
import { COHORT_YEARS } from './calendar';
import type { SeedScale } from './options';

// How many participants each lead provider gets: the seed's scale.

export const LEAD_PROVIDER_NAMES = SEEDED_LEAD_PROVIDER_NAMES;

/** Share of the ~200,000 participants of the national scale, per lead provider (in the order above). */
export const NATIONAL_SHARES = [0.3, 0.08, 0.05, 0.12, 0.1, 0.2, 0.15];
export const NATIONAL_PARTICIPANTS = 200_000;
export const DEFAULT_PARTICIPANTS_PER_LP_PER_COHORT = 60;

export function participantsPerLeadProvider(scale: SeedScale): number[] {
  if (scale === 'national') return NATIONAL_SHARES.map((s) => Math.round((NATIONAL_PARTICIPANTS * s) / COHORT_YEARS.length));
  const n = scale === 'default' ? DEFAULT_PARTICIPANTS_PER_LP_PER_COHORT : Math.floor(scale);
  if (!Number.isFinite(n) || n < 1) throw new Error(`Seed scale must be 'default', 'national' or a positive number, not ${String(scale)}`);
  return LEAD_PROVIDER_NAMES.map(() => n);
}
