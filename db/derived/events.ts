// The change feed (`events`, GET /api/v3/events) is derived data: SQLite triggers write it in
// the same transaction as the change, from the same API-facing timestamps that `updated_since`
// reads (users.api_updated_at, partnerships.api_updated_at, the declarations' and statements'
// updated_at) and from provider_enrolments (who sees whom). So every write path (API, web,
// sandbox control, operator, a D1 console) records its events without knowing about them.
//
// Each event row is (lead provider, type, id): a change deletes it and inserts it again at the
// end of the feed (an AUTOINCREMENT seq), so several triggers firing for one write leave
// one event, and a reader gets each changed resource once per read, at its latest.
//
// The migration's triggers and first fill are written from this file by
// `npx tsx db/derived/write-events-migration.ts` (a test fails on drift).
//
// Tables are named from the schema (`t(events)`), never in the text, so a rename in db/schema
// reaches these triggers. They stay plain strings with bare names: the migration holds them
// verbatim, and quoting the names would make it drift.

import { getTableName } from 'drizzle-orm';
import {
  events, inductionProgrammes, inductionRecords, participantDeclarations, participantEligibilities,
  participantProfiles, partnerships, providerEnrolments, statements, users,
} from '../schema';

const t = getTableName;

/**
 * Moves (or adds) the events of resource `id` of `type` for the providers `select` gives (an SQL
 * tail after `SELECT <lead provider>, ...`: `FROM ... WHERE ...`, or only `WHERE ...`) to the end
 * of the feed. A DELETE then an INSERT, not INSERT OR REPLACE: inside a trigger the outer
 * statement's conflict handling overrides the trigger's (an upsert outside makes it an ABORT).
 */
const upsert = (leadProvider: string, type: string, id: string, updatedAt: string, select = '') => [
  `DELETE FROM ${t(events)} WHERE type = '${type}' AND resource_id = ${id} AND lead_provider_id IN (SELECT ${leadProvider} ${select})`,
  `INSERT INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at) SELECT ${leadProvider}, '${type}', ${id}, ${updatedAt} ${select}`,
];

/** Providers (column `lead_provider_id`) for which user `u` (an SQL expression) is a transfer candidate (as api/services/transfers). */
const transferProviders = (u: string) => `SELECT DISTINCT p.lead_provider_id FROM ${t(participantProfiles)} pp
    JOIN ${t(inductionRecords)} ir ON ir.participant_profile_id = pp.id
    JOIN ${t(inductionProgrammes)} ip ON ip.id = ir.induction_programme_id
    JOIN ${t(partnerships)} p ON p.id = ip.partnership_id
    WHERE pp.user_id = ${u} AND (ir.school_transfer = 1 OR ir.induction_status = 'leaving')
      AND EXISTS (SELECT 1 FROM ${t(participantEligibilities)} pe WHERE pe.participant_profile_id = pp.id)
      AND EXISTS (SELECT 1 FROM ${t(inductionRecords)} lr WHERE lr.participant_profile_id = pp.id AND lr.induction_status = 'leaving')`;

/**
 * Providers (column `lead_provider_id`) of which mentor user `m` is an unfunded mentor (as
 * api/services/unfunded-mentors). CROSS JOIN fixes the order: from the mentor's few records,
 * never from a provider's whole list.
 */
const unfundedMentorProviders = (m: string) => `SELECT DISTINCT e.lead_provider_id FROM ${t(participantProfiles)} mp
    CROSS JOIN ${t(inductionRecords)} ir ON ir.mentor_profile_id = mp.id
    CROSS JOIN ${t(providerEnrolments)} e ON e.participant_profile_id = ir.participant_profile_id AND e.induction_record_id = ir.id
    CROSS JOIN ${t(participantProfiles)} pp ON pp.id = e.participant_profile_id
    WHERE mp.user_id = ${m} AND mp.type = 'mentor' AND pp.type = 'ect' AND e.validated = 1
      AND NOT EXISTS (SELECT 1 FROM ${t(providerEnrolments)} own WHERE own.lead_provider_id = e.lead_provider_id
        AND own.participant_profile_id = mp.id AND own.induction_record_id IS NOT NULL)`;

const unfundedMentorOf = (m: string, lp: string) => `${lp} IN (${unfundedMentorProviders(m)})`;

/** Providers that see declaration `d` (a row alias: NEW), as api/services/declarations: its own, and trainers of a shared participant. */
const declarationProviders = (d: string) => `SELECT ${d}.lead_provider_id
    UNION SELECT p.lead_provider_id FROM ${t(inductionRecords)} ir
    JOIN ${t(inductionProgrammes)} ip ON ip.id = ir.induction_programme_id
    JOIN ${t(partnerships)} p ON p.id = ip.partnership_id
    WHERE ${d}.state IN ('submitted', 'eligible', 'payable', 'paid') AND ir.participant_profile_id = ${d}.participant_profile_id
      AND (ir.induction_status IN ('active', 'completed')
        OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR ${d}.declaration_date <= ir.end_date)))`;

