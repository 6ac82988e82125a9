import type { EmailTemplate } from './outbox';

// What each email says, written the way GOV.UK Notify templates are: a subject and a plain-text
// body with ((field)) placeholders filled from the email's personalisation. With Notify, paste
// these into the Notify templates (NOTIFY_TEMPLATE_IDS); without it, /outbox renders them so a
// tester reads each email as its recipient would.
//
// Body conventions (Notify's): a blank line between paragraphs, "* " for a bullet, and a bare
// https:// address becomes a link.

export interface EmailText {
  subject: string;
  body: string;
}

export const emailText: Record<EmailTemplate, EmailText> = {
  sign_in_link: {
    subject: 'Your link to sign in',
    body: `Dear ((full_name))

Use this link to sign in to Manage early career teacher training:

((sign_in_url))

The link works once, until ((expires_at)) (((minutes)) minutes). If you ask for another link, this one stops working.

If you did not ask to sign in, you can ignore this email.`,
  },
  sign_in_unknown_email: {
    subject: 'Signing in to Manage early career teacher training',
    body: `Someone tried to sign in to Manage early career teacher training with this email address, but there is no account for it.

If you work for a lead provider, your organisation can ask DfE for an account: email ((support_email)).

If you have an account under another email address, sign in with that address:

((sign_in_url))

Read the guide for lead providers: ((guide_url))

If it was not you, you can ignore this email.`,
  },
  welcome: {
    subject: 'Your account to confirm schools',
    body: `Dear ((full_name))

DfE has given you an account for ((lead_provider_name)) on Manage early career teacher training. Use it to confirm the schools you will train and to see their early career teachers and mentors.

There is no password. To sign in, enter this email address here and we will email you a link:

((sign_in_url))`,
  },
  partnership_confirmed: {
    subject: 'Training provider confirmed: ((school_name))',
    body: `((lead_provider_name)), with the delivery partner ((delivery_partner_name)), has told DfE that ((school_name)) has agreed to work with them for the ((cohort)) academic year.

If this is wrong, tell us by ((challenge_deadline)):

((challenge_url))

If it is right, you do not need to do anything. Your induction tutor adds your early career teachers and mentors.`,
  },
  partnership_delivery_partner_changed: {
    subject: 'Delivery partner changed: ((school_name))',
    body: `((lead_provider_name)) has told DfE that ((school_name)) will now work with the delivery partner ((delivery_partner_name)) for the ((cohort)) academic year.

If this is wrong, tell us by ((challenge_deadline)):

((challenge_url))`,
  },
  partnership_reminder: {
    subject: 'Reminder: training provider confirmed for ((school_name))',
    body: `A week ago, ((lead_provider_name)), with the delivery partner ((delivery_partner_name)), told DfE that ((school_name)) has agreed to work with them for the ((cohort)) academic year.

If this is wrong, tell us by ((challenge_deadline)):

((challenge_url))

If it is right, you do not need to do anything.`,
  },
  partnership_challenged: {
    subject: '((school_name)) says it has not agreed to work with you',
    body: `Dear ((full_name))

((school_name)) (URN ((school_urn))) has told DfE that your confirmation for the ((cohort)) academic year, with the delivery partner ((delivery_partner_name)), is wrong.

The reason it gave: ((reason))

Contact the school to sort it out. If it has agreed to work with you after all, you can confirm it again.

See the school: ((school_url))`,
  },
  support_request: {
    subject: 'Support request from ((lead_provider_name))',
    body: `((user_name)) (((user_email))) at ((lead_provider_name)) wrote:

((message))`,
  },
  participant_withdrawn: {
    subject: '((lead_provider_name)) has stopped training a participant at ((school_name))',
    body: `((lead_provider_name)) has told DfE that it has stopped training one of the early career teachers or mentors at ((school_name)).

The reason given: ((reason))

If you think this is wrong, contact ((lead_provider_name)).`,
  },
};

const PLACEHOLDER = /\(\(([a-z_]+)\)\)/g;

/** The email as its recipient reads it. A field the email did not carry stays as ((field)). */
export function renderEmail(template: string, personalisation: Record<string, string>): EmailText | null {
  const text = emailText[template as EmailTemplate];
  if (!text) return null;
  const fill = (s: string) => s.replace(PLACEHOLDER, (whole, key: string) => (key in personalisation ? String(personalisation[key]) : whole));
  return { subject: fill(text.subject), body: fill(text.body) };
}
