import { and, eq, sql } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../db/client';
import { partnerships, schoolCohorts } from '../../../db/schema';
import { queueEmail } from '../../email/outbox';
import type { CohortRow } from '../cohorts/find-cohort';
import { challengeDeadline, type DeliveryPartnerRow, type SchoolRow } from './partnership-rules';

// "Reporting" a partnership: what confirming one, or changing its delivery partner, writes. All
// of it goes in one batch (one transaction), so a partnership, the school's programme and the
// email to the school are committed together or not at all.

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

const formatDate = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Runs the report batch. Returns the partnership id, or null when the guard no longer held. */
export async function reportPartnership(input: ReportInput): Promise<string | null> {
  const { db, now, school, cohort, deliveryPartner, leadProvider, target } = input;
  const id = target.existingId ?? crypto.randomUUID();
  const reportId = crypto.randomUUID();
  const deadline = challengeDeadline(cohort, now);
  const fields = {
    deliveryPartnerId: deliveryPartner.id,
    challengeReason: null,
    challengedAt: null,
    challengeDeadline: deadline,
    pending: false,
    relationship: false,
    reportId,
    updatedAt: now,
    apiUpdatedAt: now,
  };
  const schoolCohortId = sql`(SELECT id FROM school_cohorts WHERE school_id = ${school.id} AND cohort_id = ${cohort.id})`;
  const firstProviderLedProgramme = sql`(
    SELECT id FROM induction_programmes
    WHERE school_cohort_id = ${schoolCohortId} AND training_programme = 'full_induction_programme'
    ORDER BY created_at, id LIMIT 1
  )`;

  const writePartnership = target.existingId
    ? db.update(partnerships).set(fields).where(and(eq(partnerships.id, target.existingId), target.guard))
    : db.insert(partnerships).values({
        id, schoolId: school.id, leadProviderId: leadProvider.id, cohortId: cohort.id, createdAt: now, ...fields,
      });

  const statements = [
    // A school confirmed by a provider without a recorded choice has chosen provider-led training.
    db.insert(schoolCohorts).values({
      id: crypto.randomUUID(), schoolId: school.id, cohortId: cohort.id,
      inductionProgrammeChoice: 'full_induction_programme', createdAt: now, updatedAt: now,
    }).onConflictDoNothing({ target: [schoolCohorts.schoolId, schoolCohorts.cohortId] }),
    writePartnership,
    // The school's provider-led programme is linked to the partnership, so participants the
    // school registers later are trained by this provider and delivery partner.
    db.run(sql`
      INSERT INTO induction_programmes (id, school_cohort_id, partnership_id, training_programme, created_at, updated_at)
      SELECT ${crypto.randomUUID()}, ${schoolCohortId}, ${id}, 'full_induction_programme', ${now.getTime()}, ${now.getTime()}
      WHERE NOT EXISTS (SELECT 1 FROM induction_programmes WHERE school_cohort_id = ${schoolCohortId} AND training_programme = 'full_induction_programme')
    `),
    db.run(sql`UPDATE induction_programmes SET partnership_id = ${id}, updated_at = ${now.getTime()} WHERE id = ${firstProviderLedProgramme}`),
    db.run(sql`
      UPDATE school_cohorts SET default_induction_programme_id = ${firstProviderLedProgramme}, updated_at = ${now.getTime()}
      WHERE school_id = ${school.id} AND cohort_id = ${cohort.id} AND default_induction_programme_id IS NULL
    `),
  ];
  if (input.schoolEmail) {
    statements.push(queueEmail(db, {
      template: input.template,
      to: input.schoolEmail,
      personalisation: {
        school_name: school.name,
        lead_provider_name: leadProvider.name,
        delivery_partner_name: deliveryPartner.name,
        cohort: `${cohort.startYear} to ${cohort.startYear + 1}`,
        challenge_deadline: formatDate(deadline),
        challenge_url: `${input.serviceUrl.replace(/\/$/, '')}/report-incorrect-partnership?token=${reportId}`,
      },
      subject: { type: 'partnership', id },
    }, now) as never);
  }
  const results = await db.batch(statements as unknown as Parameters<Db['batch']>[0]);
  return rowsAffected(results[1]) === 1 ? id : null;
}
