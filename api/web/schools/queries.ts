import { count, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client';
import { expression, readModel } from '../../../db/read-model';
import { deliveryPartners, inductionProgrammes, inductionRecords, participantProfiles, partnerships, schools } from '../../../db/schema';
import { latestRecordOrderOf } from '../../services/participants/latest-records';

// Read models of "Your schools": every query is scoped to the signed-in user's lead provider.

const p = alias(partnerships, 'p');
const s = alias(schools, 's');
const dp = alias(deliveryPartners, 'dp');
const ir = alias(inductionRecords, 'ir');
const ip = alias(inductionProgrammes, 'ip');
const pp = alias(participantProfiles, 'pp');

/** Escapes LIKE wildcards so a search for "100%" means those characters. */
const likeContains = (query: string) => `%${query.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function searchCondition(query: string): SQL {
  if (!query) return sql`1 = 1`;
  const pattern = likeContains(query);
  return sql`(
    lower(${s.name}) LIKE ${pattern} ESCAPE '\\'
    OR ${s.urn} LIKE ${pattern} ESCAPE '\\'
    OR lower(coalesce(${dp.name}, '')) LIKE ${pattern} ESCAPE '\\'
  )`;
}

// One definition of what the pages count, so the overview, "Your schools" and the download agree:
// a provider's schools for a cohort are its partnerships that are neither relationship rows
// (a participant who moved school) nor pending; each is either *confirmed* or *challenged* (the
// school said the confirmation is wrong). The list shows both (challenged ones tagged); the
// numbers say how many of each; the download has the confirmed ones. The flags are compared with
// literal 0, as before, not bound parameters (the partial indexes on `relationship = 0`).
const visible = (leadProviderId: string, cohortId: string) =>
  sql`${p.leadProviderId} = ${leadProviderId} AND ${p.cohortId} = ${cohortId} AND ${p.relationship} = 0 AND ${p.pending} = 0`;
/** `visible` for every cohort. */
const ownRows = (leadProviderId: string) => sql`${p.leadProviderId} = ${leadProviderId} AND ${p.relationship} = 0 AND ${p.pending} = 0`;
const isChallenged = sql`(${p.challengeReason} IS NOT NULL OR ${p.challengedAt} IS NOT NULL)`;

/** How many schools are confirmed and challenged (sums of 0/1, 0 when there are none). */
const totals = {
  confirmed: sql`coalesce(sum(NOT ${isChallenged}), 0)`.mapWith(Number),
  challenged: sql`coalesce(sum(${isChallenged}), 0)`.mapWith(Number),
};

export interface SchoolTotals {
  confirmed: number;
  challenged: number;
}

/** Confirmed and challenged schools of one cohort. */
export async function partnershipTotals(db: Db, leadProviderId: string, cohortId: string): Promise<SchoolTotals> {
  const [row] = await db.select(totals).from(p).where(visible(leadProviderId, cohortId));
  return { confirmed: row?.confirmed ?? 0, challenged: row?.challenged ?? 0 };
}

/**
 * One page of the schools list, ordered by school name, with ECT and mentor counts: active
 * participants whose latest induction record is in a programme of that partnership. Three
 * queries whatever the page size: count, page, counts for the page.
 */
export async function listSchools(db: Db, leadProviderId: string, cohortId: string, query: string, requestedPage: number, perPage: number) {
  const where = sql`${visible(leadProviderId, cohortId)} AND ${searchCondition(query)}`;
  const [total] = await db.select({ n: count() }).from(p)
    .innerJoin(s, eq(s.id, p.schoolId))
    .leftJoin(dp, eq(dp.id, p.deliveryPartnerId))
    .where(where);
  const matches = total?.n ?? 0;
  const pages = Math.max(1, Math.ceil(matches / perPage));
  const page = Number.isFinite(requestedPage) && requestedPage >= 1 ? Math.min(Math.floor(requestedPage), pages) : 1;
  const rows = await db
    .select({ id: p.id, schoolName: s.name, urn: s.urn, deliveryPartnerName: dp.name, challenged: sql`${isChallenged}`.mapWith(Boolean) })
    .from(p)
    .innerJoin(s, eq(s.id, p.schoolId))
    .leftJoin(dp, eq(dp.id, p.deliveryPartnerId))
    .where(where)
    .orderBy(s.name, s.urn, p.id)
    .limit(perPage)
    .offset((page - 1) * perPage);
  const counts = await participantCounts(db, rows.map((r) => r.id));
  return {
    total: matches,
    page,
    pages,
    rows: rows.map((r) => ({ ...r, ects: counts.get(r.id)?.ects ?? 0, mentors: counts.get(r.id)?.mentors ?? 0 })),
  };
}

export type SchoolListRow = Awaited<ReturnType<typeof listSchools>>['rows'][number];

// The CTEs' own result columns (`latest.partnership`, `latest.profile`) are named here, in this
// query, not in the schema.
const countModel = readModel({
  partnershipId: expression.text(sql`latest.partnership`),
  type: pp.type,
  n: expression.number(sql`count(*)`),
});

/** ECT and mentor counts per partnership (ids travel as one JSON parameter). */
export async function participantCounts(db: Db, partnershipIds: string[]): Promise<Map<string, { ects: number; mentors: number }>> {
  const result = new Map<string, { ects: number; mentors: number }>();
  if (partnershipIds.length === 0) return result;
  const ids = JSON.stringify(partnershipIds);
  const rows = await countModel.read(db, sql`
    WITH page(id) AS (SELECT value FROM json_each(${ids})),
    candidates AS (
      SELECT DISTINCT ${ir.participantProfileId} AS profile
      FROM ${inductionProgrammes} AS ${ip} JOIN ${inductionRecords} AS ${ir} ON ${ir.inductionProgrammeId} = ${ip.id}
      WHERE ${ip.partnershipId} IN (SELECT id FROM page)
    ),
    latest AS (
      SELECT ${ir.participantProfileId} AS profile, ${ip.partnershipId} AS partnership,
        row_number() OVER (
          PARTITION BY ${ir.participantProfileId}
          ORDER BY ${latestRecordOrderOf(ir)}
        ) AS position
      FROM ${inductionRecords} AS ${ir} JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
      WHERE ${ir.participantProfileId} IN (SELECT profile FROM candidates)
    )
    SELECT ${countModel.selectList}
    FROM latest JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = latest.profile
    WHERE latest.position = 1 AND latest.partnership IN (SELECT id FROM page) AND ${pp.status} = 'active'
    GROUP BY latest.partnership, ${pp.type}
  `, ['partnershipId', 'type']);
  for (const row of rows) {
    const entry = result.get(row.partnershipId) ?? { ects: 0, mentors: 0 };
    if (row.type === 'ect') entry.ects = row.n;
    if (row.type === 'mentor') entry.mentors = row.n;
    result.set(row.partnershipId, entry);
  }
  return result;
}

/** Confirmed partnerships of the cohort for the download (the "confirmed" of partnershipTotals). */
export async function activePartnershipsForDownload(db: Db, leadProviderId: string, cohortId: string) {
  return db
    .select({ urn: s.urn, name: s.name, deliveryPartner: dp.name })
    .from(p)
    .innerJoin(s, eq(s.id, p.schoolId))
    .leftJoin(dp, eq(dp.id, p.deliveryPartnerId))
    .where(sql`${visible(leadProviderId, cohortId)} AND NOT ${isChallenged}`)
    .orderBy(s.name, s.urn);
}

/** Confirmed and challenged schools per cohort, for the overview (same rules as partnershipTotals). */
export async function totalsByCohort(db: Db, leadProviderId: string): Promise<Map<string, SchoolTotals>> {
  const rows = await db.select({ cohortId: p.cohortId, ...totals }).from(p).where(ownRows(leadProviderId)).groupBy(p.cohortId);
  return new Map(rows.map((r) => [r.cohortId, { confirmed: r.confirmed, challenged: r.challenged }]));
}

/** The most recently challenged schools of each cohort (at most `perCohort` each), newest first. */
export async function recentlyChallenged(db: Db, leadProviderId: string, perCohort: number) {
  const ranked = db
    .select({
      id: p.id,
      cohortId: p.cohortId,
      schoolName: s.name,
      urn: s.urn,
      reason: p.challengeReason,
      challengedAt: p.challengedAt,
      position: sql<number>`row_number() OVER (PARTITION BY ${p.cohortId} ORDER BY ${p.challengedAt} DESC, ${p.id})`.as('position'),
    })
    .from(p)
    .innerJoin(s, eq(s.id, p.schoolId))
    .where(sql`${ownRows(leadProviderId)} AND ${isChallenged}`)
    .as('ranked');
  return db
    .select({ id: ranked.id, cohortId: ranked.cohortId, schoolName: ranked.schoolName, urn: ranked.urn, reason: ranked.reason, challengedAt: ranked.challengedAt })
    .from(ranked)
    .where(lte(ranked.position, perCohort))
    .orderBy(desc(ranked.challengedAt), ranked.id);
}

export type ChallengedSchool = Awaited<ReturnType<typeof recentlyChallenged>>[number];
