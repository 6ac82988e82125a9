import { serviceInfo } from '../../api/service-info';

// Facts the guidance repeats on many pages, in one place. The support contact and feedback link
// come from api/service-info.ts, which the app and the web service share; a deployment that
// overrides them with SUPPORT_EMAIL / FEEDBACK_URL should build the docs with the same values.

const env = (name: string) => (typeof process !== 'undefined' ? process.env[name] : undefined) || undefined;

export const site = {
  name: serviceInfo.name,
  supportEmail: env('SUPPORT_EMAIL') ?? serviceInfo.supportEmail,
  supportResponseWorkingDays: serviceInfo.supportResponseWorkingDays,
  feedbackUrl: env('FEEDBACK_URL') ?? serviceInfo.feedbackUrl,
  /** Hosts of the two environments DfE runs; override at build time for other deployments. */
  productionUrl: env('DOCS_PRODUCTION_URL') ?? serviceInfo.productionUrl,
  sandboxUrl: env('DOCS_SANDBOX_URL') ?? serviceInfo.sandboxUrl,
} as const;

/**
 * The public address this build of the site is served at: the origin of its canonical links and
 * of the links in the release notes feed. DOCS_SITE_URL, else SERVICE_URL, else production (the
 * sandbox deployment builds with DOCS_SITE_URL set to the sandbox address).
 */
export const publicUrl = env('DOCS_SITE_URL') ?? env('SERVICE_URL') ?? site.productionUrl;

const numbers = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const days: number = site.supportResponseWorkingDays;

/** "within two working days" */
export const responseTime = `within ${numbers[days] ?? days} working day${days === 1 ? '' : 's'}`;

/** Where the site is served on both hosts (Astro `base`); Markdown links spell it out too. */
export const basePath = '/api-reference';
