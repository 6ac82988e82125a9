import { sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { idList } from '../../../db/id-list';
import type { Db } from '../../../db/client';
import { expression, readModel } from '../../../db/read-model';
import { inductionRecords, participantIdentities, participantProfiles, providerEnrolments, users } from '../../../db/schema';
import { latestRecordOrderOf } from '../participants/latest-records';

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

type MentorUserField = 'id' | 'fullName' | 'email' | 'trn' | 'createdAt' | 'apiUpdatedAt';

/**
 * What is read of a mentor's user, from `users` (show) or from an alias of it (the list reads
 * its page through one: list-unfunded-mentors.ts), typed as the columns given.
 */
export const mentorUserFields = <T extends Record<MentorUserField, SQLiteColumn>>(u: T): Pick<T, MentorUserField> => ({
  id: u.id,
  fullName: u.fullName,
  email: u.email,
  trn: u.trn,
  createdAt: u.createdAt,
  apiUpdatedAt: u.apiUpdatedAt,
});
export const mentorUserModel = readModel(mentorUserFields(users));
export type MentorUserRow = Awaited<ReturnType<typeof mentorUserModel.read>>[number];

const e = alias(providerEnrolments, 'e');
const own = alias(providerEnrolments, 'own');
const ir = alias(inductionRecords, 'ir');
const pp = alias(participantProfiles, 'pp');
const mp = alias(participantProfiles, 'mp');
const pi = alias(participantIdentities, 'pi');

/**
 * `unfunded` CTE: one row per unfunded mentor training record of the provider, with its user.
 * Read from provider_enrolments (which record places each ECT, kept by triggers): for the whole
 * provider it walks the provider's ECTs once; narrowed to `userIds`, it starts from those
 * mentors' training records instead (CROSS JOIN fixes that order), so one mentor costs a few
 * look-ups whatever the provider's size. (A CTE, read by its column names in the queries that
 * use it, so not a read model.)
 */
export function unfundedMentorsCte(leadProviderId: string, userIds?: string[]): SQL {
  const notTrainedByProvider = sql`NOT EXISTS (
    SELECT 1 FROM ${providerEnrolments} AS ${own}
    WHERE ${own.leadProviderId} = ${leadProviderId} AND ${own.participantProfileId} = ${mp.id} AND ${own.inductionRecordId} IS NOT NULL
  )`;
  const conditions = sql`${e.leadProviderId} = ${leadProviderId} AND ${e.validated} = 1
      AND ${pp.type} = 'ect' AND ${mp.type} = 'mentor' AND ${notTrainedByProvider}`;
  const selected = sql`${mp.id} AS profile_id, ${mp.userId} AS user_id, ${mp.createdAt} AS created_at`;
  if (userIds === undefined) {
    return sql`unfunded AS (
      SELECT DISTINCT ${selected}
      FROM ${providerEnrolments} AS ${e}
      JOIN ${inductionRecords} AS ${ir} ON ${ir.id} = ${e.inductionRecordId}
      JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = ${e.participantProfileId}
      JOIN ${participantProfiles} AS ${mp} ON ${mp.id} = ${ir.mentorProfileId}
      WHERE ${conditions}
    )`;
  }
  return sql`unfunded AS (
    SELECT DISTINCT ${selected}
    FROM ${participantProfiles} AS ${mp}
    CROSS JOIN ${inductionRecords} AS ${ir} ON ${ir.mentorProfileId} = ${mp.id}
    CROSS JOIN ${providerEnrolments} AS ${e} ON ${e.leadProviderId} = ${leadProviderId}
      AND ${e.participantProfileId} = ${ir.participantProfileId} AND ${e.inductionRecordId} = ${ir.id}
    JOIN ${participantProfiles} AS ${pp} ON ${pp.id} = ${e.participantProfileId}
    WHERE ${mp.userId} IN ${idList(userIds)} AND ${conditions}
  )`;
}

/**
 * A mentor's email from their own latest record. `mentor` is a CTE (below), so its user id is
 * read by the name the CTE gives it.
 */
const mentorEmailModel = readModel({
  userId: expression.text(sql`mentor.user_id`),
  email: pi.email,
});

/**
 * The email each mentor of a page goes by (one more query): the preferred identity of the
 * latest induction record of their training record, with any provider; else the user's email.
 * A user with more than one unfunded mentor training record is shown through the oldest.
 */
export async function toUnfundedMentorRecords(db: Db, leadProviderId: string, users: MentorUserRow[]): Promise<UnfundedMentorRecord[]> {
  const emails = new Map<string, string>();
  if (users.length > 0) {
    const rows = await mentorEmailModel.read(db, sql`
      WITH ${unfundedMentorsCte(leadProviderId, users.map((u) => u.id))},
      mentor AS (
        SELECT user_id, profile_id, row_number() OVER (PARTITION BY user_id ORDER BY created_at, profile_id) AS position
        FROM unfunded
      ),
      own_latest AS (
        SELECT ${ir.participantProfileId} AS participant_profile_id, ${ir.preferredIdentityId} AS preferred_identity_id, row_number() OVER (
          PARTITION BY ${ir.participantProfileId}
          ORDER BY ${latestRecordOrderOf(ir)}
        ) AS position
        FROM ${inductionRecords} AS ${ir}
        WHERE ${ir.participantProfileId} IN (SELECT profile_id FROM mentor WHERE position = 1)
      )
      SELECT ${mentorEmailModel.selectList}
      FROM mentor
      JOIN own_latest ON own_latest.participant_profile_id = mentor.profile_id AND own_latest.position = 1
      JOIN ${participantIdentities} AS ${pi} ON ${pi.id} = own_latest.preferred_identity_id
      WHERE mentor.position = 1
    `, ['userId']);
    for (const r of rows) emails.set(r.userId, r.email);
  }
  return users.map((u) => ({
    id: u.id,
    fullName: u.fullName,
    email: emails.get(u.id) ?? u.email,
    trn: u.trn,
    createdAt: u.createdAt,
    updatedAt: u.apiUpdatedAt,
  }));
}
