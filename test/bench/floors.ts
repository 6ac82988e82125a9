import type { Client } from '@libsql/client';

// The raw-SQL floor: the same page's rows (same columns, same order) read in-process through the
// same driver (@libsql/client), given the page's ids — no HTTP, no auth, no validation, no JSON.
// It is the cost of reading the data itself; what the API adds on top is finding the page
// (filters, visibility, paging), HTTP and serialization.

const latestRecordOfProfile = `(
  SELECT ir2.id FROM induction_records ir2
  JOIN induction_programmes ip2 ON ip2.id = ir2.induction_programme_id
  JOIN partnerships p2 ON p2.id = ip2.partnership_id
  WHERE ir2.participant_profile_id = pp.id AND p2.lead_provider_id = :lp
    AND p2.challenged_at IS NULL AND p2.challenge_reason IS NULL
  ORDER BY (ir2.end_date IS NULL) DESC, ir2.start_date DESC, ir2.created_at DESC, ir2.id DESC
  LIMIT 1
)`;

const lastState = (state: string, column: string) => `(
  SELECT s.${column} FROM participant_profile_states s
  WHERE s.participant_profile_id = pp.id AND s.state = '${state}' AND s.lead_provider_id = :lp
  ORDER BY s.created_at DESC, s.id DESC LIMIT 1
)`;

export async function participantsFloor(client: Client, leadProviderId: string, ids: string[]): Promise<number> {
  const json = JSON.stringify(ids);
  const users = await client.execute({
    sql: 'SELECT u.id, u.full_name, u.trn, u.api_updated_at FROM json_each(:ids) j JOIN users u ON u.id = j.value ORDER BY j.key',
    args: { ids: json },
  });
  const enrolments = await client.execute({
    sql: `SELECT
      pp.user_id, pp.id AS profile_id, pp.type, pp.pupil_premium_uplift, pp.sparsity_uplift, pp.created_at,
      pp.induction_completion_date, pp.mentor_completion_date, pp.mentor_completion_reason,
      pp.cohort_changed_after_payments_frozen,
      coalesce(pi.email, u.email) AS email, mp.user_id AS mentor_user_id, s.urn AS school_urn, c.start_year AS cohort,
      ir.training_status, ir.induction_status, ir.start_date, ir.end_date, u.trn,
      pe.status AS eligibility_status, pe.reason AS eligibility_reason, sch.schedule_identifier, p.delivery_partner_id,
      CASE WHEN ir.training_status = 'withdrawn' THEN ${lastState('withdrawn', 'reason')} END AS withdrawal_reason,
      CASE WHEN ir.training_status = 'withdrawn' THEN ${lastState('withdrawn', 'created_at')} END AS withdrawal_date,
      CASE WHEN ir.training_status = 'deferred' THEN ${lastState('deferred', 'reason')} END AS deferral_reason,
      CASE WHEN ir.training_status = 'deferred' THEN ${lastState('deferred', 'created_at')} END AS deferral_date
    FROM json_each(:ids) j
    JOIN participant_profiles pp ON pp.user_id = j.value
    JOIN participant_eligibilities pe ON pe.participant_profile_id = pp.id
    JOIN induction_records ir ON ir.id = ${latestRecordOfProfile}
    JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN partnerships p ON p.id = ip.partnership_id
    JOIN users u ON u.id = pp.user_id
    JOIN school_cohorts sc ON sc.id = ip.school_cohort_id
    JOIN schools s ON s.id = sc.school_id
    JOIN cohorts c ON c.id = sc.cohort_id
    JOIN schedules sch ON sch.id = ir.schedule_id
    LEFT JOIN participant_identities pi ON pi.id = ir.preferred_identity_id
    LEFT JOIN participant_profiles mp ON mp.id = ir.mentor_profile_id
    ORDER BY j.key, pp.created_at, pp.id`,
    args: { ids: json, lp: leadProviderId },
  });
  const changes = await client.execute({
    sql: `SELECT user_id, from_participant_id, to_participant_id, created_at FROM participant_id_changes
      WHERE user_id IN (SELECT value FROM json_each(:ids)) ORDER BY created_at DESC, id DESC`,
    args: { ids: json },
  });
  return users.rows.length + enrolments.rows.length + changes.rows.length;
}

