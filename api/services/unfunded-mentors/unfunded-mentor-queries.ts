import { sql, type SQL } from 'drizzle-orm';
import { idList } from '../../../db/id-list';
import type { Db } from '../../../db/client';
import { inductionRecords, participantIdentities, participantProfiles, providerEnrolments, users } from '../../../db/schema';
import { latestRecordOrder } from '../participants/latest-records';

// Unfunded mentors of a provider: mentors assigned to the provider's early career teachers who
// the provider does not train itself (another provider does, or nobody). The ECT is one the
// provider sees (validated, latest record under one of its unchallenged partnerships) and the
// mentor is the one on that latest record; the mentor's training record has no latest record
// under the provider's unchallenged partnerships.

export interface UnfundedMentorRecord {
  id: string;
  fullName: string;
  email: string;
  trn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MentorUserRow {
  id: string;
  full_name: string;
  email: string;
  trn: string | null;
  created_at: number;
  api_updated_at: number;
}

/**
 * `unfunded` CTE: one row per unfunded mentor training record of the provider, with its user.
 * Read from provider_enrolments (which record places each ECT, kept by triggers): for the whole
 * provider it walks the provider's ECTs once; narrowed to `userIds`, it starts from those
 * mentors' training records instead (CROSS JOIN fixes that order), so one mentor costs a few
 * look-ups whatever the provider's size.
 */
export function unfundedMentorsCte(leadProviderId: string, userIds?: string[]): SQL {
  const notTrainedByProvider = sql`NOT EXISTS (
    SELECT 1 FROM ${providerEnrolments} own
    WHERE own.lead_provider_id = ${leadProviderId} AND own.participant_profile_id = mp.id AND own.induction_record_id IS NOT NULL
  )`;
  const conditions = sql`e.lead_provider_id = ${leadProviderId} AND e.validated = 1
      AND pp.type = 'ect' AND mp.type = 'mentor' AND ${notTrainedByProvider}`;
  if (userIds === undefined) {
    return sql`unfunded AS (
      SELECT DISTINCT mp.id AS profile_id, mp.user_id, mp.created_at
      FROM ${providerEnrolments} e
      JOIN ${inductionRecords} ir ON ir.id = e.induction_record_id
      JOIN ${participantProfiles} pp ON pp.id = e.participant_profile_id
      JOIN ${participantProfiles} mp ON mp.id = ir.mentor_profile_id
      WHERE ${conditions}
    )`;
  }
  return sql`unfunded AS (
    SELECT DISTINCT mp.id AS profile_id, mp.user_id, mp.created_at
    FROM ${participantProfiles} mp
    CROSS JOIN ${inductionRecords} ir ON ir.mentor_profile_id = mp.id
    CROSS JOIN ${providerEnrolments} e ON e.lead_provider_id = ${leadProviderId}
      AND e.participant_profile_id = ir.participant_profile_id AND e.induction_record_id = ir.id
    JOIN ${participantProfiles} pp ON pp.id = e.participant_profile_id
    WHERE mp.user_id IN ${idList(userIds)} AND ${conditions}
  )`;
}

export const mentorUserColumns = sql`${users.id}, ${users.fullName}, ${users.email}, ${users.trn}, ${users.createdAt}, ${users.apiUpdatedAt}`;

type Row = Record<string, unknown>;

/**
 * The email each mentor of a page goes by (one more query): the preferred identity of the
 * latest induction record of their training record, with any provider; else the user's email.
 * A user with more than one unfunded mentor training record is shown through the oldest.
 */
export async function toUnfundedMentorRecords(db: Db, leadProviderId: string, users: MentorUserRow[]): Promise<UnfundedMentorRecord[]> {
  const emails = new Map<string, string>();
  if (users.length > 0) {
    const rows = await db.all<Row>(sql`
      WITH ${unfundedMentorsCte(leadProviderId, users.map((u) => u.id))},
      mentor AS (
        SELECT user_id, profile_id, row_number() OVER (PARTITION BY user_id ORDER BY created_at, profile_id) AS position
        FROM unfunded
      ),
      own_latest AS (
        SELECT ir.participant_profile_id, ir.preferred_identity_id, row_number() OVER (
          PARTITION BY ir.participant_profile_id
          ORDER BY ${latestRecordOrder('ir')}
        ) AS position
        FROM ${inductionRecords} ir
        WHERE ir.participant_profile_id IN (SELECT profile_id FROM mentor WHERE position = 1)
      )
      SELECT mentor.user_id, pi.email
      FROM mentor
      JOIN own_latest ON own_latest.participant_profile_id = mentor.profile_id AND own_latest.position = 1
      JOIN ${participantIdentities} pi ON pi.id = own_latest.preferred_identity_id
      WHERE mentor.position = 1
    `);
    for (const r of rows) emails.set(String(r.user_id), String(r.email));
  }
  return users.map((u) => ({
    id: u.id,
    fullName: u.full_name,
    email: emails.get(u.id) ?? u.email,
    trn: u.trn ?? null,
    createdAt: new Date(Number(u.created_at)),
    updatedAt: new Date(Number(u.api_updated_at)),
  }));
}
