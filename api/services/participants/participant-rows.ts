import { sql, type SQL } from 'drizzle-orm';
import { providerEnrolments, users } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { NotFoundError } from '../../errors/api-error';
import type { Page } from '../../http/pagination';
import { readPage, type PagePosition } from '../paging/page-seek';
import { loadEnrolments, type EnrolmentRecord } from './participant-record';

// The v1/v2 participant read model: one flat row per training record (profile) the provider
// sees, not one participant per user (V1-V2.md §2.1). A user who is both an ECT and a mentor
// with the provider is two rows with the same user id. Which records are visible, and their
// fields, are the v3 ones (provider_enrolments, loadEnrolments): only the shape differs.

export interface ParticipantRowFilters {
  /** Schedule cohorts; null → the default, cohorts after 2020 (decision 1: the current record's cohort). */
  cohortYears: number[] | null;
  /** Users changed at or after this time (inclusive, as the reference's participant lists were). */
  updatedSince: Date | null;
}

export interface ParticipantRow {
  userId: string;
  fullName: string;
  trn: string | null;
  /** The user's API-facing updated_at (decision 3), as v3 shows it. */
  updatedAt: Date;
  enrolment: EnrolmentRecord;
}

/** Where a keyset page starts: the order's key of the last row already sent. */
export interface RowKey {
  orderValue: number;
  userId: string;
  profileId: string;
}

const inList = (column: SQL, values: readonly number[]) =>
  values.length ? sql`${column} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`0 = 1`;

function conditions(leadProviderId: string, filters: ParticipantRowFilters, defaultCohorts: boolean): SQL {
  const where = [sql`e.lead_provider_id = ${leadProviderId}`, sql`e.validated = 1`, sql`e.induction_record_id IS NOT NULL`];
  if (filters.cohortYears !== null) where.push(inList(sql`e.cohort_start_year`, filters.cohortYears));
  else if (defaultCohorts) where.push(sql`e.cohort_start_year > 2020`);
  if (filters.updatedSince) where.push(sql`e.user_api_updated_at >= ${filters.updatedSince.getTime()}`);
  return sql.join(where, sql` AND `);
}

/**
 * Oldest user first; with `updated_since`, least recently changed first (as the reference
 * ordered); the user id and then the training record id break ties, so pages never repeat or
 * skip a row (decision 3).
 */
const orderColumn = (filters: ParticipantRowFilters) => sql.raw(filters.updatedSince ? 'e.user_api_updated_at' : 'e.user_created_at');

type KeyRow = { order_value: number; user_id: string; profile_id: string; full_name: string; trn: string | null; api_updated_at: number };

/** The rows for the chosen keys, completed with their enrolment (one more query). */
async function completeRows(ctx: Pick<RequestContext, 'db' | 'leadProvider'>, keys: KeyRow[]): Promise<(ParticipantRow & { key: RowKey })[]> {
  const enrolments = await loadEnrolments(ctx.db, ctx.leadProvider.id, [...new Set(keys.map((k) => k.user_id))]);
  const byProfile = new Map<string, EnrolmentRecord>();
  for (const list of enrolments.values()) for (const e of list) byProfile.set(e.profileId, e);
  const rows: (ParticipantRow & { key: RowKey })[] = [];
  for (const k of keys) {
    const enrolment = byProfile.get(k.profile_id);
    if (!enrolment) continue;
    rows.push({
      userId: k.user_id, fullName: k.full_name, trn: k.trn, updatedAt: new Date(Number(k.api_updated_at)), enrolment,
      key: { orderValue: Number(k.order_value), userId: k.user_id, profileId: k.profile_id },
    });
  }
  return rows;
}

async function selectKeys(ctx: Pick<RequestContext, 'db' | 'leadProvider'>, filters: ParticipantRowFilters, after: RowKey | null, limit: number, position: PagePosition) {
  const order = orderColumn(filters);
  const bounds: SQL[] = [];
  if (after) bounds.push(sql`AND (${order}, e.user_id, e.participant_profile_id) > (${after.orderValue}, ${after.userId}, ${after.profileId})`);
  if ('startAt' in position) bounds.push(sql`AND (${order}, e.user_id, e.participant_profile_id) >= (${sql.join(position.startAt.map((v) => sql`${v}`), sql`, `)})`);
  const from = sql.join(bounds, sql` `);
  const offset = 'offset' in position ? position.offset : 0;
  return ctx.db.all<KeyRow>(sql`
    SELECT page.order_value, page.user_id, page.profile_id, u.full_name, u.trn, u.api_updated_at FROM (
      SELECT ${order} AS order_value, e.user_id, e.participant_profile_id AS profile_id FROM ${providerEnrolments} e
      WHERE ${conditions(ctx.leadProvider.id, filters, true)} ${from}
      ORDER BY ${order}, e.user_id, e.participant_profile_id
      LIMIT ${limit} OFFSET ${offset}
    ) AS page
    JOIN ${users} u ON u.id = page.user_id
    ORDER BY page.order_value, page.user_id, page.profile_id`);
}

/** A page of rows: two queries whatever the page size; deep pages seek (api/services/paging/page-seek.ts). */
export async function listParticipantRows(ctx: RequestContext, filters: ParticipantRowFilters, page: Page): Promise<ParticipantRow[]> {
  const scope = JSON.stringify(['participant-rows', ctx.leadProvider.id, filters.cohortYears, filters.updatedSince?.getTime() ?? null, page.perPage]);
  const keys = await readPage(ctx.db, scope, page, (position, limit) => selectKeys(ctx, filters, null, limit, position),
    (k) => [Number(k.order_value), k.user_id, k.profile_id]);
  return completeRows(ctx, keys);
}

/** The batch after `after` (keyset, so a late batch costs what the first does): for the CSV file. */
export async function participantRowsAfter(ctx: RequestContext, filters: ParticipantRowFilters, after: RowKey | null, size: number) {
  return completeRows(ctx, await selectKeys(ctx, filters, after, size, { offset: 0 }));
}

/**
 * One participant's row, honouring the list filters (as the reference's show did); a user with
 * two visible training records shows the ECT one. A retired (merged) id is not found here.
 */
export async function getParticipantRow(ctx: RequestContext, userId: string, filters: ParticipantRowFilters): Promise<ParticipantRow> {
  const keys = await ctx.db.all<KeyRow>(sql`
    SELECT 0 AS order_value, e.user_id, e.participant_profile_id AS profile_id, u.full_name, u.trn, u.api_updated_at
    FROM ${providerEnrolments} e INDEXED BY provider_enrolments_user_idx
    JOIN ${users} u ON u.id = e.user_id
    WHERE e.user_id = ${userId} AND ${conditions(ctx.leadProvider.id, filters, false)}`);
  const rows = await completeRows(ctx, keys);
  const row = rows.find((r) => r.enrolment.type === 'ect') ?? rows[0];
  if (!row) throw new NotFoundError('participant');
  return row;
}

/** The row of the training record an action touched (the course's), from the participant the action returned. */
export function actedOnRow(participant: { id: string; fullName: string; trn: string | null; updatedAt: Date; enrolments: EnrolmentRecord[] }, course: unknown): ParticipantRow {
  const type = course === 'ecf-mentor' ? 'mentor' : 'ect';
  const enrolment = participant.enrolments.find((e) => e.type === type) ?? participant.enrolments[0];
  if (!enrolment) throw new NotFoundError('participant');
  return { userId: participant.id, fullName: participant.fullName, trn: participant.trn, updatedAt: participant.updatedAt, enrolment };
}
