export const sandboxMessages = {
  schoolNotPartnered: 'You can only register participants at a school you have a confirmed partnership with in that cohort.',
  schoolHasNoProgramme: 'That school has no programme run by you in that cohort yet.',
  typeInvalid: 'participant_type must be ect or mentor.',
  nameMissing: 'Enter a full_name.',
  emailInvalid: 'Enter an email address that is not already used.',
  eligibilityInvalid: 'eligibility must be one of eligible, ineligible, manual_check, matched, or none (not validated yet).',
  dateInvalid: (field: string) => `Enter ${field} as a date, for example 2026-01-05.`,
  schoolUnknown: 'We cannot find a school with that school_id that has a programme for the participant’s cohort.',
  mentorNotYours: 'The mentor must be a mentor you train (use their participant id).',
  sameParticipant: 'The retired and kept participant ids must be different participants.',
  statementNotOpen: (state: string) => `Only an open statement can be made payable; this one is ${state}.`,
} as const;
