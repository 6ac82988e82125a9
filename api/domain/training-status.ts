/** Training status is the provider's own: set by defer, resume and withdraw. */
export const trainingStatuses = ['active', 'deferred', 'withdrawn'] as const;
export type TrainingStatus = (typeof trainingStatuses)[number];

export const deferralReasons = ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other'] as const;

/** With the 2025 programme naming, `switched-to-school-led` replaces `school-left-fip`. */
export const withdrawalReasons = ['left-teaching-profession', 'moved-school', 'mentor-no-longer-being-mentor', 'switched-to-school-led', 'other'] as const;

/** Older stored withdrawal reasons are shown in today's words. */
export function displayWithdrawalReason(reason: string | null): string | null {
  return reason === 'school-left-fip' ? 'switched-to-school-led' : reason;
}

export const courseIdentifiers = { ect: 'ecf-induction', mentor: 'ecf-mentor' } as const;
export type ParticipantType = keyof typeof courseIdentifiers;
/** Course identifiers as stored on declarations (one per participant type). */
export const courseIdentifierValues = [courseIdentifiers.ect, courseIdentifiers.mentor] as const;

export type CourseIdentifier = (typeof courseIdentifierValues)[number];
export const isCourseIdentifier = (value: string): value is CourseIdentifier => (courseIdentifierValues as readonly string[]).includes(value);

export const participantTypes = ['ect', 'mentor'] as const satisfies readonly ParticipantType[];
