// provider_enrolments is derived data: which training records each lead provider sees, and
// through which induction record. SQLite triggers keep it (migration 0007, generated from this
// file by `npx tsx db/derived/write-migration.ts`; a test fails on drift), so every write
// path (API, web, sandbox control, seed, reset, a D1 console) keeps it right without knowing it.
//
// Each trigger recomputes the rows of the training records it touches from scratch, so a row
// never depends on the order writes arrived in.
//
// Tables are named from the schema (`t(users)`), never in the text, so a rename in db/schema
// reaches these triggers. They stay plain strings with bare names: the migration holds them
// verbatim, and quoting the names would make it drift.

import { getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  cohorts, inductionProgrammes, inductionRecords, participantEligibilities, participantIdentities,
  participantProfiles, partnerships, providerEnrolments, schedules, schoolCohorts, schools, users,
} from '../schema';

const t = getTableName;

/**
 * The order that makes an induction record a profile's latest: open records first, then the
 * latest start, then the latest created, then the id (so the choice is always the same one).
 * `alias` is the induction_records alias in the query.
 */
export const latestOrder = (alias: string) =>
  `(${alias}.end_date IS NULL) DESC, ${alias}.start_date DESC, ${alias}.created_at DESC, ${alias}.id DESC`;

export const providerEnrolmentColumns = [
  'lead_provider_id', 'participant_profile_id', 'user_id', 'user_created_at', 'user_api_updated_at',
  'induction_record_id', 'cohort_start_year', 'training_status', 'validated', 'shared',
  'email', 'mentor_user_id', 'school_urn', 'school_cohort_start_year', 'schedule_identifier', 'delivery_partner_id',
].join(', ');
const columns = providerEnrolmentColumns;

/**
 * The rows of the training records whose ids `profiles` (an SQL expression usable after `IN`)
 * gives: one per provider with any induction record for it.
 */
export function providerEnrolmentRows(profiles: string): string {
  return `SELECT x.lead_provider_id, x.profile_id, pp.user_id, u.created_at, u.api_updated_at,
    x.record_id, c.start_year, r.training_status,
    EXISTS (SELECT 1 FROM ${t(participantEligibilities)} pe WHERE pe.participant_profile_id = pp.id),
    count(*) OVER (PARTITION BY x.profile_id) > 1,
    CASE WHEN r.id IS NOT NULL THEN coalesce(pi.email, u.email) END, mp.user_id, sch.urn, scc.start_year,
    s.schedule_identifier, rp.delivery_partner_id
  FROM (
    SELECT DISTINCT ir.participant_profile_id AS profile_id, p.lead_provider_id, (
      SELECT lr.id FROM ${t(inductionRecords)} lr
      CROSS JOIN ${t(inductionProgrammes)} lip ON lip.id = lr.induction_programme_id
      CROSS JOIN ${t(partnerships)} lpp ON lpp.id = lip.partnership_id
      WHERE lr.participant_profile_id = ir.participant_profile_id AND lpp.lead_provider_id = p.lead_provider_id
        AND lpp.challenged_at IS NULL AND lpp.challenge_reason IS NULL
      ORDER BY ${latestOrder('lr')}
      LIMIT 1
    ) AS record_id
    FROM ${t(inductionRecords)} ir
    JOIN ${t(inductionProgrammes)} ip ON ip.id = ir.induction_programme_id
    JOIN ${t(partnerships)} p ON p.id = ip.partnership_id
    WHERE ir.participant_profile_id IN ${profiles}
  ) x
  JOIN ${t(participantProfiles)} pp ON pp.id = x.profile_id
  JOIN ${t(users)} u ON u.id = pp.user_id
  LEFT JOIN ${t(inductionRecords)} r ON r.id = x.record_id
  LEFT JOIN ${t(schedules)} s ON s.id = r.schedule_id
  LEFT JOIN ${t(cohorts)} c ON c.id = s.cohort_id
  LEFT JOIN ${t(participantIdentities)} pi ON pi.id = r.preferred_identity_id
  LEFT JOIN ${t(participantProfiles)} mp ON mp.id = r.mentor_profile_id
  LEFT JOIN ${t(inductionProgrammes)} rip ON rip.id = r.induction_programme_id
  LEFT JOIN ${t(partnerships)} rp ON rp.id = rip.partnership_id
  LEFT JOIN ${t(schoolCohorts)} sc ON sc.id = rip.school_cohort_id
  LEFT JOIN ${t(schools)} sch ON sch.id = sc.school_id
  LEFT JOIN ${t(cohorts)} scc ON scc.id = sc.cohort_id
  WHERE true`;
}

/** Statements that replace the rows of the training records `profiles` gives. */
function recompute(profiles: string): string {
  return `DELETE FROM ${t(providerEnrolments)} WHERE participant_profile_id IN ${profiles};
  INSERT INTO ${t(providerEnrolments)} (${columns})
  ${providerEnrolmentRows(profiles)};`;
}

/** Every row, from scratch: the migration's first fill, the seed command's and the D1 dump's last step. */
export const rebuildProviderEnrolments = [
  `DELETE FROM ${t(providerEnrolments)};`,
  `INSERT INTO ${t(providerEnrolments)} (${columns})\n${providerEnrolmentRows(`(SELECT id FROM ${t(participantProfiles)})`)};`,
];

