// provider_enrolments is derived data: which training records each lead provider sees, and
// through which induction record. SQLite triggers keep it (migration 0007, generated from this
// file by `npm run db:derived`; a test fails if the migration drifts from it), so every write
// path (API, web, sandbox control, seed, reset, a D1 console) keeps it right without knowing it.
//
// Each trigger recomputes the rows of the training records it touches from scratch, so a row
// never depends on the order writes arrived in.

/** The latest-record order (see api/services/participants/latest-records.ts). */
const latestOrder = (alias: string) =>
  `(${alias}.end_date IS NULL) DESC, ${alias}.start_date DESC, ${alias}.created_at DESC, ${alias}.id DESC`;

export const providerEnrolmentColumns = [
  'lead_provider_id', 'participant_profile_id', 'user_id', 'user_created_at', 'user_api_updated_at',
  'induction_record_id', 'cohort_start_year', 'training_status', 'validated', 'shared',
].join(', ');
const columns = providerEnrolmentColumns;

/**
 * The rows of the training records whose ids `profiles` (an SQL expression usable after `IN`)
 * gives: one per provider with any induction record for it.
 */
export function providerEnrolmentRows(profiles: string): string {
  return `SELECT x.lead_provider_id, x.profile_id, pp.user_id, u.created_at, u.api_updated_at,
    x.record_id, c.start_year, r.training_status,
    EXISTS (SELECT 1 FROM participant_eligibilities pe WHERE pe.participant_profile_id = pp.id),
    count(*) OVER (PARTITION BY x.profile_id) > 1
  FROM (
    SELECT DISTINCT ir.participant_profile_id AS profile_id, p.lead_provider_id, (
      SELECT lr.id FROM induction_records lr
      CROSS JOIN induction_programmes lip ON lip.id = lr.induction_programme_id
      CROSS JOIN partnerships lpp ON lpp.id = lip.partnership_id
      WHERE lr.participant_profile_id = ir.participant_profile_id AND lpp.lead_provider_id = p.lead_provider_id
        AND lpp.challenged_at IS NULL AND lpp.challenge_reason IS NULL
      ORDER BY ${latestOrder('lr')}
      LIMIT 1
    ) AS record_id
    FROM induction_records ir
    JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN partnerships p ON p.id = ip.partnership_id
    WHERE ir.participant_profile_id IN ${profiles}
  ) x
  JOIN participant_profiles pp ON pp.id = x.profile_id
  JOIN users u ON u.id = pp.user_id
  LEFT JOIN induction_records r ON r.id = x.record_id
  LEFT JOIN schedules s ON s.id = r.schedule_id
  LEFT JOIN cohorts c ON c.id = s.cohort_id
  WHERE true`;
}

/** Statements that replace the rows of the training records `profiles` gives. */
function recompute(profiles: string): string {
  return `DELETE FROM provider_enrolments WHERE participant_profile_id IN ${profiles};
  INSERT INTO provider_enrolments (${columns})
  ${providerEnrolmentRows(profiles)};`;
}

/** Every row, from scratch (the migration's first fill, and the D1 seed dump's last step). */
export const rebuildProviderEnrolments = [
  'DELETE FROM provider_enrolments;',
  `INSERT INTO provider_enrolments (${columns})\n${providerEnrolmentRows('(SELECT id FROM participant_profiles)')};`,
];

const programmeProfiles = (programmeId: string) =>
  `(SELECT participant_profile_id FROM induction_records WHERE induction_programme_id = ${programmeId})`;
const partnershipProfiles = (partnershipId: string) =>
  `(SELECT ir.participant_profile_id FROM induction_programmes ip
    JOIN induction_records ir ON ir.induction_programme_id = ip.id WHERE ip.partnership_id = ${partnershipId})`;

const trigger = (name: string, on: string, body: string) =>
  `CREATE TRIGGER \`${name}\` ${on}\nBEGIN\n  ${body}\nEND;`;

/** The triggers, in migration order. */
export const providerEnrolmentTriggers: string[] = [
  // A record placed, moved, ended or removed changes which record places its participant.
  trigger('provider_enrolments_record_insert', 'AFTER INSERT ON `induction_records`',
    recompute('(NEW.participant_profile_id)')),
  trigger('provider_enrolments_record_update',
    'AFTER UPDATE OF participant_profile_id, induction_programme_id, schedule_id, training_status, start_date, end_date, created_at ON `induction_records`',
    recompute('(NEW.participant_profile_id, OLD.participant_profile_id)')),
  trigger('provider_enrolments_record_delete', 'AFTER DELETE ON `induction_records`',
    recompute('(OLD.participant_profile_id)')),
  // A partnership challenged (or restored) hides (or shows) everyone placed under it.
  trigger('provider_enrolments_partnership_update',
    'AFTER UPDATE OF lead_provider_id, challenged_at, challenge_reason ON `partnerships`',
    recompute(partnershipProfiles('NEW.id'))),
  trigger('provider_enrolments_partnership_delete', 'AFTER DELETE ON `partnerships`',
    recompute(partnershipProfiles('OLD.id'))),
  trigger('provider_enrolments_programme_update', 'AFTER UPDATE OF partnership_id ON `induction_programmes`',
    recompute(programmeProfiles('NEW.id'))),
  trigger('provider_enrolments_programme_delete', 'AFTER DELETE ON `induction_programmes`',
    recompute(programmeProfiles('OLD.id'))),
  // DfE's validation shows a participant to its providers.
  trigger('provider_enrolments_eligibility_insert', 'AFTER INSERT ON `participant_eligibilities`',
    recompute('(NEW.participant_profile_id)')),
  trigger('provider_enrolments_eligibility_update', 'AFTER UPDATE OF participant_profile_id ON `participant_eligibilities`',
    recompute('(NEW.participant_profile_id, OLD.participant_profile_id)')),
  trigger('provider_enrolments_eligibility_delete', 'AFTER DELETE ON `participant_eligibilities`',
    recompute('(OLD.participant_profile_id)')),
  // A training record moved to another user (a merge), or removed.
  trigger('provider_enrolments_profile_update', 'AFTER UPDATE OF user_id ON `participant_profiles`',
    recompute('(NEW.id)')),
  trigger('provider_enrolments_profile_delete', 'AFTER DELETE ON `participant_profiles`',
    'DELETE FROM provider_enrolments WHERE participant_profile_id = OLD.id;'),
  // The user's timestamps are copied so lists order and filter by them from the index alone.
  trigger('provider_enrolments_user_update', 'AFTER UPDATE OF created_at, api_updated_at ON `users`',
    'UPDATE provider_enrolments SET user_created_at = NEW.created_at, user_api_updated_at = NEW.api_updated_at WHERE user_id = NEW.id;'),
];

/** Migration 0007's statements after drizzle-kit's CREATE TABLE and CREATE INDEX ones. */
export function providerEnrolmentsMigrationTail(): string {
  return [...providerEnrolmentTriggers, ...rebuildProviderEnrolments].join('\n--> statement-breakpoint\n');
}
