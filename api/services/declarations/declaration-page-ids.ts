import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { participantDeclarations, providerEnrolments } from '../../../db/schema';
import { d } from './declaration-queries';
import type { PagePosition } from '../paging/page-seek';

export interface DeclarationPageQuery {
  leadProviderId: string;
  /** The request's filters on a declaration aliased `d`. */
  filters: SQL;
  /** Whether another provider's declaration `d` is visible to the caller (the versions differ). */
  othersVisible: SQL;
  /** Rows after this key (the CSV file's batches), or none. */
  after?: { createdAt: Date; id: string } | null;
  position: PagePosition;
  limit: number;
}

/**
 * Ids of a page of the caller's visible declarations, oldest first (id breaks ties), for every
 * version's list and CSV file. Two disjoint sets merged in order: the provider's own
 * declarations, read in order from participant_declarations_lp_created_idx (no sort, the filters
 * checked in the index), and other providers' visible ones for the provider's participants.
 * Those can only be participants another provider has had too: provider_enrolments flags them
 * (shared), so that arm reads a few index entries, not the provider's whole history.
 */
const e = alias(providerEnrolments, 'e');

export function declarationPageIds(q: DeclarationPageQuery): SQL {
  const lp = q.leadProviderId;
  const bounds: SQL[] = [];
  if (q.after) bounds.push(sql` AND (${d.createdAt}, ${d.id}) > (${q.after.createdAt.getTime()}, ${q.after.id})`);
  if ('startAt' in q.position) bounds.push(sql` AND (${d.createdAt}, ${d.id}) >= (${q.position.startAt[0]}, ${q.position.startAt[1]})`);
  const from = sql.join(bounds, sql``);
  return sql`
    SELECT id FROM (
      SELECT ${d.id}, ${d.createdAt} FROM ${participantDeclarations} AS ${d}
      WHERE ${d.leadProviderId} = ${lp} AND ${q.filters}${from}
      UNION ALL
      SELECT ${d.id}, ${d.createdAt} FROM ${participantDeclarations} AS ${d}
      WHERE ${d.participantProfileId} IN (
          SELECT ${e.participantProfileId} FROM ${providerEnrolments} AS ${e} WHERE ${e.leadProviderId} = ${lp} AND ${e.shared} = 1
        )
        AND ${d.leadProviderId} <> ${lp} AND ${q.othersVisible} AND ${q.filters}${from}
      -- on the compound itself, so SQLite merges the two ordered arms instead of sorting them
      ORDER BY created_at, id
      LIMIT ${q.limit} OFFSET ${'offset' in q.position ? q.position.offset : 0}
    )`;
}
