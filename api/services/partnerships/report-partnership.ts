import { sql } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../db/client';
import { emails, inductionProgrammes, partnerships, replacedPartnershipReports, schoolCohorts } from '../../../db/schema';
import type { CohortRow } from '../cohorts/find-cohort';
import { challengeDeadline, type DeliveryPartnerRow, type SchoolRow } from './partnership-rules';
import { runBatch, type BatchStatement } from '../../../db/batch';

// "Reporting" a partnership: what confirming one, or changing its delivery partner, writes. All
// of it goes in one batch (one transaction), so a partnership, the school's programme and the
// email to the school are committed together or not at all. The writes are set-based (the
// schools travel as JSON parameters), so reporting one school or twenty thousand (the web
// service's CSV upload) is the same handful of statements.

export interface ReportTarget {
  /** The row to update (a challenged partnership being re-confirmed, a relationship row being
   *  promoted, or the partnership whose delivery partner changes); absent → a new row. */
  existingId?: string;
  /** SQL condition the existing row must still meet, so a concurrent change makes this a no-op. */
  guard?: ReturnType<typeof sql>;
}

export interface ReportInput {
  db: Db;
  now: Date;
  leadProvider: { id: string; name: string };
  school: SchoolRow;
  cohort: CohortRow;
  deliveryPartner: DeliveryPartnerRow;
  target: ReportTarget;
  schoolEmail: string | null;
  serviceUrl: string;
  template: 'partnership_confirmed' | 'partnership_delivery_partner_changed';
}

export interface ReportItem {
  school: SchoolRow;
  target: ReportTarget;
  schoolEmail: string | null;
}

export interface ReportManyInput extends Omit<ReportInput, 'school' | 'target' | 'schoolEmail'> {
  items: ReportItem[];
  /**
   * Abort the whole batch when an existing row no longer meets its guard (all or nothing), rather
   * than leaving that one row unwritten for the caller to notice.
   */
  strict?: boolean;
}

const formatDate = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Schools per statement: keeps each JSON parameter well under D1's 2 MB value limit. */
const CHUNK = 1_000;

/** A statement that fails (so the batch rolls back) unless the previous write changed `expected` rows. */
export const ABORTED_BATCH = 'partnership changed: batch aborted';
const expectChanges = (db: Db, expected: number) =>
  db.run(sql`SELECT CASE WHEN changes() = ${expected} THEN 1 ELSE json(${ABORTED_BATCH}) END`);

/** True for the error a strict batch fails with when a guarded row changed under it. */
export const isAbortedBatch = (err: unknown) => {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (/malformed JSON/i.test(String((e as { message?: unknown }).message ?? ''))) return true;
  }
  return false;
};

/**
 * The writes of reporting many schools with one provider, delivery partner and cohort.
 * `partnershipWrites` are the indexes of the statements writing partnership rows, with how many
 * rows each should change.
 */
