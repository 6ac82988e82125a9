import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { idList } from '../../../db/id-list';
import type { Db } from '../../../db/client';
import { nullable, readModel } from '../../../db/read-model';
import { inductionProgrammes, inductionRecords, leadProviders, participantProfiles, partnerships, schoolCohorts, schools, users } from '../../../db/schema';
import { isoDate } from '../../http/time';
import { validatedProfileOf } from '../participants/latest-records';

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

const p = alias(partnerships, 'p');
const ip = alias(inductionProgrammes, 'ip');
const ir = alias(inductionRecords, 'ir');
const lr = alias(inductionRecords, 'lr');
const pp = alias(participantProfiles, 'pp');
const sc = alias(schoolCohorts, 'sc');
const s = alias(schools, 's');
const lp = alias(leadProviders, 'lp');

/**
 * A candidate user as the list and show read them (`SELECT ${candidateUserModel.selectList} FROM
 * ${users}`). The list's sort keys are part of it: `read` orders the page's rows by fields.
 */
export const candidateUserModel = readModel({
  id: users.id,
  createdAt: users.createdAt,
  apiUpdatedAt: users.apiUpdatedAt,
});
export type CandidateUserRow = Awaited<ReturnType<typeof candidateUserModel.read>>[number];

/**
 * `candidates` CTE: user ids of the participants with transfers relevant to the provider. Starts
 * from the provider's partnerships, so its cost follows the provider's records, not all users.
 * `userId` narrows it to one user (show). (Ids only, read by the callers' `IN (SELECT user_id
 * FROM candidates)`, so not a read model.)
 */
export function candidatesCte(leadProviderId: string, userId?: string): SQL {
  return sql`candidates AS (
    SELECT DISTINCT ${pp.userId} AS user_id
    FROM ${partnerships} AS ${p}
    JOIN ${inductionProgrammes} AS ${ip} ON ${ip.partnershipId} = ${p.id}
    JOIN ${inductionRecords} AS ${ir} ON ${ir.inductionProgrammeId} = ${ip.id}
    JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = ${ir.participantProfileId}
    WHERE ${p.leadProviderId} = ${leadProviderId}
      AND (${ir.schoolTransfer} = 1 OR ${ir.inductionStatus} = 'leaving')
      AND ${validatedProfileOf(pp)}
      ${userId === undefined ? sql`` : sql`AND ${pp.userId} = ${userId}`}
      AND EXISTS (
        SELECT 1 FROM ${inductionRecords} AS ${lr}
        WHERE ${lr.participantProfileId} = ${pp.id} AND ${lr.inductionStatus} = 'leaving'
      )
  )`;
}

/**
 * One induction record with where it was and under which provider. The partnership and its
 * provider are LEFT JOINed (a programme without a partnership), so their columns are read as
 * nullable expressions: the columns' own types say NOT NULL. `profileCreatedAt` is there for the
 * order (a user's training records oldest first).
 */
const placementModel = readModel({
  id: ir.id,
  userId: pp.userId,
  profileId: pp.id,
  profileCreatedAt: pp.createdAt,
  inductionStatus: ir.inductionStatus,
  schoolTransfer: ir.schoolTransfer,
  startDate: ir.startDate,
  endDate: ir.endDate,
  createdAt: ir.createdAt,
  updatedAt: ir.updatedAt,
  schoolId: s.id,
  schoolUrn: s.urn,
  leadProviderId: nullable(p.leadProviderId),
  leadProviderName: nullable(lp.name),
});
export type PlacementRow = Awaited<ReturnType<typeof placementModel.read>>[number];

/** Every induction record of the users' validated training records, oldest first per record. */
function loadPlacements(db: Db, userIds: string[]): Promise<PlacementRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return placementModel.read(db, sql`
    SELECT ${placementModel.selectList}
    FROM ${participantProfiles} AS ${pp}
    JOIN ${inductionRecords} AS ${ir} ON ${ir.participantProfileId} = ${pp.id}
    JOIN ${inductionProgrammes} AS ${ip} ON ${ip.id} = ${ir.inductionProgrammeId}
    JOIN ${schoolCohorts} AS ${sc} ON ${sc.id} = ${ip.schoolCohortId}
    JOIN ${schools} AS ${s} ON ${s.id} = ${sc.schoolId}
    LEFT JOIN ${partnerships} AS ${p} ON ${p.id} = ${ip.partnershipId}
    LEFT JOIN ${leadProviders} AS ${lp} ON ${lp.id} = ${p.leadProviderId}
    WHERE ${pp.userId} IN ${idList(userIds)}
      AND ${validatedProfileOf(pp)}
  `, ['userId', 'profileCreatedAt', 'profileId', 'createdAt', 'id']);
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
      updatedAt: new Date(entry?.updatedAt ?? u.apiUpdatedAt.getTime()),
      transfers: entry?.transfers ?? [],
    };
  });
}
