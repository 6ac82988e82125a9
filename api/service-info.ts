/**
 * How users reach us: shared by the web service, the API's pages and the guidance site, so
 * they can never disagree. Override per deployment with SUPPORT_EMAIL and FEEDBACK_URL.
 */
export const serviceInfo = {
  name: 'Lead Provider API',
  supportEmail: 'continuing-professional-development@digital.education.gov.uk',
  /** We aim to answer within this many working days. */
  supportResponseWorkingDays: 2,
  feedbackUrl: 'https://forms.office.com/e/lead-provider-api-feedback',
  /** The two environments DfE runs: the servers of our OpenAPI documents and the guidance's links. */
  productionUrl: 'https://manage-training-for-early-career-teachers.education.gov.uk',
  sandboxUrl: 'https://sb.manage-training-for-early-career-teachers.education.gov.uk',
} as const;
