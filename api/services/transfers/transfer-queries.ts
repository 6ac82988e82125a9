import { sql, type SQL } from 'drizzle-orm';
import { idList } from '../../../db/id-list';
import type { Db } from '../../../db/client';
import { inductionProgrammes, inductionRecords, leadProviders, participantProfiles, partnerships, schoolCohorts, schools } from '../../../db/schema';
import { isoDate } from '../../http/time';
import { validatedProfile } from '../participants/latest-records';

// Transfers of a participant between schools, as a provider sees them. A participant is a
// candidate when one of their validated training records has an induction record under one of the
// provider's partnerships that is marked as a school transfer or as leaving, and that training
// record has at least one leaving record (with any provider). Their transfers are then built from
// the whole history of each training record, in a fixed number of queries for a page of users:
// page user ids travel as one JSON parameter (D1 allows only 100 bound parameters).

export type TransferType = 'new_provider' | 'new_school' | 'unknown';
export type TransferStatus = 'complete' | 'incomplete';

export interface TransferSide<D extends string | null = string | null> {
  schoolUrn: string;
  /** Name of the lead provider of the record's partnership; null for a programme without one. */
  provider: string | null;
  /** Leaving: the record's end date (null when the school gave none); joining: its start date. YYYY-MM-DD. */
  date: D;
}

export interface TransferRecord {
  profileId: string;
  type: TransferType;
  status: TransferStatus;
  createdAt: Date;
  leaving: TransferSide;
  joining: TransferSide<string> | null;
}

export interface ParticipantTransfersRecord {
  id: string;
  updatedAt: Date;
  transfers: TransferRecord[];
}

export interface CandidateUserRow {
  id: string;
  api_updated_at: number;
}

/**
 * `candidates` CTE: user ids of the participants with transfers relevant to the provider. Starts
 * from the provider's partnerships, so its cost follows the provider's records, not all users.
 * `userId` narrows it to one user (show).
 */
export function candidatesCte(leadProviderId: string, userId?: string): SQL {
  return sql`candidates AS (
    SELECT DISTINCT pp.user_id
    FROM ${partnerships} p
    JOIN ${inductionProgrammes} ip ON ip.partnership_id = p.id
    JOIN ${inductionRecords} ir ON ir.induction_programme_id = ip.id
    JOIN ${participantProfiles} pp ON pp.id = ir.participant_profile_id
    WHERE p.lead_provider_id = ${leadProviderId}
      AND (ir.school_transfer = 1 OR ir.induction_status = 'leaving')
      AND ${validatedProfile}
      ${userId === undefined ? sql`` : sql`AND pp.user_id = ${userId}`}
      AND EXISTS (
        SELECT 1 FROM ${inductionRecords} lr
        WHERE lr.participant_profile_id = pp.id AND lr.induction_status = 'leaving'
      )
  )`;
}

/** One induction record with where it was and under which provider. */
export interface PlacementRow {
  id: string;
  userId: string;
  profileId: string;
  inductionStatus: string;
  schoolTransfer: boolean;
  startDate: Date;
  endDate: Date | null;
  createdAt: Date;
  updatedAt: Date;
  schoolId: string;
  schoolUrn: string;
  leadProviderId: string | null;
  leadProviderName: string | null;
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)));

/** Every induction record of the users' validated training records, oldest first per record. */
async function loadPlacements(db: Db, userIds: string[]): Promise<PlacementRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db.all<Row>(sql`
    SELECT
      ir.id, pp.user_id, pp.id AS profile_id, ir.induction_status, ir.school_transfer,
      ir.start_date, ir.end_date, ir.created_at, ir.updated_at,
      s.id AS school_id, s.urn AS school_urn, p.lead_provider_id, lp.name AS lead_provider_name
    FROM ${participantProfiles} pp
    JOIN ${inductionRecords} ir ON ir.participant_profile_id = pp.id
    JOIN ${inductionProgrammes} ip ON ip.id = ir.induction_programme_id
    JOIN ${schoolCohorts} sc ON sc.id = ip.school_cohort_id
    JOIN ${schools} s ON s.id = sc.school_id
    LEFT JOIN ${partnerships} p ON p.id = ip.partnership_id
    LEFT JOIN ${leadProviders} lp ON lp.id = p.lead_provider_id
    WHERE pp.user_id IN ${idList(userIds)}
      AND ${validatedProfile}
    ORDER BY pp.user_id, pp.created_at, pp.id, ir.created_at, ir.id
  `);
  return rows.map((r) => ({
    id: String(r.id),
    userId: String(r.user_id),
    profileId: String(r.profile_id),
    inductionStatus: String(r.induction_status),
    schoolTransfer: Boolean(r.school_transfer),
    startDate: date(r.start_date)!,
    endDate: date(r.end_date),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
    schoolId: String(r.school_id),
    schoolUrn: String(r.school_urn),
    leadProviderId: (r.lead_provider_id as string | null) ?? null,
    leadProviderName: (r.lead_provider_name as string | null) ?? null,
  }));
}

