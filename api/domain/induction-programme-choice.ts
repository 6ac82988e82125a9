/**
 * How a school's programme choice is shown to providers (the 2025 naming): funded provider-led
 * training or school-led training, instead of the older programme names kept in the data.
 */
export const apiProgrammeChoices = ['provider_led', 'school_led', 'no_early_career_teachers', 'not_yet_known'] as const;
export type ApiProgrammeChoice = (typeof apiProgrammeChoices)[number];

const mapping: Record<string, ApiProgrammeChoice> = {
  full_induction_programme: 'provider_led',
  school_funded_fip: 'provider_led',
  core_induction_programme: 'school_led',
  design_our_own: 'school_led',
  no_early_career_teachers: 'no_early_career_teachers',
  not_yet_known: 'not_yet_known',
};

export function apiProgrammeChoice(stored: string | null | undefined): ApiProgrammeChoice {
  return (stored && mapping[stored]) || 'not_yet_known';
}
