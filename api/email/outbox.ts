import type { Db } from '../../db/client';
import { emails } from '../../db/schema';

/** The emails the service sends; each is a GOV.UK Notify template when Notify is configured. */
export const emailTemplates = [
  'partnership_confirmed',
  'partnership_delivery_partner_changed',
  'participant_withdrawn',
  // The web service's emails (api/web):
  'sign_in_link',
  'sign_in_unknown_email',
  'welcome',
  'partnership_reminder',
  'partnership_challenged',
  'support_request',
] as const;
export type EmailTemplate = (typeof emailTemplates)[number];

export interface QueuedEmail {
  template: EmailTemplate;
  to: string;
  personalisation: Record<string, string>;
  subject?: { type: string; id: string };
  /** The outbox row's id; a new one when absent. */
  id?: string;
  /**
   * Personalisation fields that are credentials (a sign-in link): never written to the database
   * where the email can be delivered without it. See api/email/mailer.ts.
   */
  secretFields?: string[];
}

/** What the outbox keeps of a secret field once the email has gone (or could not go). */
export const NOT_STORED = '(not stored: it was a credential)';

/**
 * An insert of the email into the outbox, to run in the same batch as the change it reports, so
 * an email is queued if and only if the change is committed. A sender delivers queued emails.
 */
export function queueEmail(db: Db, email: QueuedEmail, now: Date) {
  return db.insert(emails).values({
    id: email.id ?? crypto.randomUUID(),
    template: email.template,
    to: email.to,
    personalisation: JSON.stringify(email.personalisation),
    status: 'queued',
    subjectType: email.subject?.type ?? null,
    subjectId: email.subject?.id ?? null,
    createdAt: now,
  });
}
