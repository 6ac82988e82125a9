import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { expression, readModel, type ModelRow } from '../../../db/read-model';
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

const e = alias(providerEnrolments, 'e');
/**
 * The page subquery's rows: it selects `e`'s columns under their own names, so an alias of
 * provider_enrolments reads them (`${page.userId}` is `"page"."user_id"`).
 */
const page = alias(providerEnrolments, 'page');
const u = alias(users, 'u');

const inList = (column: SQL, values: readonly number[]) =>
  values.length ? sql`${column} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`0 = 1`;

function conditions(leadProviderId: string, filters: ParticipantRowFilters, defaultCohorts: boolean): SQL {
  const where = [sql`${e.leadProviderId} = ${leadProviderId}`, sql`${e.validated} = 1`, sql`${e.inductionRecordId} IS NOT NULL`];
  if (filters.cohortYears !== null) where.push(inList(sql`${e.cohortStartYear}`, filters.cohortYears));
  else if (defaultCohorts) where.push(sql`${e.cohortStartYear} > 2020`);
  if (filters.updatedSince) where.push(sql`${e.userApiUpdatedAt} >= ${filters.updatedSince.getTime()}`);
  return sql.join(where, sql` AND `);
}

/**
 * Oldest user first; with `updated_since`, least recently changed first (as the reference
 * ordered); the user id and then the training record id break ties, so pages never repeat or
 * skip a row (decision 3). `enrolments` is `e`, or `page` outside the page subquery.
 */
const orderColumn = (filters: ParticipantRowFilters, enrolments: typeof e | typeof page) =>
  filters.updatedSince ? enrolments.userApiUpdatedAt : enrolments.userCreatedAt;

/** A row's key and user: `orderValue` is the order column's value (milliseconds), for keyset pages. */
const keyModel = (orderValue: SQL, enrolments: typeof e | typeof page) => readModel({
  orderValue: expression.number(orderValue),
  userId: enrolments.userId,
  profileId: enrolments.participantProfileId,
  fullName: u.fullName,
  trn: u.trn,
  updatedAt: u.apiUpdatedAt,
});
type KeyRow = ModelRow<ReturnType<typeof keyModel>>;

/** The rows for the chosen keys, completed with their enrolment (one more query). */
async function completeRows(ctx: Pick<RequestContext, 'db' | 'leadProvider'>, keys: KeyRow[]): Promise<(ParticipantRow & { key: RowKey })[]> {
  const enrolments = await loadEnrolments(ctx.db, ctx.leadProvider.id, [...new Set(keys.map((k) => k.userId))]);
  const byProfile = new Map<string, EnrolmentRecord>();
  for (const list of enrolments.values()) for (const record of list) byProfile.set(record.profileId, record);
  const rows: (ParticipantRow & { key: RowKey })[] = [];
  for (const k of keys) {
    const enrolment = byProfile.get(k.profileId);
    if (!enrolment) continue;
    rows.push({
      userId: k.userId, fullName: k.fullName, trn: k.trn, updatedAt: k.updatedAt, enrolment,
      key: { orderValue: k.orderValue, userId: k.userId, profileId: k.profileId },
    });
  }
  return rows;
}

async function selectKeys(ctx: Pick<RequestContext, 'db' | 'leadProvider'>, filters: ParticipantRowFilters, after: RowKey | null, limit: number, position: PagePosition) {
  const order = orderColumn(filters, e);
  const bounds: SQL[] = [];
  if (after) bounds.push(sql`AND (${order}, ${e.userId}, ${e.participantProfileId}) > (${after.orderValue}, ${after.userId}, ${after.profileId})`);
  if ('startAt' in position) bounds.push(sql`AND (${order}, ${e.userId}, ${e.participantProfileId}) >= (${sql.join(position.startAt.map((v) => sql`${v}`), sql`, `)})`);
  const from = sql.join(bounds, sql` `);
  const offset = 'offset' in position ? position.offset : 0;
  const model = keyModel(sql`${orderColumn(filters, page)}`, page);
  return model.read(ctx.db, sql`
    SELECT ${model.selectList} FROM (
      SELECT ${order}, ${e.userId}, ${e.participantProfileId} FROM ${providerEnrolments} AS ${e}
      WHERE ${conditions(ctx.leadProvider.id, filters, true)} ${from}
      ORDER BY ${order}, ${e.userId}, ${e.participantProfileId}
      LIMIT ${limit} OFFSET ${offset}
    ) AS ${page}
    JOIN ${users} AS ${u} ON ${u.id} = ${page.userId}`, ['orderValue', 'userId', 'profileId']);
}

/** A page of rows: two queries whatever the page size; deep pages seek (api/services/paging/page-seek.ts). */
export async function listParticipantRows(ctx: RequestContext, filters: ParticipantRowFilters, page: Page): Promise<ParticipantRow[]> {
  const scope = JSON.stringify(['participant-rows', ctx.leadProvider.id, filters.cohortYears, filters.updatedSince?.getTime() ?? null, page.perPage]);
  const keys = await readPage(ctx.db, scope, page, (position, limit) => selectKeys(ctx, filters, null, limit, position),
    (k) => [k.orderValue, k.userId, k.profileId]);
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
  // the order value is not needed for one participant (no page follows)
  const model = keyModel(sql`0`, e);
  const keys = await model.read(ctx.db, sql`
    SELECT ${model.selectList}
    FROM ${providerEnrolments} AS ${e} INDEXED BY provider_enrolments_user_idx
    JOIN ${users} AS ${u} ON ${u.id} = ${e.userId}
    WHERE ${e.userId} = ${userId} AND ${conditions(ctx.leadProvider.id, filters, false)}`, []);
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
