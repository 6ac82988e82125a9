import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLibsql, type LibsqlConnection } from '../../db/libsql';
import { applyMigrations } from '../../db/migrate';
import { seedDatabase } from '../../db/seed';
import type { SeededLeadProvider } from '../../db/seed/sandbox';

const NOW = new Date('2025-11-01T09:00:00Z');
const LEAD_PROVIDERS = [
  'Ambition Institute',
  'Best Practice Network',
  'Capita',
  'Education Development Trust',
  'National Institute of Teaching',
  'Teach First',
  'UCL Institute of Education',
];

interface Seeded {
  conn: LibsqlConnection;
  dir: string;
  providers: SeededLeadProvider[];
  ms: number;
}

async function seedFresh(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  const conn = connectLibsql(`file:${join(dir, 'db.sqlite')}`);
  await applyMigrations(conn.db);
  const started = performance.now();
  const providers = await seedDatabase(conn.db, { now: NOW, scale: 'default' });
  return { conn, dir, providers, ms: performance.now() - started };
}

describe('sandbox seed', () => {
  let first: Seeded;
  let second: Seeded;

  const rows = async (sql: string, conn = first.conn) => (await conn.client.execute(sql)).rows;
  const count = async (sql: string, conn = first.conn) => Number((await rows(sql, conn))[0]![0]);
  const ids = async (table: string, conn: LibsqlConnection) =>
    (await rows(`SELECT id FROM ${table} ORDER BY id`, conn)).map((r) => String(r[0]));

  beforeAll(async () => {
    first = await seedFresh();
    second = await seedFresh();
  });

  afterAll(() => {
    for (const s of [first, second]) {
      if (!s) continue;
      s.conn.client.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('creates the seven lead providers, in order, with contracts for 2021-2025 and statements', async () => {
    expect(first.providers.map((p) => p.name)).toEqual(LEAD_PROVIDERS);
    const names = (await rows('SELECT name FROM lead_providers ORDER BY name')).map((r) => r[0]);
    expect(names).toEqual([...LEAD_PROVIDERS].sort());
    for (const lp of first.providers) {
      const years = (await rows(`SELECT c.start_year FROM lead_provider_cohorts lpc JOIN cohorts c ON c.id = lpc.cohort_id WHERE lpc.lead_provider_id = '${lp.id}' ORDER BY 1`)).map((r) => Number(r[0]));
      expect(years).toEqual([2021, 2022, 2023, 2024, 2025]);
      expect(await count(`SELECT count(*) FROM statements WHERE lead_provider_id = '${lp.id}'`)).toBeGreaterThan(0);
    }
  });

  it('is deterministic: the same now gives the same ids and the same data', async () => {
    expect(second.providers).toEqual(first.providers);
    for (const table of ['users', 'schools', 'partnerships', 'participant_profiles', 'induction_records', 'delivery_partners',
      'participant_declarations', 'declaration_states', 'statement_line_items']) {
      const a = await ids(table, first.conn);
      expect(a.length).toBeGreaterThan(0);
      expect(await ids(table, second.conn)).toEqual(a);
    }
    const fingerprint = 'SELECT id, email, trn, created_at, updated_at, api_updated_at FROM users ORDER BY id';
    expect(await rows(fingerprint, second.conn)).toEqual(await rows(fingerprint, first.conn));
    const declarations = `SELECT d.*, (SELECT group_concat(s.state || '@' || s.created_at) FROM declaration_states s WHERE s.participant_declaration_id = d.id)
      FROM participant_declarations d ORDER BY d.id`;
    expect(await rows(declarations, second.conn)).toEqual(await rows(declarations, first.conn));
  });

  it('writes the same rows with insertInChunks as with the json writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    const conn = connectLibsql(`file:${join(dir, 'db.sqlite')}`);
    try {
      await applyMigrations(conn.db);
      await seedDatabase(conn.db, { now: NOW, scale: 'default', writer: 'chunks' });
      for (const table of ['users', 'participant_profiles', 'induction_records', 'participant_declarations', 'declaration_states', 'statement_line_items']) {
        const all = `SELECT * FROM ${table} ORDER BY id`;
        expect(await rows(all, conn), table).toEqual(await rows(all, first.conn));
      }
    } finally {
      conn.client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives every lead provider active provider relationships in each cohort 2021-2025', async () => {
    const perCohort = await rows(`
      SELECT lp.name, c.start_year, count(*) FROM provider_relationships pr
      JOIN lead_providers lp ON lp.id = pr.lead_provider_id
      JOIN cohorts c ON c.id = pr.cohort_id
      JOIN delivery_partners dp ON dp.id = pr.delivery_partner_id
      WHERE pr.discarded_at IS NULL AND dp.discarded_at IS NULL
      GROUP BY 1, 2`);
    for (const name of LEAD_PROVIDERS) {
      for (const year of [2021, 2022, 2023, 2024, 2025]) {
        expect(perCohort.some((r) => r[0] === name && Number(r[1]) === year), `${name} ${year}`).toBe(true);
      }
    }
    expect(await count('SELECT count(*) FROM provider_relationships WHERE discarded_at IS NOT NULL')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) FROM delivery_partners WHERE discarded_at IS NOT NULL')).toBeGreaterThan(0);
    // Some delivery partners work with more than one lead provider.
    expect(await count(`SELECT count(*) FROM (SELECT delivery_partner_id FROM provider_relationships
      GROUP BY 1 HAVING count(DISTINCT lead_provider_id) > 1)`)).toBeGreaterThan(0);
  });

  it('has partnerships in every state the API distinguishes', async () => {
    const reasons = (await rows('SELECT DISTINCT challenge_reason FROM partnerships WHERE challenge_reason IS NOT NULL ORDER BY 1')).map((r) => r[0]);
    expect(reasons).toEqual(['another_provider', 'do_not_recognise', 'mistake', 'no_ects', 'not_confirmed']);
    expect(await count('SELECT count(*) FROM partnerships WHERE challenge_reason IS NOT NULL AND challenged_at IS NULL')).toBe(0);
    expect(await count('SELECT count(*) FROM partnerships WHERE relationship = 1')).toBeGreaterThan(0);
    // Every lead provider has active partnerships in every cohort.
    expect(await count(`SELECT count(*) FROM (SELECT lead_provider_id, cohort_id FROM partnerships
      WHERE relationship = 0 AND challenge_reason IS NULL GROUP BY 1, 2)`)).toBe(7 * 5);
    // Waiting on continuation: partnered in 2024, no school cohort in 2025.
    expect(await count(`SELECT count(*) FROM partnerships p JOIN cohorts c ON c.id = p.cohort_id
      WHERE c.start_year = 2024 AND p.relationship = 0 AND p.challenge_reason IS NULL
        AND NOT EXISTS (SELECT 1 FROM school_cohorts sc JOIN cohorts c2 ON c2.id = sc.cohort_id
                        WHERE sc.school_id = p.school_id AND c2.start_year = 2025)`)).toBeGreaterThan(0);
    // api_updated_at covers the partnership, its school, delivery partner and induction tutor.
    expect(await count(`SELECT count(*) FROM partnerships p
      JOIN schools s ON s.id = p.school_id
      JOIN delivery_partners dp ON dp.id = p.delivery_partner_id
      LEFT JOIN induction_coordinators ic ON ic.school_id = s.id
      LEFT JOIN users u ON u.id = ic.user_id
      WHERE p.api_updated_at < max(p.updated_at, s.updated_at, dp.updated_at, coalesce(u.updated_at, 0))`)).toBe(0);
  });

  it('has eligible, ineligible and CIP-only schools with unique 6-digit URNs', async () => {
    expect(await count("SELECT count(*) FROM schools WHERE urn NOT GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'")).toBe(0);
    expect(await count('SELECT count(DISTINCT urn) FROM schools')).toBe(await count('SELECT count(*) FROM schools'));
    const eligibleTypes = "('1','2','3','5','6','7','8','12','14','15','18','28','31','32','33','34','35','36','38','39','40','41','42','43','44','45','46','47','48','57')";
    const open = "school_status_code IN ('1', '3')";
    const england = "(administrative_district_code LIKE 'E%' OR administrative_district_code = '9999')";
    const eligible = `(${open} AND ${england} AND (school_type_code IN ${eligibleTypes} OR section_41_approved = 1))`;
    const cipOnly = `(NOT ${eligible} AND ${open} AND school_type_code IN ('10', '11', '30', '37'))`;
    expect(await count(`SELECT count(*) FROM schools WHERE ${eligible}`)).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) FROM schools WHERE ${cipOnly}`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM schools WHERE NOT ${eligible} AND NOT ${cipOnly}`)).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM schools WHERE school_status_code = '2'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM schools WHERE administrative_district_code LIKE 'W%'")).toBeGreaterThan(0);
    expect(await count('SELECT count(DISTINCT school_id) FROM induction_coordinators')).toBeGreaterThan(0);
    const choices = (await rows('SELECT DISTINCT induction_programme_choice FROM school_cohorts ORDER BY 1')).map((r) => r[0]);
    expect(choices).toEqual(['core_induction_programme', 'design_our_own', 'full_induction_programme', 'no_early_career_teachers', 'school_funded_fip']);
  });

  it('has participants in each training status, with matching records and state history', async () => {
    const statuses = (await rows('SELECT DISTINCT training_status FROM participant_profiles ORDER BY 1')).map((r) => r[0]);
    expect(statuses).toEqual(['active', 'deferred', 'withdrawn']);
    expect(await count("SELECT count(*) FROM participant_profiles WHERE type = 'ect'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM participant_profiles WHERE type = 'mentor'")).toBeGreaterThan(0);
    // The latest induction record (open first, newest start, newest created) carries the profile's training status.
    expect(await count(`SELECT count(*) FROM participant_profiles p WHERE p.training_status <> (
      SELECT r.training_status FROM induction_records r WHERE r.participant_profile_id = p.id
      ORDER BY (r.end_date IS NULL) DESC, r.start_date DESC, r.created_at DESC LIMIT 1)`)).toBe(0);
    // Every deferred or withdrawn profile has a state row, made by a lead provider, with a valid reason.
    expect(await count(`SELECT count(*) FROM participant_profiles p WHERE p.training_status <> 'active'
      AND NOT EXISTS (SELECT 1 FROM participant_profile_states s WHERE s.participant_profile_id = p.id AND s.state = p.training_status)`)).toBe(0);
    expect(await count(`SELECT count(*) FROM participant_profile_states WHERE state = 'deferred'
      AND reason NOT IN ('bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other')`)).toBe(0);
    expect(await count(`SELECT count(*) FROM participant_profile_states WHERE state = 'withdrawn'
      AND reason NOT IN ('left-teaching-profession', 'moved-school', 'mentor-no-longer-being-mentor', 'switched-to-school-led', 'other')`)).toBe(0);
    expect(await count('SELECT count(*) FROM participant_profile_states WHERE lead_provider_id IS NULL')).toBe(0);
    // Leaving participants have an end date.
    expect(await count("SELECT count(*) FROM induction_records WHERE induction_status = 'leaving' AND end_date IS NOT NULL")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM induction_records WHERE induction_status = 'leaving' AND end_date IS NULL")).toBe(0);
  });

  it('leaves some profiles not yet validated and validates the rest', async () => {
    expect(await count(`SELECT count(*) FROM participant_profiles p
      WHERE NOT EXISTS (SELECT 1 FROM participant_eligibilities e WHERE e.participant_profile_id = p.id)`)).toBeGreaterThan(0);
    const statuses = (await rows('SELECT DISTINCT status FROM participant_eligibilities ORDER BY 1')).map((r) => r[0]);
    expect(statuses).toEqual(expect.arrayContaining(['eligible', 'ineligible', 'manual_check']));
    expect(await count("SELECT count(*) FROM participant_eligibilities WHERE status = 'ineligible' AND reason = 'none'")).toBe(0);
  });

  it('places every induction record under an existing programme of a lead provider partnership', async () => {
    expect(await count('SELECT count(*) FROM induction_records')).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM induction_records r
      LEFT JOIN induction_programmes ip ON ip.id = r.induction_programme_id
      LEFT JOIN partnerships p ON p.id = ip.partnership_id
      LEFT JOIN lead_providers lp ON lp.id = p.lead_provider_id
      WHERE lp.id IS NULL`)).toBe(0);
    // ECTs' mentors are mentor profiles at the same school cohort.
    expect(await count(`SELECT count(*) FROM participant_profiles e LEFT JOIN participant_profiles m ON m.id = e.mentor_profile_id
      WHERE e.mentor_profile_id IS NOT NULL AND (m.type IS NOT 'mentor' OR m.school_cohort_id <> e.school_cohort_id)`)).toBe(0);
    expect(await count("SELECT count(*) FROM participant_profiles WHERE type = 'ect' AND mentor_profile_id IS NOT NULL")).toBeGreaterThan(0);
    // School cohorts of partnered schools default to the partnership's programme.
    expect(await count(`SELECT count(*) FROM school_cohorts sc JOIN partnerships p
      ON p.school_id = sc.school_id AND p.cohort_id = sc.cohort_id AND p.relationship = 0 AND p.challenge_reason IS NULL
      LEFT JOIN induction_programmes ip ON ip.id = sc.default_induction_programme_id
      WHERE ip.partnership_id IS NOT p.id OR sc.induction_programme_choice <> 'full_induction_programme'`)).toBe(0);
  });

  it("keeps users' api_updated_at at or after everything a participant shows", async () => {
    expect(await count(`SELECT count(*) FROM users u WHERE u.api_updated_at < (SELECT max(t) FROM (
      SELECT u.updated_at AS t
      UNION ALL SELECT max(p.updated_at) FROM participant_profiles p WHERE p.user_id = u.id
      UNION ALL SELECT max(i.updated_at) FROM participant_identities i WHERE i.user_id = u.id
      UNION ALL SELECT max(r.updated_at) FROM induction_records r JOIN participant_profiles p ON p.id = r.participant_profile_id WHERE p.user_id = u.id))`)).toBe(0);
    expect(await count(`SELECT count(*) FROM users WHERE created_at > ${NOW.getTime()} OR updated_at < created_at`)).toBe(0);
    expect(await count(`SELECT count(*) - count(DISTINCT created_at) FROM users`)).toBe(0);
  });

  describe('declarations', () => {
    const T = NOW.getTime();
    const LIVE = "('submitted', 'eligible', 'payable', 'paid')";
    const BILLABLE = "('eligible', 'payable', 'paid')";
    const REFUNDABLE = "('awaiting_clawback', 'clawed_back')";
    const HISTORIES = ['submitted', 'eligible', 'eligible,payable', 'eligible,payable,paid', 'eligible,payable,paid,awaiting_clawback',
      'eligible,payable,paid,awaiting_clawback,clawed_back', 'ineligible', 'submitted,voided', 'eligible,voided', 'eligible,payable,voided'];
    /** Each query counts the declarations (or rows) that break a rule: all must be 0. */
    const violations = async (checks: Record<string, string>) => {
      const found: Record<string, number> = {};
      for (const [name, sql] of Object.entries(checks)) {
        const n = await count(sql);
        if (n !== 0) found[name] = n;
      }
      return found;
    };

    it('has declarations for every provider, in every state', async () => {
      const seen = await rows('SELECT lead_provider_id, state, count(*) FROM participant_declarations GROUP BY 1, 2');
      for (const lp of first.providers) {
        const states = seen.filter((r) => r[0] === lp.id).map((r) => String(r[1])).sort();
        expect(states, lp.name).toEqual(['awaiting_clawback', 'clawed_back', 'eligible', 'ineligible', 'paid', 'payable', 'submitted', 'voided']);
      }
      // Every state with a statement line is on at least two statements per provider.
      const spread = await rows(`SELECT d.lead_provider_id, d.state, count(DISTINCT li.statement_id) FROM participant_declarations d
        JOIN statement_line_items li ON li.participant_declaration_id = d.id AND li.state = CASE
          WHEN d.state IN ${REFUNDABLE} THEN d.state WHEN d.state = 'ineligible' THEN 'ineligible' WHEN d.state = 'voided' THEN 'voided' ELSE d.state END
        GROUP BY 1, 2`);
      for (const lp of first.providers) {
        for (const state of ['eligible', 'payable', 'paid', 'awaiting_clawback', 'clawed_back', 'ineligible', 'voided']) {
          const n = Number(spread.find((r) => r[0] === lp.id && r[1] === state)?.[2] ?? 0);
          expect(n, `${lp.name} ${state}`).toBeGreaterThanOrEqual(2);
        }
      }
    });

    it('dates each declaration inside its milestone window, by now, on the schedule it was made on', async () => {
      // The schedule a declaration was made on is the one of the profile's first record (movers
      // out of the frozen 2021 cohort declared on it, then moved to 2024).
      const firstSchedule = `(SELECT r.schedule_id FROM induction_records r WHERE r.participant_profile_id = p.id ORDER BY r.start_date, r.created_at LIMIT 1)`;
      expect(await violations({
        window: `SELECT count(*) FROM participant_declarations d JOIN participant_profiles p ON p.id = d.participant_profile_id
          JOIN schedules s ON s.id = ${firstSchedule}
          LEFT JOIN milestones m ON m.schedule_id = s.id AND m.declaration_type = d.declaration_type
            -- the participant type's own milestone where there is one (2025 mentors' completed), else the one for all
            AND m.applies_to = CASE WHEN EXISTS (SELECT 1 FROM milestones o WHERE o.schedule_id = s.id
              AND o.declaration_type = d.declaration_type AND o.applies_to = p.type) THEN p.type ELSE 'all' END
          WHERE s.cohort_id <> d.cohort_id OR m.id IS NULL OR d.declaration_date < unixepoch(m.start_date) * 1000
            OR (m.milestone_date IS NOT NULL AND d.declaration_date >= (unixepoch(m.milestone_date) + 86400) * 1000)`,
        cohort: `SELECT count(*) FROM participant_declarations d JOIN participant_profiles p ON p.id = d.participant_profile_id
          JOIN schedules s ON s.id = p.schedule_id JOIN cohorts c ON c.id = d.cohort_id
          WHERE CASE WHEN p.cohort_changed_after_payments_frozen THEN c.start_year <> 2021 ELSE s.cohort_id <> d.cohort_id END`,
        times: `SELECT count(*) FROM participant_declarations WHERE declaration_date > ${T} OR created_at > ${T} OR updated_at > ${T}
          OR created_at < declaration_date OR updated_at < created_at OR (voided_at IS NOT NULL AND (voided_at > ${T} OR state <> 'voided'))`,
        stateTimes: `SELECT count(*) FROM declaration_states WHERE created_at > ${T}`,
        // A frozen cohort's declarations were paid before its payments froze.
        frozen: `SELECT count(*) FROM declaration_states s JOIN participant_declarations d ON d.id = s.participant_declaration_id
          JOIN cohorts c ON c.id = d.cohort_id WHERE c.payments_frozen_at IS NOT NULL AND s.state = 'paid' AND s.created_at >= c.payments_frozen_at`,
        lineTimes: `SELECT count(*) FROM statement_line_items WHERE created_at > ${T} OR updated_at > ${T} OR updated_at < created_at`,
        course: `SELECT count(*) FROM participant_declarations d JOIN participant_profiles p ON p.id = d.participant_profile_id
          WHERE d.course_identifier <> CASE p.type WHEN 'ect' THEN 'ecf-induction' ELSE 'ecf-mentor' END OR d.user_id <> p.user_id`,
        mentorFunding: `SELECT count(*) FROM participant_declarations d JOIN cohorts c ON c.id = d.cohort_id
          WHERE d.course_identifier = 'ecf-mentor' AND c.mentor_funding AND d.declaration_type NOT IN ('started', 'completed')`,
        uplifts: `SELECT count(*) FROM participant_declarations d JOIN participant_profiles p ON p.id = d.participant_profile_id
          WHERE d.pupil_premium_uplift <> p.pupil_premium_uplift OR d.sparsity_uplift <> p.sparsity_uplift`,
        evidence: `SELECT count(*) FROM participant_declarations d JOIN cohorts c ON c.id = d.cohort_id WHERE CASE
          WHEN NOT c.detailed_evidence_types THEN CASE WHEN d.declaration_type = 'started' THEN d.evidence_held IS NOT NULL
            ELSE coalesce(d.evidence_held, '') NOT IN ('training-event-attended', 'self-study-material-completed', 'other') END
          WHEN d.course_identifier = 'ecf-mentor' AND d.declaration_type = 'completed' THEN coalesce(d.evidence_held, '') NOT IN ('75-percent-engagement-met', '75-percent-engagement-met-reduced-induction')
          WHEN d.declaration_type = 'retained-2' THEN coalesce(d.evidence_held, '') NOT IN ('75-percent-engagement-met', '75-percent-engagement-met-reduced-induction')
          WHEN d.declaration_type = 'completed' THEN coalesce(d.evidence_held, '') NOT IN ('75-percent-engagement-met', '75-percent-engagement-met-reduced-induction', 'one-term-induction')
          WHEN d.declaration_type = 'started' THEN coalesce(d.evidence_held, 'training-event-attended') NOT IN ('training-event-attended', 'self-study-material-completed', 'materials-engaged-with-offline', 'other')
          ELSE coalesce(d.evidence_held, '') NOT IN ('training-event-attended', 'self-study-material-completed', 'materials-engaged-with-offline', 'other') END`,
      })).toEqual({});
      expect(await count(`SELECT count(*) FROM participant_declarations d JOIN participant_profiles p ON p.id = d.participant_profile_id
        WHERE p.cohort_changed_after_payments_frozen`)).toBeGreaterThan(0);
    });

    it('takes delivery partner and mentor from the provider\'s induction record at the date', async () => {
      expect(await violations({
        placement: `SELECT count(*) FROM (SELECT d.*, (SELECT r.id FROM induction_records r
            JOIN induction_programmes ip ON ip.id = r.induction_programme_id JOIN partnerships pa ON pa.id = ip.partnership_id
            WHERE r.participant_profile_id = d.participant_profile_id AND pa.lead_provider_id = d.lead_provider_id AND r.start_date <= d.declaration_date
            ORDER BY r.start_date DESC, r.created_at DESC LIMIT 1) AS record_id FROM participant_declarations d) x
          LEFT JOIN induction_records r ON r.id = x.record_id
          LEFT JOIN induction_programmes ip ON ip.id = r.induction_programme_id LEFT JOIN partnerships pa ON pa.id = ip.partnership_id
          WHERE x.record_id IS NULL OR x.delivery_partner_id IS NOT pa.delivery_partner_id
            OR x.mentor_user_id IS NOT CASE WHEN x.course_identifier = 'ecf-induction' THEN (SELECT user_id FROM participant_profiles WHERE id = r.mentor_profile_id) END`,
      })).toEqual({});
      expect(await count("SELECT count(*) FROM participant_declarations WHERE mentor_user_id IS NOT NULL")).toBeGreaterThan(0);
    });

    it('keeps every state, state history and statement line consistent with the statements', async () => {
      // Statement lines per declaration, by kind.
      const lines = `(SELECT participant_declaration_id AS id, sum(state IN ${BILLABLE}) AS billable, sum(state IN ${REFUNDABLE}) AS refundable,
        sum(state = 'ineligible') AS ineligible, sum(state = 'voided') AS voided, count(*) AS total FROM statement_line_items GROUP BY 1)`;
      const history = `(SELECT group_concat(state, ',') FROM (SELECT state FROM declaration_states WHERE participant_declaration_id = d.id ORDER BY created_at, rowid))`;
      expect(await violations({
        // The states a declaration goes through, in order, ending in its state.
        history: `SELECT count(*) FROM participant_declarations d WHERE ${history} NOT IN (${HISTORIES.map((h) => `'${h}'`).join(', ')})
          OR ${history} NOT LIKE '%' || d.state`,
        // Billable (eligible, payable, paid) while due or paid, refundable once clawed back, one
        // ineligible line for a duplicate, at most a voided one once voided, none while submitted.
        lines: `SELECT count(*) FROM participant_declarations d LEFT JOIN ${lines} l ON l.id = d.id
          WHERE coalesce(l.billable, 0) <> (d.state IN ${BILLABLE} OR d.state IN ${REFUNDABLE})
            OR coalesce(l.refundable, 0) <> (d.state IN ${REFUNDABLE})
            OR coalesce(l.ineligible, 0) <> (d.state = 'ineligible')
            OR coalesce(l.voided, 0) > (d.state = 'voided')
            OR coalesce(l.total, 0) <> coalesce(l.billable, 0) + coalesce(l.refundable, 0) + coalesce(l.ineligible, 0) + coalesce(l.voided, 0)`,
        statementState: `SELECT count(*) FROM participant_declarations d JOIN statement_line_items li ON li.participant_declaration_id = d.id
          JOIN statements st ON st.id = li.statement_id
          WHERE st.output_fee = 0 OR st.lead_provider_id <> d.lead_provider_id OR st.cohort_id <> d.cohort_id OR CASE
            WHEN li.state IN ${BILLABLE} THEN li.state <> CASE WHEN d.state IN ${REFUNDABLE} THEN 'paid' ELSE d.state END
              OR st.state <> CASE li.state WHEN 'eligible' THEN 'open' ELSE li.state END
            WHEN li.state = 'awaiting_clawback' THEN d.state <> 'awaiting_clawback' OR st.state = 'paid'
            WHEN li.state = 'clawed_back' THEN d.state <> 'clawed_back' OR st.state <> 'paid'
            ELSE 0 END`,
        // A line goes on the statement open when it was made: the first output-fee one whose cut-off is that day or later.
        nextStatement: `SELECT count(*) FROM statement_line_items li JOIN statements st ON st.id = li.statement_id
          WHERE st.deadline_date < date(li.created_at / 1000, 'unixepoch') OR EXISTS (SELECT 1 FROM statements o
            WHERE o.lead_provider_id = st.lead_provider_id AND o.cohort_id = st.cohort_id AND o.output_fee
              AND o.deadline_date >= date(li.created_at / 1000, 'unixepoch') AND o.deadline_date < st.deadline_date)`,
        fundable: `SELECT count(*) FROM participant_declarations d LEFT JOIN participant_eligibilities e ON e.participant_profile_id = d.participant_profile_id
          WHERE e.id IS NULL OR (d.state IN ${BILLABLE} OR d.state IN ${REFUNDABLE}) <> (e.status = 'eligible') AND d.state NOT IN ('voided', 'ineligible')`,
        duplicates: `SELECT count(*) FROM participant_declarations d JOIN users u ON u.id = d.user_id
          LEFT JOIN participant_declarations f ON f.id = d.superseded_by_id LEFT JOIN users fu ON fu.id = f.user_id
          WHERE (d.state = 'ineligible') <> (d.superseded_by_id IS NOT NULL) OR (d.state = 'ineligible' AND (d.state_reason IS NOT 'duplicate'
            OR f.id IS NULL OR fu.id = u.id OR fu.trn IS NOT u.trn OR f.course_identifier <> d.course_identifier
            OR f.declaration_type <> d.declaration_type OR f.created_at >= d.created_at OR f.state NOT IN ${LIVE}))`,
        slot: `SELECT count(*) FROM (SELECT 1 FROM participant_declarations WHERE state IN ${LIVE} GROUP BY user_id, course_identifier, declaration_type HAVING count(*) > 1)`,
      })).toEqual({});
      // Some statements are still waiting to be paid (the latest of a cohort whose cut-off has passed).
      expect(await count("SELECT count(*) FROM statements WHERE output_fee AND state = 'payable'")).toBeGreaterThanOrEqual(2);
      expect(await count("SELECT count(*) FROM statements WHERE state = 'paid' AND marked_as_paid_at IS NULL")).toBe(0);
    });

    it('ends a mentor\'s funding with their completed declaration', async () => {
      const live = `(SELECT max(declaration_date) FROM participant_declarations d WHERE d.participant_profile_id = p.id AND d.declaration_type = 'completed' AND d.state IN ${LIVE})`;
      expect(await count(`SELECT count(*) FROM participant_profiles p WHERE p.type = 'mentor' AND (
        p.mentor_completion_date IS NOT date(${live} / 1000, 'unixepoch')
        OR p.mentor_completion_reason IS NOT CASE WHEN ${live} IS NOT NULL THEN 'completed_declaration_received' END
        OR (${live} IS NOT NULL AND p.updated_at < (SELECT max(created_at) FROM participant_declarations d WHERE d.participant_profile_id = p.id AND d.declaration_type = 'completed')))`)).toBe(0);
      expect(await count("SELECT count(*) FROM participant_profiles WHERE mentor_completion_reason = 'completed_declaration_received'")).toBeGreaterThan(0);
    });
  });

  it('records merged duplicates whose retired id still resolves to the kept user', async () => {
    const changes = await rows(`SELECT c.user_id, c.from_participant_id, c.to_participant_id, i.user_id
      FROM participant_id_changes c LEFT JOIN participant_identities i ON i.external_identifier = c.from_participant_id`);
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      const [userId, from, to, identityUser] = [change[0], change[1], change[2], change[3]];
      expect(to).toBe(userId);
      expect(identityUser).toBe(userId);
      expect(await count(`SELECT count(*) FROM users WHERE id = '${String(from)}'`)).toBe(0);
    }
  });
});
