import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { deliveryPartners, inductionProgrammes, inductionRecords, participantProfiles, partnerships, schools } from '../../../db/schema';
import { latestRecordOrder } from '../../services/participants/latest-records';

// Read models of "Your schools": every query is scoped to the signed-in user's lead provider.

export interface SchoolListRow {
  id: string;
  schoolName: string;
  urn: string;
  deliveryPartnerName: string | null;
  challenged: number;
  ects: number;
  mentors: number;
}

/** Escapes LIKE wildcards so a search for "100%" means those characters. */
const likeContains = (query: string) => `%${query.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function searchCondition(query: string): SQL {
  if (!query) return sql`1 = 1`;
  const pattern = likeContains(query);
  return sql`(
    lower(s.name) LIKE ${pattern} ESCAPE '\\'
    OR s.urn LIKE ${pattern} ESCAPE '\\'
    OR lower(coalesce(dp.name, '')) LIKE ${pattern} ESCAPE '\\'
  )`;
}

// One definition of what the pages count, so the overview, "Your schools" and the download agree:
// a provider's schools for a cohort are its partnerships that are neither relationship rows
// (a participant who moved school) nor pending; each is either *confirmed* or *challenged* (the
// school said the confirmation is wrong). The list shows both (challenged ones tagged); the
// numbers say how many of each; the download has the confirmed ones.
const visible = (leadProviderId: string, cohortId: string) =>
  sql`p.lead_provider_id = ${leadProviderId} AND p.cohort_id = ${cohortId} AND p.relationship = 0 AND p.pending = 0`;
const isChallenged = sql`(p.challenge_reason IS NOT NULL OR p.challenged_at IS NOT NULL)`;

export interface SchoolTotals {
  confirmed: number;
  challenged: number;
}

/** Confirmed and challenged schools of one cohort. */
export async function partnershipTotals(db: Db, leadProviderId: string, cohortId: string): Promise<SchoolTotals> {
  const [row] = await db.all<{ confirmed: number; challenged: number }>(sql`
    SELECT coalesce(sum(NOT ${isChallenged}), 0) AS confirmed, coalesce(sum(${isChallenged}), 0) AS challenged
    FROM ${partnerships} p WHERE ${visible(leadProviderId, cohortId)}
  `);
  return { confirmed: Number(row?.confirmed ?? 0), challenged: Number(row?.challenged ?? 0) };
}

/**
 * One page of the schools list, ordered by school name, with ECT and mentor counts: active
 * participants whose latest induction record is in a programme of that partnership. Three
 * queries whatever the page size: count, page, counts for the page.
 */
export async function listSchools(db: Db, leadProviderId: string, cohortId: string, query: string, requestedPage: number, perPage: number) {
  const where = sql`${visible(leadProviderId, cohortId)} AND ${searchCondition(query)}`;
  const [total] = await db.all<{ n: number }>(sql`
    SELECT count(*) AS n FROM ${partnerships} p
    JOIN ${schools} s ON s.id = p.school_id
    LEFT JOIN ${deliveryPartners} dp ON dp.id = p.delivery_partner_id
    WHERE ${where}
  `);
  const matches = Number(total?.n ?? 0);
  const pages = Math.max(1, Math.ceil(matches / perPage));
  const page = Number.isFinite(requestedPage) && requestedPage >= 1 ? Math.min(Math.floor(requestedPage), pages) : 1;
  const rows = await db.all<Omit<SchoolListRow, 'ects' | 'mentors'>>(sql`
    SELECT p.id, s.name AS schoolName, s.urn, dp.name AS deliveryPartnerName,
      (p.challenge_reason IS NOT NULL OR p.challenged_at IS NOT NULL) AS challenged
    FROM ${partnerships} p
    JOIN ${schools} s ON s.id = p.school_id
    LEFT JOIN ${deliveryPartners} dp ON dp.id = p.delivery_partner_id
    WHERE ${where}
    ORDER BY s.name, s.urn, p.id
    LIMIT ${perPage} OFFSET ${(page - 1) * perPage}
  `);
  const counts = await participantCounts(db, rows.map((r) => r.id));
  return {
    total: matches,
    page,
    pages,
    rows: rows.map((r) => ({ ...r, ects: counts.get(r.id)?.ects ?? 0, mentors: counts.get(r.id)?.mentors ?? 0 })),
  };
}

/** ECT and mentor counts per partnership (ids travel as one JSON parameter). */
export async function participantCounts(db: Db, partnershipIds: string[]): Promise<Map<string, { ects: number; mentors: number }>> {
  const result = new Map<string, { ects: number; mentors: number }>();
  if (partnershipIds.length === 0) return result;
  const ids = JSON.stringify(partnershipIds);
  const rows = await db.all<{ partnershipId: string; type: string; n: number }>(sql`
    WITH page(id) AS (SELECT value FROM json_each(${ids})),
    candidates AS (
      SELECT DISTINCT ir.participant_profile_id AS profile_id
      FROM ${inductionProgrammes} ip JOIN ${inductionRecords} ir ON ir.induction_programme_id = ip.id
      WHERE ip.partnership_id IN (SELECT id FROM page)
    ),
    latest AS (
      SELECT ir.participant_profile_id AS profile_id, ip.partnership_id,
        row_number() OVER (
          PARTITION BY ir.participant_profile_id
          ORDER BY ${latestRecordOrder('ir')}
        ) AS position
      FROM ${inductionRecords} ir JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
      WHERE ir.participant_profile_id IN (SELECT profile_id FROM candidates)
    )
    SELECT latest.partnership_id AS partnershipId, pp.type, count(*) AS n
    FROM latest JOIN ${participantProfiles} pp ON pp.id = latest.profile_id
    WHERE latest.position = 1 AND latest.partnership_id IN (SELECT id FROM page) AND pp.status = 'active'
    GROUP BY latest.partnership_id, pp.type
  `);
  for (const row of rows) {
    const entry = result.get(row.partnershipId) ?? { ects: 0, mentors: 0 };
    if (row.type === 'ect') entry.ects = Number(row.n);
    if (row.type === 'mentor') entry.mentors = Number(row.n);
    result.set(row.partnershipId, entry);
  }
  return result;
}

/** Confirmed partnerships of the cohort for the download (the "confirmed" of partnershipTotals). */
export async function activePartnershipsForDownload(db: Db, leadProviderId: string, cohortId: string) {
  return db.all<{ urn: string; name: string; deliveryPartner: string | null }>(sql`
    SELECT s.urn, s.name, dp.name AS deliveryPartner
    FROM ${partnerships} p
    JOIN ${schools} s ON s.id = p.school_id
    LEFT JOIN ${deliveryPartners} dp ON dp.id = p.delivery_partner_id
    WHERE ${visible(leadProviderId, cohortId)} AND NOT ${isChallenged}
    ORDER BY s.name, s.urn
  `);
}

/** Confirmed and challenged schools per cohort, for the overview (same rules as partnershipTotals). */
export async function totalsByCohort(db: Db, leadProviderId: string): Promise<Map<string, SchoolTotals>> {
  const rows = await db.all<{ cohortId: string; confirmed: number; challenged: number }>(sql`
    SELECT p.cohort_id AS cohortId, coalesce(sum(NOT ${isChallenged}), 0) AS confirmed, coalesce(sum(${isChallenged}), 0) AS challenged
    FROM ${partnerships} p
    WHERE p.lead_provider_id = ${leadProviderId} AND p.relationship = 0 AND p.pending = 0
    GROUP BY p.cohort_id
  `);
  return new Map(rows.map((r) => [r.cohortId, { confirmed: Number(r.confirmed), challenged: Number(r.challenged) }]));
}

export interface ChallengedSchool {
  id: string;
  cohortId: string;
  schoolName: string;
  urn: string;
  reason: string | null;
  challengedAt: number | null;
}

/** The most recently challenged schools of each cohort (at most `perCohort` each), newest first. */
export async function recentlyChallenged(db: Db, leadProviderId: string, perCohort: number): Promise<ChallengedSchool[]> {
  return db.all<ChallengedSchool>(sql`
    SELECT id, cohortId, schoolName, urn, reason, challengedAt FROM (
      SELECT p.id, p.cohort_id AS cohortId, s.name AS schoolName, s.urn, p.challenge_reason AS reason, p.challenged_at AS challengedAt,
        row_number() OVER (PARTITION BY p.cohort_id ORDER BY p.challenged_at DESC, p.id) AS position
      FROM ${partnerships} p JOIN ${schools} s ON s.id = p.school_id
      WHERE p.lead_provider_id = ${leadProviderId} AND p.relationship = 0 AND p.pending = 0 AND ${isChallenged}
    ) WHERE position <= ${perCohort}
    ORDER BY challengedAt DESC, id
  `);
}