/** A visible enrolment: placed under an unchallenged partnership and validated (the participant lists' rule). */
const visibleEnrolment = (e: string) => `${e}.induction_record_id IS NOT NULL AND ${e}.validated = 1`;

/**
 * An enrolment (re)computed: provider_enrolments replaces a training record's rows whenever its
 * placement may have changed, often for reasons that do not concern this provider. So these only
 * announce what the provider has not been told at this updated_at yet: a participant newly
 * visible, a mentor newly unfunded. (A touch of the user's timestamp always announces: below.)
 */
const notYetAnnounced = (lp: string, type: string, id: string, updatedAt: string) =>
  `NOT EXISTS (SELECT 1 FROM ${t(events)} x WHERE x.lead_provider_id = ${lp} AND x.type = '${type}' AND x.resource_id = ${id} AND x.updated_at = ${updatedAt})`;

const trigger = (name: string, on: string, body: string[]) =>
  `CREATE TRIGGER \`${name}\` ${on}\nBEGIN\n  ${body.map((s) => `${s};`).join('\n  ')}\nEND;`;

const mentorUpdatedAt = (m: string) => `(SELECT api_updated_at FROM ${t(users)} WHERE id = ${m})`;

/** The triggers, in migration order. */
export const eventTriggers: string[] = [
  // Participants, transfers and unfunded mentors move with the user's API timestamp, which the
  // triggers of migrations 0001/0003 touch whenever anything the API shows of them changes.
  trigger('events_user_touched', `AFTER UPDATE OF api_updated_at ON \`${t(users)}\``, [
    ...upsert('e.lead_provider_id', 'participant', 'NEW.id', 'NEW.api_updated_at', `FROM (SELECT DISTINCT lead_provider_id FROM ${t(providerEnrolments)} e WHERE e.user_id = NEW.id AND ${visibleEnrolment('e')}) e`),
    ...upsert('t.lead_provider_id', 'participant-transfer', 'NEW.id', 'NEW.api_updated_at', `FROM (${transferProviders('NEW.id')}) t`),
    ...upsert('m.lead_provider_id', 'unfunded-mentor', 'NEW.id', 'NEW.api_updated_at', `FROM (${unfundedMentorProviders('NEW.id')}) m`),
  ]),
  trigger('events_enrolment_computed', `AFTER INSERT ON \`${t(providerEnrolments)}\``, [
    ...upsert('NEW.lead_provider_id', 'participant', 'NEW.user_id', 'NEW.user_api_updated_at', `WHERE ${visibleEnrolment('NEW')}
    AND ${notYetAnnounced('NEW.lead_provider_id', 'participant', 'NEW.user_id', 'NEW.user_api_updated_at')}`),
    ...upsert('NEW.lead_provider_id', 'unfunded-mentor', 'NEW.mentor_user_id', mentorUpdatedAt('NEW.mentor_user_id'), `
    WHERE NEW.mentor_user_id IS NOT NULL AND ${unfundedMentorOf('NEW.mentor_user_id', 'NEW.lead_provider_id')}
    AND ${notYetAnnounced('NEW.lead_provider_id', 'unfunded-mentor', 'NEW.mentor_user_id', mentorUpdatedAt('NEW.mentor_user_id'))}`),
    // A mentor the provider trains is not its unfunded mentor. While provider_enrolments
    // recomputes a mentor with their mentees, a mentee's row can arrive before the mentor's own
    // and make them look unfunded for a moment: their own row takes that back (the participant
    // event tells the provider about them).
    `DELETE FROM ${t(events)} WHERE type = 'unfunded-mentor' AND resource_id = NEW.user_id AND lead_provider_id = NEW.lead_provider_id
    AND NEW.induction_record_id IS NOT NULL AND (SELECT type FROM ${t(participantProfiles)} WHERE id = NEW.participant_profile_id) = 'mentor'
    AND NOT ${unfundedMentorOf('NEW.user_id', 'NEW.lead_provider_id')}`,
  ]),
  // Partnerships (never relationship rows, which the API does not show): created, or their API timestamp touched (their own changes, and their school,
  // delivery partner and induction tutor through migration 0001).
  trigger('events_partnership_created', `AFTER INSERT ON \`${t(partnerships)}\` WHEN NEW.relationship = 0`, upsert('NEW.lead_provider_id', 'partnership', 'NEW.id', 'NEW.api_updated_at')),
  trigger('events_partnership_touched', `AFTER UPDATE OF api_updated_at ON \`${t(partnerships)}\` WHEN NEW.relationship = 0`, upsert('NEW.lead_provider_id', 'partnership', 'NEW.id', 'NEW.api_updated_at')),
  // Declarations: to their provider, and to the providers that see them through a shared participant.
  trigger('events_declaration_created', `AFTER INSERT ON \`${t(participantDeclarations)}\``,
    upsert('v.lead_provider_id', 'participant-declaration', 'NEW.id', 'NEW.updated_at', `FROM (${declarationProviders('NEW')}) v`)),
  trigger('events_declaration_touched', `AFTER UPDATE OF updated_at ON \`${t(participantDeclarations)}\``,
    upsert('v.lead_provider_id', 'participant-declaration', 'NEW.id', 'NEW.updated_at', `FROM (${declarationProviders('NEW')}) v`)),
  // Statements the API shows (output fee ones).
  trigger('events_statement_created', `AFTER INSERT ON \`${t(statements)}\` WHEN NEW.output_fee = 1`, upsert('NEW.lead_provider_id', 'statement', 'NEW.id', 'NEW.updated_at')),
  trigger('events_statement_touched', `AFTER UPDATE OF updated_at ON \`${t(statements)}\` WHEN NEW.output_fee = 1`, upsert('NEW.lead_provider_id', 'statement', 'NEW.id', 'NEW.updated_at')),
];

