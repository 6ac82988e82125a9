import type { Client } from '@libsql/client';

import type { InStatement } from '@libsql/client';
import { connectLibsql } from '../../db/libsql';
import type { RequestContext } from '../../api/context';
import { listParticipants } from '../../api/services/participants/list-participants';
import { listDeclarations } from '../../api/services/declarations/list-declarations';

// The raw-SQL floor of a page: the very statements the API sends to read it (finding the page,
// then its rows), replayed in-process through the same driver with the same settings — no HTTP,
// no authentication, no validation, no mapping, no JSON. The statements are recorded by running
// the API's own list service once on a recording connection, so the floor cannot drift from what
// the API does; what the API adds on top is the application itself.

export interface PageQuery {
  list: 'participants' | 'declarations';
  leadProviderId: string;
  perPage: number;
  page: number;
  updatedSince: Date | null;
}

/** The statements the list service sends for `q`, in order. */
export async function recordPageStatements(databaseUrl: string, q: PageQuery): Promise<InStatement[]> {
  const { db, client } = connectLibsql(databaseUrl);
  const recorded: InStatement[] = [];
  const execute = client.execute.bind(client);
  (client as { execute: typeof client.execute }).execute = ((stmt: InStatement) => {
    recorded.push(stmt);
    return execute(stmt);
  }) as typeof client.execute;
  try {
    const ctx = { db, now: new Date(), leadProvider: { id: q.leadProviderId, name: '' } } as RequestContext;
    const page = { page: q.page, perPage: q.perPage, offset: (q.page - 1) * q.perPage };
    if (q.list === 'participants') {
      await listParticipants(ctx, { cohortYears: null, trainingStatus: null, updatedSince: q.updatedSince, fromParticipantId: null, sort: undefined, page });
    } else {
      await listDeclarations(ctx, { cohortYears: null, participantIds: null, deliveryPartnerIds: null, updatedSince: q.updatedSince, page });
    }
  } finally {
    client.close();
  }
  if (recorded.length === 0) throw new Error('The list service sent no statement through client.execute');
  return recorded;
}

/** Replays recorded statements one after the other, as the API does; returns the rows read. */
export async function replay(client: Client, statements: InStatement[]): Promise<number> {
  let rows = 0;
  for (const stmt of statements) rows += (await client.execute(stmt)).rows.length;
  return rows;
}

/**
 * How many rows each list holds for the provider (filter[updated_since] optional), by raw SQL:
 * used only to find the last page when a full sync was cut short (--sync-limit).
 */
export async function countRows(client: Client, leadProviderId: string, list: 'participants' | 'declarations', since: number | null): Promise<number> {
  if (list === 'participants') {
    const { rows } = await client.execute({
      // the list's default filters, on the table the list reads (db/derived/provider-enrolments.ts)
      sql: `SELECT count(DISTINCT user_id) AS n FROM provider_enrolments
        WHERE lead_provider_id = :lp AND validated = 1 AND induction_record_id IS NOT NULL AND cohort_start_year > 2020
          AND (:since IS NULL OR user_api_updated_at >= :since)`,
      args: { lp: leadProviderId, since },
    });
    return Number(rows[0]!.n);
  }
  const { rows } = await client.execute({
    sql: `SELECT count(*) AS n FROM participant_declarations d WHERE (:since IS NULL OR d.updated_at >= :since) AND (
      d.lead_provider_id = :lp OR (d.state IN ('submitted', 'eligible', 'payable', 'paid') AND EXISTS (
        SELECT 1 FROM induction_records ir JOIN induction_programmes ip ON ip.id = ir.induction_programme_id JOIN partnerships p ON p.id = ip.partnership_id
        WHERE ir.participant_profile_id = d.participant_profile_id AND p.lead_provider_id = :lp
          AND (ir.induction_status IN ('active', 'completed') OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR d.declaration_date <= ir.end_date))))))`,
    args: { lp: leadProviderId, since },
  });
  return Number(rows[0]!.n);
}
