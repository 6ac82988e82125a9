// What the sandbox snapshot (table sandbox_snapshots) holds: written by the seed
// (write-snapshot.ts), read by POST /api/sandbox/reset (api/services/sandbox/reset.ts).

/** `lead_provider_id` of the rows every provider's reset reads. */
export const SHARED = '';

/**
 * Per seeded lead provider, the rows its reset restores: its statements and declarations (with
 * their states and statement lines), and the participants it alone trained at seeding (every
 * training record in a programme of its partnerships) with their rows. A user belongs to a
 * provider when all their participant profiles do.
 */
export const PROVIDER_TABLES = [
  'statements', 'participant_declarations', 'declaration_states', 'statement_line_items',
  'users', 'participant_identities', 'participant_id_changes', 'participant_profiles', 'participant_eligibilities',
  'induction_records', 'participant_profile_states', 'participant_profile_schedules',
] as const;

/**
 * Under SHARED: whole rows of the tables whose rows a reset finds the caller's scope from (which
 * schools, per cohort, only it works with), and ids of every seeded user and participant profile
 * (`SEEDED_IDS`: their rows are the providers' or shared between providers), which tell seeded
 * rows from rows added since.
 */
export const SHARED_TABLES = ['partnerships', 'school_cohorts', 'induction_programmes'] as const;
export const SEEDED_IDS = { users: 'seeded_ids:users', participantProfiles: 'seeded_ids:participant_profiles' } as const;

/**
 * Characters of JSON per chunk. D1 holds at most 2 MB in a value, and a statement of at most
 * 100 KB: db/seed/dump-sql.ts writes each chunk as one INSERT for `wrangler d1 execute`.
 */
export const CHUNK_CHARS = 80_000;

export type ProviderTable = (typeof PROVIDER_TABLES)[number];
export type SharedTable = (typeof SHARED_TABLES)[number];