const lineItemStatement = (states: string) => `(
  SELECT li.statement_id FROM statement_line_items li
  WHERE li.participant_declaration_id = d.id AND li.state IN (${states})
  ORDER BY li.created_at DESC LIMIT 1
)`;

export async function declarationsFloor(client: Client, ids: string[]): Promise<number> {
  const { rows } = await client.execute({
    sql: `SELECT d.id, d.user_id, d.participant_profile_id, d.lead_provider_id, lp.name, d.cohort_id, c.start_year,
      d.declaration_type, d.declaration_date, d.course_identifier, d.evidence_held, d.state, d.state_reason,
      d.delivery_partner_id, d.mentor_user_id, d.pupil_premium_uplift, d.sparsity_uplift,
      ${lineItemStatement("'eligible', 'payable', 'paid'")} AS statement_id,
      ${lineItemStatement("'awaiting_clawback', 'clawed_back'")} AS clawback_statement_id,
      d.created_at, d.updated_at
    FROM json_each(:ids) j
    JOIN participant_declarations d ON d.id = j.value
    JOIN lead_providers lp ON lp.id = d.lead_provider_id
    JOIN cohorts c ON c.id = d.cohort_id
    ORDER BY j.key`,
    args: { ids: JSON.stringify(ids) },
  });
  return rows.length;
}

/**
 * How many rows each list holds for the provider (filter[updated_since] optional), by raw SQL:
 * used only to find the last page when a full sync was cut short (--sync-limit).
 */
export async function countRows(client: Client, leadProviderId: string, list: 'participants' | 'declarations', since: number | null): Promise<number> {
  if (list === 'participants') {
    const { rows } = await client.execute({
      sql: `WITH latest AS (
        SELECT * FROM (
          SELECT ir.participant_profile_id AS profile_id, ir.schedule_id,
            row_number() OVER (PARTITION BY ir.participant_profile_id ORDER BY (ir.end_date IS NULL) DESC, ir.start_date DESC, ir.created_at DESC, ir.id DESC) AS position
          FROM partnerships p JOIN induction_programmes ip ON ip.partnership_id = p.id JOIN induction_records ir ON ir.induction_programme_id = ip.id
          WHERE p.lead_provider_id = :lp AND p.challenged_at IS NULL AND p.challenge_reason IS NULL
        ) WHERE position = 1
      )
      SELECT count(*) AS n FROM users u WHERE u.id IN (
        SELECT pp.user_id FROM latest JOIN participant_profiles pp ON pp.id = latest.profile_id
        JOIN schedules sch ON sch.id = latest.schedule_id JOIN cohorts c ON c.id = sch.cohort_id
        WHERE c.start_year > 2020 AND EXISTS (SELECT 1 FROM participant_eligibilities pe WHERE pe.participant_profile_id = pp.id)
      ) AND (:since IS NULL OR u.api_updated_at >= :since)`,
      args: { lp: leadProviderId, since },
    });
    return Number(rows[0]!.n);
  }
  const { rows } = await client.execute({
    sql: `SELECT count(*) AS n FROM participant_declarations d WHERE (:since IS NULL OR d.updated_at >= :since) AND (
      d.lead_provider_id = :lp OR (d.state IN ('submitted', 'eligible', 'payable', 'paid') AND EXISTS (
        SELECT 1 FROM induction_records ir JOIN induction_programmes ip ON ip.id = ir.induction_programme_id JOIN partnerships p ON p.id = ip.partnership_id
        WHERE ir.participant_profile_id = d.participant_profile_id AND p.lead_provider_id = :lp
          AND (ir.induction_status IN ('active', 'completed') OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR d.declaration_date <= ir.end_date))))))`,
    args: { lp: leadProviderId, since },
  });
  return Number(rows[0]!.n);
}
