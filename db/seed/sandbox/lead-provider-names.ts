/** The lead providers of the sandbox data set, in the generator's order (their ids: uuidFromName(`lead-provider:<name>`)). */
export const SEEDED_LEAD_PROVIDER_NAMES = [
  'Ambition Institute',
  'Best Practice Network',
  'Capita',
  'Education Development Trust',
  'National Institute of Teaching',
  'Teach First',
  'UCL Institute of Education',
] as const;
