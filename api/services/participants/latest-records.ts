import { sql, type SQL } from 'drizzle-orm';

/**
 * The order that makes an induction record a profile's latest: open records first, then the
 * latest start, then the latest created, then the id (so the choice is always the same one).
 * `alias` is the induction_records alias in the query.
 */
export const latestRecordOrder = (alias: string) =>
  sql.raw(`(${alias}.end_date IS NULL) DESC, ${alias}.start_date DESC, ${alias}.created_at DESC, ${alias}.id DESC`);

/** What `latest` can carry, per column: the expression it is read from. */
const latestColumns = {
  record_id: 'ir.id',
  profile_id: 'ir.participant_profile_id',
  schedule_id: 'ir.schedule_id',
  mentor_profile_id: 'ir.mentor_profile_id',
  preferred_identity_id: 'ir.preferred_identity_id',
  induction_status: 'ir.induction_status',
  training_status: 'ir.training_status',
  start_date: 'ir.start_date',
  end_date: 'ir.end_date',
  school_cohort_id: 'ip.school_cohort_id',
  delivery_partner_id: 'p.delivery_partner_id',
} as const;
export type LatestColumn = keyof typeof latestColumns;

/**
 * Which participants a provider sees, and where: for each training record (profile), the latest
 * induction record placed under one of the provider's unchallenged partnerships — open records
 * first, then the latest start, then the latest created. A participant who moved to another
 * provider stays visible through their last record here (typically leaving or left).
 *
 * Used as a CTE named `latest` with one row per visible profile. Asking for fewer `columns` lets
 * SQLite answer from induction_records_programme_idx alone, without reading the records.
 */
export function latestRecordsCte(leadProviderId: string, columns: readonly LatestColumn[] = Object.keys(latestColumns) as LatestColumn[]): SQL {
  const selected = sql.raw(columns.map((c) => `${latestColumns[c]} AS ${c}`).join(', '));
  return sql`latest AS (
    SELECT * FROM (
      SELECT ${selected},
        row_number() OVER (
          PARTITION BY ir.participant_profile_id
          ORDER BY ${latestRecordOrder('ir')}
        ) AS position
      FROM partnerships p
      JOIN induction_programmes ip ON ip.partnership_id = p.id
      JOIN induction_records ir ON ir.induction_programme_id = ip.id
      WHERE p.lead_provider_id = ${leadProviderId}
        AND p.challenged_at IS NULL AND p.challenge_reason IS NULL
    ) WHERE position = 1
  )`;
}

/**
 * DfE shows providers only participants whose details it has validated (an eligibility result
 * exists); `pp` is the participant_profiles alias.
 */
export const validatedProfile = sql`EXISTS (SELECT 1 FROM participant_eligibilities pe WHERE pe.participant_profile_id = pp.id)`;

/**
 * The same choice as `latestRecordsCte`, for one profile: the id of the latest induction record
 * of profile `profile` (an SQL alias of participant_profiles) under one of the provider's
 * unchallenged partnerships, or NULL. A correlated subquery that reads only that profile's
 * records (induction_records_profile_idx), so a page costs the same wherever it is.
 */
export function latestRecordOf(profile: SQL, leadProviderId: string): SQL {
  return sql`(
    SELECT lr.id FROM induction_records lr
    -- CROSS JOIN fixes the order: from the profile's own records out, never from the provider's
    -- partnerships in (thousands of them) whatever the planner guesses
    CROSS JOIN induction_programmes lip ON lip.id = lr.induction_programme_id
    CROSS JOIN partnerships lpp ON lpp.id = lip.partnership_id
    WHERE lr.participant_profile_id = ${profile}.id AND lpp.lead_provider_id = ${leadProviderId}
      AND lpp.challenged_at IS NULL AND lpp.challenge_reason IS NULL
    ORDER BY ${latestRecordOrder('lr')}
    LIMIT 1
  )`;
}
