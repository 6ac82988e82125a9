import { sql, type SQL } from 'drizzle-orm';
import { latestOrder } from '../../../db/derived/provider-enrolments';
import { inductionProgrammes, inductionRecords, participantEligibilities, partnerships, providerEnrolments } from '../../../db/schema';

/** The latest-record order (db/derived/provider-enrolments.ts) as SQL; `alias` names induction_records. */
export const latestRecordOrder = (alias: string) => sql.raw(latestOrder(alias));

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

/**
 * Which participants a provider sees, and where: for each training record (profile), the latest
 * induction record placed under one of the provider's unchallenged partnerships — open records
 * first, then the latest start, then the latest created (`latestRecordOrder`). A participant who
 * moved to another provider stays visible through their last record here (typically leaving or
 * left).
 *
 * That choice is kept per provider and profile in provider_enrolments by triggers
 * (db/derived/provider-enrolments.ts). Used as a CTE named `latest` with one row per visible
 * profile; plain joins, so SQLite folds it into the query and applies the query's own filters
 * before reading anything. It is always narrowed to `users` (an SQL list or subquery of user
 * ids), read by user: without table statistics SQLite would otherwise walk the provider's whole
 * range to find one participant.
 */
export function latestRecordsCte(leadProviderId: string, users: SQL): SQL {
  const selected = sql.raw(Object.entries(latestColumns).map(([name, expression]) => `${expression} AS ${name}`).join(', '));
  return sql`latest AS (
    SELECT ${selected}
    FROM ${providerEnrolments} e INDEXED BY provider_enrolments_user_idx
    JOIN ${inductionRecords} ir ON ir.id = e.induction_record_id
    JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
    JOIN ${partnerships} p ON p.id = ip.partnership_id
    WHERE e.lead_provider_id = ${leadProviderId}
      AND e.user_id IN ${users}
  )`;
}

/**
 * DfE shows providers only participants whose details it has validated (an eligibility result
 * exists); `pp` is the participant_profiles alias.
 */
export const validatedProfile = sql`EXISTS (SELECT 1 FROM ${participantEligibilities} pe WHERE pe.participant_profile_id = pp.id)`;
