import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { participantIdentities, participantProfiles, users } from '../../../db/schema';
import { courseIdentifiers, type ParticipantType } from '../../domain/training-status';
import { ErrorCollector, NotFoundError } from '../../errors/api-error';
import { resolveParticipant } from '../participants/actions/resolve-participant';
import { actionMessages } from '../participants/actions/messages';

/**
 * Who a school or DfE event is reported through. The sandbox control API acts for the caller's
 * provider: only participants that provider trains now are found (another provider's are not
 * found, exactly as in its own actions). The operator API acts for DfE and the schools, so it
 * finds any participant; the rules of each event are the same either way.
 */
export type EventScope = { leadProviderId: string } | { leadProviderId: null };

export const providerScope = (leadProviderId: string): EventScope => ({ leadProviderId });
export const operatorScope: EventScope = { leadProviderId: null };

export interface EventTarget {
  userId: string;
  profileId: string;
  type: ParticipantType;
}

type Row = Record<string, unknown>;

/** The training record an event is about: by participant id (or a retired id merged into it) and course. */
export async function findEventTarget(db: Db, scope: EventScope, id: string, course: unknown, opts: { validatedOnly?: boolean } = {}): Promise<EventTarget> {
  if (scope.leadProviderId !== null) {
    const target = await resolveParticipant(db, scope.leadProviderId, id, course, opts);
    return { userId: target.userId, profileId: target.profile.id, type: target.profile.type };
  }
  const rows = await db.all<Row>(sql`
    SELECT pp.user_id, pp.id AS profile_id, pp.type, pp.status FROM ${participantProfiles} pp
    WHERE pp.user_id IN (SELECT id FROM ${users} WHERE id = ${id} UNION SELECT user_id FROM ${participantIdentities} WHERE external_identifier = ${id})
    ORDER BY pp.created_at, pp.id`);
  if (rows.length === 0) throw new NotFoundError('participant');
  const errors = new ErrorCollector();
  const type = (Object.entries(courseIdentifiers).find(([, c]) => c === course)?.[0] ?? null) as ParticipantType | null;
  const row = type ? rows.find((r) => r.type === type) : undefined;
  if (course === undefined || course === null || course === '') errors.add('course_identifier', actionMessages.courseMissing);
  else if (!row) errors.add('course_identifier', 'This participant has no training record on that course. Check the course_identifier (ecf-induction or ecf-mentor) and the participant id.');
  if (row && row.status !== 'active') errors.add('participant_id', actionMessages.profileWithdrawnBySchool);
  errors.throwIfAny();
  return { userId: String(row!.user_id), profileId: String(row!.profile_id), type: row!.type as ParticipantType };
}