/**
 * Pairs the leaving records of one training record (oldest first) with the records where the
 * participant joined a new school. For each leaving record, the joining record is the first record
 * (oldest first, earlier ones included) not already part of a pair, that is not itself leaving, is
 * at another school and is marked as a school transfer. A pair is the provider's business when
 * either side is under one of its partnerships; a leaving record nobody joined from, when the
 * leaving side is. Returns the pairs with the records they use.
 */
export function pairTransfers(records: PlacementRow[], leadProviderId: string, now: Date): { transfer: TransferRecord; records: PlacementRow[] }[] {
  const used = new Set<string>();
  const out: { transfer: TransferRecord; records: PlacementRow[] }[] = [];
  for (const leaving of records) {
    if (leaving.inductionStatus !== 'leaving' || used.has(leaving.id)) continue;
    const joining = records.find((r) => !used.has(r.id) && r.id !== leaving.id && r.inductionStatus !== 'leaving' && r.schoolId !== leaving.schoolId && r.schoolTransfer) ?? null;
    used.add(leaving.id);
    if (joining) used.add(joining.id);
    const ours = leaving.leadProviderId === leadProviderId || joining?.leadProviderId === leadProviderId;
    if (!ours) continue;
    out.push({ transfer: toTransfer(leaving, joining, now), records: joining ? [leaving, joining] : [leaving] });
  }
  return out;
}

function toTransfer(leaving: PlacementRow, joining: PlacementRow | null, now: Date): TransferRecord {
  let type: TransferType = 'unknown';
  if (joining) {
    const providers = [leaving.leadProviderId, joining.leadProviderId];
    type = providers.every(Boolean) && providers[0] !== providers[1] ? 'new_provider' : 'new_school';
  }
  // Complete once the later of the leaving and joining dates is today or past (UTC dates).
  const dates = [leaving.endDate, joining?.startDate].filter((d): d is Date => d instanceof Date).map(isoDate);
  const last = dates.sort().at(-1);
  return {
    profileId: leaving.profileId,
    type,
    status: last !== undefined && last > isoDate(now) ? 'incomplete' : 'complete',
    createdAt: leaving.createdAt,
    leaving: { schoolUrn: leaving.schoolUrn, provider: leaving.leadProviderName, date: leaving.endDate ? isoDate(leaving.endDate) : null },
    joining: joining ? { schoolUrn: joining.schoolUrn, provider: joining.leadProviderName, date: isoDate(joining.startDate) } : null,
  };
}

/**
 * The transfers of a page of candidate users (one more query). `updated_at` is the latest change
 * to the records the transfers are made of; a user without transfers falls back to their own.
 */
export async function toParticipantTransfers(db: Db, leadProviderId: string, now: Date, users: CandidateUserRow[]): Promise<ParticipantTransfersRecord[]> {
  const placements = await loadPlacements(db, users.map((u) => u.id));
  const byProfile = new Map<string, PlacementRow[]>();
  for (const p of placements) {
    const list = byProfile.get(p.profileId) ?? [];
    list.push(p);
    byProfile.set(p.profileId, list);
  }
  const byUser = new Map<string, { transfers: TransferRecord[]; updatedAt: number | null }>();
  // Map iteration follows insertion order: users' training records oldest first.
  for (const records of byProfile.values()) {
    const userId = records[0]!.userId;
    const entry = byUser.get(userId) ?? { transfers: [], updatedAt: null };
    for (const pair of pairTransfers(records, leadProviderId, now)) {
      entry.transfers.push(pair.transfer);
      for (const r of pair.records) entry.updatedAt = Math.max(entry.updatedAt ?? 0, r.updatedAt.getTime());
    }
    byUser.set(userId, entry);
  }
  return users.map((u) => {
    const entry = byUser.get(u.id);
    return {
      id: u.id,
      updatedAt: new Date(entry?.updatedAt ?? Number(u.api_updated_at)),
      transfers: entry?.transfers ?? [],
    };
  });
}