/**
 * Every resource each provider sees now, kind by kind: the migration's first fill and the
 * seed's last step (the seed pauses these triggers). A client may read the feed from the start
 * instead of a full sync.
 */
export const rebuildEvents: string[] = [
  `DELETE FROM ${t(events)};`,
  // One statement per kind, oldest change first within each (D1 allows few terms in a compound
  // SELECT). SQLite has no lateral joins: the per-row helpers above take NEW, these spell pairs out.
  `INSERT OR REPLACE INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at)
SELECT DISTINCT e.lead_provider_id, 'participant', e.user_id, e.user_api_updated_at FROM ${t(providerEnrolments)} e WHERE ${visibleEnrolment('e')}
ORDER BY 4, 3, 1;`,
  `INSERT OR REPLACE INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at)
SELECT DISTINCT p.lead_provider_id, 'participant-transfer', u.id, u.api_updated_at FROM ${t(users)} u
  JOIN ${t(participantProfiles)} pp ON pp.user_id = u.id
  JOIN ${t(inductionRecords)} ir ON ir.participant_profile_id = pp.id
  JOIN ${t(inductionProgrammes)} ip ON ip.id = ir.induction_programme_id
  JOIN ${t(partnerships)} p ON p.id = ip.partnership_id
  WHERE (ir.school_transfer = 1 OR ir.induction_status = 'leaving')
    AND EXISTS (SELECT 1 FROM ${t(participantEligibilities)} pe WHERE pe.participant_profile_id = pp.id)
    AND EXISTS (SELECT 1 FROM ${t(inductionRecords)} lr WHERE lr.participant_profile_id = pp.id AND lr.induction_status = 'leaving')
ORDER BY 4, 3, 1;`,
  `INSERT OR REPLACE INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at)
SELECT DISTINCT e.lead_provider_id, 'unfunded-mentor', u.id, u.api_updated_at FROM ${t(participantProfiles)} mp
  JOIN ${t(users)} u ON u.id = mp.user_id
  JOIN ${t(inductionRecords)} ir ON ir.mentor_profile_id = mp.id
  JOIN ${t(providerEnrolments)} e ON e.participant_profile_id = ir.participant_profile_id AND e.induction_record_id = ir.id
  JOIN ${t(participantProfiles)} pp ON pp.id = e.participant_profile_id
  WHERE mp.type = 'mentor' AND pp.type = 'ect' AND e.validated = 1
    AND NOT EXISTS (SELECT 1 FROM ${t(providerEnrolments)} own WHERE own.lead_provider_id = e.lead_provider_id
      AND own.participant_profile_id = mp.id AND own.induction_record_id IS NOT NULL)
ORDER BY 4, 3, 1;`,
  `INSERT OR REPLACE INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at)
SELECT lead_provider_id, 'partnership', id, api_updated_at FROM ${t(partnerships)} WHERE relationship = 0
ORDER BY 4, 3, 1;`,
  `INSERT OR REPLACE INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at)
SELECT lead_provider_id, 'participant-declaration', id, updated_at FROM (
  SELECT lead_provider_id, id, updated_at FROM ${t(participantDeclarations)}
  UNION SELECT p.lead_provider_id, d.id, d.updated_at FROM ${t(participantDeclarations)} d
    JOIN ${t(inductionRecords)} ir ON ir.participant_profile_id = d.participant_profile_id
    JOIN ${t(inductionProgrammes)} ip ON ip.id = ir.induction_programme_id
    JOIN ${t(partnerships)} p ON p.id = ip.partnership_id
    WHERE d.state IN ('submitted', 'eligible', 'payable', 'paid')
      AND (ir.induction_status IN ('active', 'completed')
        OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR d.declaration_date <= ir.end_date)))
) ORDER BY 4, 3, 1;`,
  `INSERT OR REPLACE INTO ${t(events)} (lead_provider_id, type, resource_id, updated_at)
SELECT lead_provider_id, 'statement', id, updated_at FROM ${t(statements)} WHERE output_fee = 1
ORDER BY 4, 3, 1;`,
];

/** The migration's statements after drizzle-kit's CREATE TABLE and CREATE INDEX ones. */
export function eventsMigrationTail(): string {
  return [...eventTriggers, ...rebuildEvents].join('\n--> statement-breakpoint\n');
}
