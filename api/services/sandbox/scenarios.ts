import { sql } from 'drizzle-orm';
import { cohorts, partnerships as partnershipsTable, schoolCohorts, schools as schoolsTable, statements as statementsTable } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { participantStatus } from '../../domain/participant-status';
import { listParticipants } from '../participants/list-participants';
import { listTransfers } from '../transfers/list-transfers';
import { listUnfundedMentors } from '../unfunded-mentors/list-unfunded-mentors';

type Row = Record<string, unknown>;

/**
 * Example ids of the caller's seeded situations, so a provider can find, say, a deferred
 * participant who is leaving, or a school waiting to confirm it continues, without searching.
 */
export async function sandboxScenarios(ctx: RequestContext) {
  const { db, leadProvider } = ctx;
  const one = async (query: ReturnType<typeof sql>) => ((await db.all<Row>(query))[0]?.id as string | undefined) ?? null;
  const schools = {
    can_partner_2025: await one(sql`
      SELECT s.id FROM ${schoolsTable} s WHERE s.school_status_code IN ('1','3') AND s.administrative_district_code LIKE 'E%'
        AND NOT EXISTS (SELECT 1 FROM ${partnershipsTable} p JOIN ${cohorts} c ON c.id = p.cohort_id WHERE p.school_id = s.id AND c.start_year IN (2024, 2025))
      ORDER BY s.created_at, s.id LIMIT 1`),
    partnered_by_another_provider_2025: await one(sql`
      SELECT p.school_id AS id FROM ${partnershipsTable} p JOIN ${cohorts} c ON c.id = p.cohort_id
      WHERE c.start_year = 2025 AND p.lead_provider_id <> ${leadProvider.id} AND p.relationship = 0 AND p.challenge_reason IS NULL
      ORDER BY p.created_at, p.id LIMIT 1`),
    partnered_2025: await one(sql`
      SELECT p.school_id AS id FROM ${partnershipsTable} p JOIN ${cohorts} c ON c.id = p.cohort_id
      WHERE c.start_year = 2025 AND p.lead_provider_id = ${leadProvider.id} AND p.relationship = 0 AND p.challenge_reason IS NULL
      ORDER BY p.created_at, p.id LIMIT 1`),
    waiting_to_confirm_it_continues_2025: await one(sql`
      SELECT p.school_id AS id FROM ${partnershipsTable} p JOIN ${cohorts} c ON c.id = p.cohort_id
      WHERE c.start_year = 2024 AND p.relationship = 0 AND p.challenge_reason IS NULL
        AND NOT EXISTS (SELECT 1 FROM ${schoolCohorts} sc JOIN ${cohorts} c2 ON c2.id = sc.cohort_id WHERE sc.school_id = p.school_id AND c2.start_year = 2025)
      ORDER BY p.created_at, p.id LIMIT 1`),
  };
  const partnerships = {
    active_2025: await one(sql`
      SELECT p.id FROM ${partnershipsTable} p JOIN ${cohorts} c ON c.id = p.cohort_id
      WHERE c.start_year = 2025 AND p.lead_provider_id = ${leadProvider.id} AND p.relationship = 0 AND p.challenge_reason IS NULL
      ORDER BY p.created_at, p.id LIMIT 1`),
  };
  const challenged: Record<string, string | null> = {};
  for (const reason of ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake']) {
    challenged[reason] = await one(sql`SELECT id FROM ${partnershipsTable} WHERE lead_provider_id = ${leadProvider.id} AND challenge_reason = ${reason} ORDER BY created_at, id LIMIT 1`);
  }
  const participants: Record<string, string> = {};
  const seen = await listParticipants(ctx, {
    cohortYears: [2021, 2022, 2023, 2024, 2025], trainingStatus: null, updatedSince: null, fromParticipantId: null, sort: undefined,
    page: { page: 1, perPage: 3000, offset: 0 },
  });
  for (const p of seen) {
    for (const e of p.enrolments) {
      const key = `${e.type}_${e.trainingStatus}_${participantStatus(e, ctx.now) ?? 'unknown'}`;
      participants[key] ??= p.id;
      if (e.cohortChangedAfterPaymentsFrozen) participants.moved_from_frozen_cohort ??= p.id;
      if (e.scheduleIdentifier.startsWith('ecf-replacement')) participants.replacement_mentor ??= p.id;
    }
    if (p.idChanges.length) participants.merged_from_another_id ??= p.id;
  }
  // Participants with a transfer, by its kind and whether it is complete: `new_provider_complete`…
  const transfers: Record<string, string> = {};
  for (const t of await listTransfers(ctx, { updatedSince: null, page: { page: 1, perPage: 3000, offset: 0 } })) {
    for (const x of t.transfers) transfers[`${x.type}_${x.status}`] ??= t.id;
  }
  const [unfunded] = await listUnfundedMentors(ctx, { updatedSince: null, sort: undefined, page: { page: 1, perPage: 1, offset: 0 } });
  const statements = await db.all<Row>(sql`
    SELECT c.start_year AS cohort, s.id FROM ${statementsTable} s JOIN ${cohorts} c ON c.id = s.cohort_id
    WHERE s.lead_provider_id = ${leadProvider.id} AND s.output_fee = 1 AND s.state = 'open' AND s.deadline_date >= ${ctx.now.toISOString().slice(0, 10)}
    ORDER BY s.deadline_date`);
  const nextStatements: Record<string, string> = {};
  for (const s of statements) nextStatements[String(s.cohort)] ??= String(s.id);
  return {
    schools, partnerships, challenged_partnerships: challenged, participants, transfers,
    unfunded_mentor: unfunded?.id ?? null, next_open_statement_by_cohort: nextStatements,
  };
}
