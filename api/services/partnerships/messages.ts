// What we tell a provider when a partnership cannot be confirmed or changed. The title of each
// error is the attribute at fault; these are the details. The web service words the same rules
// for people (api/web/report-schools/messages.ts).

export const partnershipMessages = {
  cohortMissing: 'Enter the start year of the cohort, for example "2025".',
  cohortUnknown: 'There is no cohort starting in that year. Enter the start year of a cohort, for example "2025".',
  schoolMissing: 'Enter the school_id of the school you have agreed to work with.',
  schoolUnknown: 'We cannot find a school with that school_id. Look up school ids with GET /api/v3/schools/ecf, or contact DfE if the school is missing.',
  schoolCipOnly: 'This school has not registered for DfE-funded training: schools of its type can only run school-led training. Contact the school.',
  schoolIneligible: 'This school is not eligible for DfE-funded training at the moment, for example because it is closed or outside England. Contact the school.',
  alreadyYours: 'You already have a confirmed partnership with this school for this cohort.',
  anotherProvider: 'Another provider already has a confirmed partnership with this school for this cohort. Contact the school.',
  notContinued: 'This school worked with a provider in the previous cohort and has not yet told DfE how it will train early career teachers in this cohort. Ask the school to confirm its plans with DfE, then try again.',
  deliveryPartnerMissing: 'Enter the delivery_partner_id of the delivery partner who will work with this school.',
  deliveryPartnerUnknown: 'We cannot find a delivery partner with that delivery_partner_id. Look up your delivery partners with GET /api/v3/delivery-partners.',
  deliveryPartnerNotYours: 'DfE has not recorded this delivery partner as working with you in this cohort. Choose one of your delivery partners for the cohort, or contact DfE if this is wrong.',
  challenged: 'The school has challenged this partnership, so it cannot be changed. If the school does want to work with you, confirm a new partnership with POST /api/v3/partnerships/ecf.',
  relationshipExists: 'You already work with this delivery partner at this school in this cohort, through a partnership DfE set up for a participant who moved school. Contact DfE for help.',
} as const;

export const challengeReasons = ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake'] as const;
export type ChallengeReason = (typeof challengeReasons)[number];
