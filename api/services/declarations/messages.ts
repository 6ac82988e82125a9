// What providers are told when a declaration is refused. Titles are the attribute at fault.
export const declarationMessages = {
  participantNotRecognised: 'We do not recognise this participant_id as someone you train on this course. Check the participant id and course_identifier.',
  withdrawnBefore: (date: string) => `This participant withdrew from training with you on ${date}. Declarations must be dated on or before the withdrawal.`,
  dateMissing: 'Enter a declaration_date.',
  typeMissing: 'Enter a declaration_type.',
  dateInFuture: 'The declaration_date cannot be in the future. Check the date and try again.',
  dateFormat: 'Enter the declaration_date in RFC 3339 format, for example 2025-10-15T10:30:00Z.',
  beforeMilestone: 'The declaration_date is before this milestone starts. Check the participant’s schedule and milestone dates.',
  afterMilestone: 'The declaration_date is after this milestone ends. Check the participant’s schedule and milestone dates.',
  contractEnded: (year: number) => `You cannot submit or void declarations for the ${year} cohort: its funding contract has ended. Contact DfE if you need to discuss this.`,
  typeNotInSchedule: 'The participant’s schedule has no milestone for this declaration_type. Check their schedule, or change it first.',
  slotTaken: 'A declaration for this event has already been submitted, and will be or has been paid. Void it first if it is wrong.',
  mentorFundingTypes: 'Mentors who started training from the 2025 cohort are paid only for started and completed declarations. Send started or completed instead.',
  courseNotRecognised: 'This participant is not training on that course. Check the course_identifier (ecf-induction or ecf-mentor).',
  npqNotSupported: 'National professional qualifications (NPQ) are no longer handled by this API.',
  evidenceMissing: 'Enter the evidence_held for this declaration.',
  evidenceInvalid: (allowed: readonly string[]) => allowed.length
    ? `The evidence_held must be one of: ${allowed.join(', ')}.`
    : 'No evidence_held is accepted for this declaration type.',
  // voiding
  alreadyVoided: 'This declaration has already been voided.',
  clawedBack: 'This declaration has been clawed back (or is waiting to be), so it can only be viewed.',
  refundPending: 'This declaration is already being clawed back.',
} as const;
