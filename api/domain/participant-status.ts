/**
 * The school's view of a participant, from their latest induction record at a given moment:
 * joining (starts later), active, leaving (an end date ahead), left (an end date passed) or
 * withdrawn (the school withdrew them, or the record was superseded).
 */
export type ParticipantStatus = 'joining' | 'active' | 'leaving' | 'left' | 'withdrawn';

export interface InductionRecordTimes {
  inductionStatus: string;
  startDate: Date;
  endDate: Date | null;
}

export function participantStatus(record: InductionRecordTimes, now: Date): ParticipantStatus | null {
  if (record.endDate) return record.endDate > now ? 'leaving' : 'left';
  if (record.startDate > now) return 'joining';
  switch (record.inductionStatus) {
    case 'active':
    case 'completed':
      return 'active';
    case 'withdrawn':
    case 'changed':
      return 'withdrawn';
    default:
      return null;
  }
}