const trigger = (name: string, on: string, body: string) =>
  `CREATE TRIGGER \`${name}\` ${on}\nBEGIN\n  ${body}\nEND;`;

/**
 * Training records whose rows depend on a row of a table, given `row` (NEW or OLD). Keyed by the
 * table object, so the triggers' names and `ON` tables come from the schema.
 */
const dependents = new Map<SQLiteTable, (row: string) => string>([
  [inductionRecords, (row) => `SELECT ${row}.participant_profile_id`],
  [partnerships, (row) => `SELECT ir.participant_profile_id FROM ${t(inductionProgrammes)} ip
      JOIN ${t(inductionRecords)} ir ON ir.induction_programme_id = ip.id WHERE ip.partnership_id = ${row}.id`],
  [inductionProgrammes, (row) => `SELECT participant_profile_id FROM ${t(inductionRecords)} WHERE induction_programme_id = ${row}.id`],
  [schoolCohorts, (row) => `SELECT ir.participant_profile_id FROM ${t(inductionProgrammes)} ip
      JOIN ${t(inductionRecords)} ir ON ir.induction_programme_id = ip.id WHERE ip.school_cohort_id = ${row}.id`],
  [schools, (row) => `SELECT ir.participant_profile_id FROM ${t(schoolCohorts)} sc
      JOIN ${t(inductionProgrammes)} ip ON ip.school_cohort_id = sc.id
      JOIN ${t(inductionRecords)} ir ON ir.induction_programme_id = ip.id WHERE sc.school_id = ${row}.id`],
  [participantEligibilities, (row) => `SELECT ${row}.participant_profile_id`],
  // the training record itself, and the mentees of a mentor's (they show the mentor's user id)
  [participantProfiles, (row) => `SELECT ${row}.id UNION SELECT participant_profile_id FROM ${t(inductionRecords)} WHERE mentor_profile_id = ${row}.id`],
  [participantIdentities, (row) => `SELECT participant_profile_id FROM ${t(inductionRecords)} WHERE preferred_identity_id = ${row}.id`],
  [users, (row) => `SELECT id FROM ${t(participantProfiles)} WHERE user_id = ${row}.id`],
]);

/**
 * Triggers that recompute the dependents of a row inserted, updated (in one of `columns`) or
 * deleted. Inserts count too: loads may write a record before the mentor, identity or
 * programme it points to.
 */
function follow(followed: SQLiteTable, columns: string[], events: ('insert' | 'update' | 'delete')[] = ['insert', 'update', 'delete']): string[] {
  const of = dependents.get(followed)!;
  const table = t(followed);
  const out: string[] = [];
  if (events.includes('insert')) out.push(trigger(`provider_enrolments_${table}_insert`, `AFTER INSERT ON \`${table}\``, recompute(`(${of('NEW')})`)));
  if (events.includes('update')) {
    out.push(trigger(`provider_enrolments_${table}_update`, `AFTER UPDATE OF ${columns.join(', ')} ON \`${table}\``,
      recompute(`(${of('NEW')} UNION ${of('OLD')})`)));
  }
  if (events.includes('delete')) out.push(trigger(`provider_enrolments_${table}_delete`, `AFTER DELETE ON \`${table}\``, recompute(`(${of('OLD')})`)));
  return out;
}

/** The triggers, in migration order. */
export const providerEnrolmentTriggers: string[] = [
  // Which record places a participant: placed, moved, ended, given a mentor or an identity.
  ...follow(inductionRecords, ['participant_profile_id', 'induction_programme_id', 'schedule_id', 'training_status',
    'start_date', 'end_date', 'created_at', 'mentor_profile_id', 'preferred_identity_id']),
  // A partnership challenged (or restored) hides (or shows) everyone placed under it.
  ...follow(partnerships, ['lead_provider_id', 'challenged_at', 'challenge_reason', 'delivery_partner_id']),
  ...follow(inductionProgrammes, ['partnership_id', 'school_cohort_id']),
  ...follow(schoolCohorts, ['school_id', 'cohort_id']),
  ...follow(schools, ['urn']),
  // DfE's validation shows a participant to its providers.
  ...follow(participantEligibilities, ['participant_profile_id']),
  // A training record moved to another user (a merge); a mentor's moves their mentees.
  ...follow(participantProfiles, ['user_id']),
  ...follow(participantIdentities, ['email']),
  ...follow(users, ['email'], ['update']),
  // The user's timestamps are copied so lists order and filter by them from the index alone.
  trigger('provider_enrolments_users_timestamps', `AFTER UPDATE OF created_at, api_updated_at ON \`${t(users)}\``,
    `UPDATE ${t(providerEnrolments)} SET user_created_at = NEW.created_at, user_api_updated_at = NEW.api_updated_at WHERE user_id = NEW.id;`),
];

/** Migration 0007's statements after drizzle-kit's CREATE TABLE and CREATE INDEX ones. */
export function providerEnrolmentsMigrationTail(): string {
  return [...providerEnrolmentTriggers, ...rebuildProviderEnrolments].join('\n--> statement-breakpoint\n');
}
