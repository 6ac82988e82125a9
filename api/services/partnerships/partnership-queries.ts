import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cohorts, deliveryPartners, inductionCoordinators, partnerships, schools, users } from '../../../db/schema';

// The read model of a partnership as providers see it. The induction tutor is the school's first
// induction coordinator; without one, the school's contact email stands in for the email.

const firstTutor = (column: 'full_name' | 'email') => sql`(
  SELECT ${sql.raw(`u.${column}`)} FROM ${inductionCoordinators} ic JOIN ${users} u ON u.id = ic.user_id
  WHERE ic.school_id = ${partnerships.schoolId}
  ORDER BY ic.created_at, ic.id LIMIT 1
)`;

export const partnershipColumns = {
  id: partnerships.id,
  leadProviderId: partnerships.leadProviderId,
  schoolId: partnerships.schoolId,
  cohortId: partnerships.cohortId,
  cohort: cohorts.startYear,
  urn: schools.urn,
  schoolName: schools.name,
  deliveryPartnerId: partnerships.deliveryPartnerId,
  deliveryPartnerName: deliveryPartners.name,
  challengeReason: partnerships.challengeReason,
  challengedAt: partnerships.challengedAt,
  challengeDeadline: partnerships.challengeDeadline,
  reportId: partnerships.reportId,
  inductionTutorName: sql<string | null>`${firstTutor('full_name')}`,
  inductionTutorEmail: sql<string | null>`coalesce(${firstTutor('email')}, ${schools.primaryContactEmail}, ${schools.secondaryContactEmail})`,
  createdAt: partnerships.createdAt,
  updatedAt: partnerships.apiUpdatedAt,
};

export interface PartnershipRecord {
  id: string;
  leadProviderId: string;
  schoolId: string;
  cohortId: string;
  cohort: number;
  urn: string;
  schoolName: string;
  deliveryPartnerId: string | null;
  deliveryPartnerName: string | null;
  challengeReason: string | null;
  challengedAt: Date | null;
  challengeDeadline: Date | null;
  reportId: string | null;
  inductionTutorName: string | null;
  inductionTutorEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function fromPartnerships(db: Db) {
  return db
    .select(partnershipColumns)
    .from(partnerships)
    .innerJoin(cohorts, eq(cohorts.id, partnerships.cohortId))
    .innerJoin(schools, eq(schools.id, partnerships.schoolId))
    .leftJoin(deliveryPartners, eq(deliveryPartners.id, partnerships.deliveryPartnerId));
}

/** What a provider may see: its own partnerships, challenged ones included, never relationship rows. */
export const visibleTo = (leadProviderId: string) =>
  and(eq(partnerships.leadProviderId, leadProviderId), eq(partnerships.relationship, false));