export function reportPartnershipsStatements(input: ReportManyInput): {
  ids: string[]; statements: BatchStatement[]; partnershipWrites: { index: number; expected: number }[];
} {
  const { db, now, cohort, deliveryPartner, leadProvider } = input;
  const at = now.getTime();
  const deadline = challengeDeadline(cohort, now);
  const rows = input.items.map((item) => {
    const id = item.target.existingId ?? crypto.randomUUID();
    const reportId = crypto.randomUUID();
    return {
      item,
      json: {
        id, reportId, schoolId: item.school.id, schoolCohortId: crypto.randomUUID(), programmeId: crypto.randomUUID(),
        emailId: crypto.randomUUID(), email: item.schoolEmail,
        personalisation: JSON.stringify({
          school_name: item.school.name,
          lead_provider_name: leadProvider.name,
          delivery_partner_name: deliveryPartner.name,
          cohort: `${cohort.startYear} to ${cohort.startYear + 1}`,
          challenge_deadline: formatDate(deadline),
          challenge_url: `${input.serviceUrl.replace(/\/$/, '')}/report-incorrect-partnership?token=${reportId}`,
        }),
      },
    };
  });

  const statements: BatchStatement[] = [];
  const partnershipWrites: { index: number; expected: number }[] = [];
  const push = (s: BatchStatement) => statements.push(s);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const all = JSON.stringify(chunk.map((r) => r.json));
    const v = (field: string) => sql.raw(`json_extract(j.value, '$.${field}')`);
    const schoolCohortOf = sql`(SELECT sc.id FROM ${schoolCohorts} sc WHERE sc.school_id = ${v('schoolId')} AND sc.cohort_id = ${cohort.id})`;

    // A school confirmed by a provider without a recorded choice has chosen provider-led training.
    push(db.run(sql`
      INSERT INTO ${schoolCohorts} (id, school_id, cohort_id, induction_programme_choice, created_at, updated_at)
      SELECT ${v('schoolCohortId')}, ${v('schoolId')}, ${cohort.id}, 'full_induction_programme', ${at}, ${at}
      FROM json_each(${all}) j WHERE true
      ON CONFLICT (school_id, cohort_id) DO NOTHING
    `));

    const fresh = chunk.filter((r) => !r.item.target.existingId);
    if (fresh.length > 0) {
      push(db.run(sql`
        INSERT INTO ${partnerships} (id, school_id, lead_provider_id, delivery_partner_id, cohort_id, challenged_at, challenge_reason,
          challenge_deadline, pending, relationship, report_id, created_at, updated_at, api_updated_at)
        SELECT ${v('id')}, ${v('schoolId')}, ${leadProvider.id}, ${deliveryPartner.id}, ${cohort.id}, NULL, NULL,
          ${deadline.getTime()}, 0, 0, ${v('reportId')}, ${at}, ${at}, ${at}
        FROM json_each(${JSON.stringify(fresh.map((r) => r.json))}) j
      `));
      partnershipWrites.push({ index: statements.length - 1, expected: fresh.length });
    }
    // Existing rows, grouped by the condition each must still meet.
    const byGuard = new Map<ReturnType<typeof sql> | undefined, typeof chunk>();
    for (const r of chunk.filter((x) => x.item.target.existingId)) {
      const group = byGuard.get(r.item.target.guard) ?? [];
      group.push(r);
      byGuard.set(r.item.target.guard, group);
    }
    for (const [guard, group] of byGuard) {
      const list = JSON.stringify(group.map((r) => r.json));
      // The school's old challenge link stops working: remember it, so the school can be told a
      // newer email was sent (api/web/challenge). Same guard as the update just below.
      push(db.run(sql`
        INSERT OR IGNORE INTO ${replacedPartnershipReports} (report_id, partnership_id, replaced_at)
        SELECT ${partnerships.reportId}, ${partnerships.id}, ${at} FROM ${partnerships}
        WHERE ${partnerships.id} IN (SELECT ${v('id')} FROM json_each(${list}) j) AND ${partnerships.reportId} IS NOT NULL
          AND ${guard ?? sql`1 = 1`}
      `));
      push(db.run(sql`
        UPDATE ${partnerships}
        SET delivery_partner_id = ${deliveryPartner.id}, challenge_reason = NULL, challenged_at = NULL,
          challenge_deadline = ${deadline.getTime()}, pending = 0, relationship = 0, report_id = t.report_id,
          updated_at = ${at}, api_updated_at = ${at}
        FROM (SELECT ${v('id')} AS id, ${v('reportId')} AS report_id FROM json_each(${list}) j) AS t
        WHERE ${partnerships.id} = t.id AND ${guard ?? sql`1 = 1`}
      `));
      partnershipWrites.push({ index: statements.length - 1, expected: group.length });
      if (input.strict) push(expectChanges(db, group.length));
    }

    // The school's provider-led programme is linked to the partnership, so participants the
    // school registers later are trained by this provider and delivery partner.
    push(db.run(sql`
      INSERT INTO ${inductionProgrammes} (id, school_cohort_id, partnership_id, training_programme, created_at, updated_at)
      SELECT ${v('programmeId')}, ${schoolCohortOf}, ${v('id')}, 'full_induction_programme', ${at}, ${at}
      FROM json_each(${all}) j
      WHERE NOT EXISTS (SELECT 1 FROM ${inductionProgrammes} ip WHERE ip.school_cohort_id = ${schoolCohortOf} AND ip.training_programme = 'full_induction_programme')
    `));
    const firstProviderLed = sql`(
      SELECT ip.id FROM ${inductionProgrammes} ip
      WHERE ip.school_cohort_id = sc.id AND ip.training_programme = 'full_induction_programme'
      ORDER BY ip.created_at, ip.id LIMIT 1
    )`;
    push(db.run(sql`
      -- CROSS JOIN keeps the JSON list as the outer loop (one index lookup per school), never a
      -- scan of the list for every school cohort of the cohort.
      WITH t AS MATERIALIZED (
        SELECT ${firstProviderLed} AS programme_id, ${v('id')} AS partnership_id
        FROM json_each(${all}) j CROSS JOIN ${schoolCohorts} sc ON sc.school_id = ${v('schoolId')} AND sc.cohort_id = ${cohort.id}
      )
      UPDATE ${inductionProgrammes} SET partnership_id = t.partnership_id, updated_at = ${at}
      FROM t WHERE ${inductionProgrammes.id} = t.programme_id
    `));
    push(db.run(sql`
      UPDATE ${schoolCohorts} AS sc SET default_induction_programme_id = ${firstProviderLed}, updated_at = ${at}
      WHERE sc.cohort_id = ${cohort.id} AND sc.default_induction_programme_id IS NULL
        AND sc.school_id IN (SELECT ${v('schoolId')} FROM json_each(${all}) j)
    `));
    // The email to each school, queued with the partnership (api/email/outbox.ts).
    push(db.run(sql`
      INSERT INTO ${emails} (id, template, "to", personalisation, status, subject_type, subject_id, created_at)
      SELECT ${v('emailId')}, ${input.template}, ${v('email')}, ${v('personalisation')}, 'queued', 'partnership', ${v('id')}, ${at}
      FROM json_each(${all}) j WHERE ${v('email')} IS NOT NULL
    `));
  }
  return { ids: rows.map((r) => r.json.id), statements, partnershipWrites };
}

/** Runs the report batch of one school. Returns the partnership id, or null when the guard no longer held. */
export async function reportPartnership(input: ReportInput): Promise<string | null> {
  const { ids, statements, partnershipWrites } = reportPartnershipsStatements({
    ...input, items: [{ school: input.school, target: input.target, schoolEmail: input.schoolEmail }],
  });
  const results = await runBatch(input.db, statements);
  return rowsAffected(results[partnershipWrites[0]!.index]) === 1 ? ids[0]! : null;
}
