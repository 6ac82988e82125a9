import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rowsAffected } from '../../db/client';
import { emails } from '../../db/schema';
import type { Config } from '../env';
import { createNotifyClient, NotifyError, type FetchLike, type NotifyClient } from './notify';
import { NOT_STORED, queueEmail, type QueuedEmail } from './outbox';
import { runBatch } from '../../db/batch';

// One mailer for every email. Each email is first written to the `emails` outbox; when GOV.UK
// Notify is configured it is then delivered and marked sent (or failed). Without Notify the
// outbox is the destination: outside production the /outbox page shows what was "sent".
//
// Credentials in an email (a sign-in link's token) are only ever stored as hashes. Such an email
// is written to the outbox without them and delivered with them from memory; if that delivery
// fails it is not retried (the person asks for a new link). Only where the outbox *is* the
// delivery (no Notify, outside production) is the link kept, so the sandbox's /outbox works.

export interface Mailer {
  /** True when emails really leave (Notify); false when they stay in the outbox. */
  readonly delivers: boolean;
  /** Records the emails (one batch) and, with Notify, delivers them. Never throws for delivery. */
  send(messages: QueuedEmail | QueuedEmail[], now: Date): Promise<void>;
  /** Delivers emails other code queued (e.g. partnership confirmations). No-op without Notify. */
  deliverQueued(now: Date, limit?: number): Promise<{ sent: number; failed: number }>;
}

export type NotifyConfig = Pick<Config, 'NOTIFY_API_KEY' | 'NOTIFY_TEMPLATE_IDS' | 'NOTIFY_API_URL' | 'APP_ENV'>;

export interface MailerOptions {
  db: Db;
  config: NotifyConfig;
  /** For tests: the HTTP client Notify is called with. */
  fetch?: FetchLike;
  log?: (entry: Record<string, unknown>) => void;
}

const defaultLog = (entry: Record<string, unknown>) => console.error(JSON.stringify({ level: 'error', ...entry }));

export function createMailer(opts: MailerOptions): Mailer {
  const { db, config } = opts;
  const log = opts.log ?? defaultLog;
  const notify: NotifyClient | null = config.NOTIFY_API_KEY
    ? createNotifyClient({ apiKey: config.NOTIFY_API_KEY, baseUrl: config.NOTIFY_API_URL, fetch: opts.fetch })
    : null;

  /**
   * Delivers one queued email; claims it first so two deliverers never send it twice. `secrets`
   * are the credential fields kept out of the database: without them stored, a failure is final.
   */
  async function deliver(id: string, now: Date, secrets?: Record<string, string>): Promise<'sent' | 'failed' | 'skipped'> {
    if (!notify) return 'skipped';
    const claim = await db.update(emails).set({ status: 'sending' }).where(and(eq(emails.id, id), eq(emails.status, 'queued')));
    if (rowsAffected(claim) !== 1) return 'skipped';
    const [email] = await db.select().from(emails).where(eq(emails.id, id)).limit(1);
    if (!email) return 'skipped';
    const templateId = config.NOTIFY_TEMPLATE_IDS?.[email.template];
    try {
      if (!templateId) throw new NotifyError(`No Notify template id is configured for "${email.template}" (NOTIFY_TEMPLATE_IDS).`);
      const personalisation = { ...(JSON.parse(email.personalisation) as Record<string, string>), ...secrets };
      const { id: notifyId } = await notify.sendEmail({ templateId, emailAddress: email.to, personalisation, reference: email.id });
      await db.update(emails).set({ status: 'sent', notifyId, sentAt: now }).where(eq(emails.id, id));
      return 'sent';
    } catch (err) {
      // A refusal (bad template, bad address) will not get better: failed. Anything else (Notify
      // down, network) goes back in the queue for the next delivery run, unless its credentials
      // were never stored.
      const refused = !(err instanceof NotifyError) ? false : err.status === undefined || (err.status >= 400 && err.status < 500 && err.status !== 429);
      const permanent = refused || secrets !== undefined;
      log({ message: 'Email delivery failed', emailId: id, template: email.template, retry: !permanent, error: String(err instanceof Error ? err.message : err) });
      await db.update(emails).set({ status: permanent ? 'failed' : 'queued' }).where(eq(emails.id, id));
      return 'failed';
    }
  }

  /** The outbox keeps secret fields only where it is the delivery itself (no Notify, not production). */
  const keepsSecrets = notify === null && config.APP_ENV !== 'production';

  function split(m: QueuedEmail & { id: string }) {
    if (!m.secretFields?.length || keepsSecrets) return { stored: m, secrets: undefined };
    const secrets: Record<string, string> = {};
    const personalisation = { ...m.personalisation };
    for (const field of m.secretFields) {
      if (field in personalisation) {
        secrets[field] = personalisation[field]!;
        personalisation[field] = NOT_STORED;
      }
    }
    return { stored: { ...m, personalisation }, secrets };
  }

  return {
    delivers: notify !== null,
    async send(messages, now) {
      const list = (Array.isArray(messages) ? messages : [messages]).map((m) => split({ ...m, id: m.id ?? crypto.randomUUID() }));
      if (list.length === 0) return;
      await runBatch(db, list.map(({ stored }) => queueEmail(db, stored, now)));
      for (const { stored, secrets } of list) {
        if (secrets && !notify) {
          // Production without Notify: nothing can deliver it, and the link must not be kept.
          log({ message: 'Email not delivered: GOV.UK Notify is not configured', emailId: stored.id, template: stored.template });
          await db.update(emails).set({ status: 'failed' }).where(eq(emails.id, stored.id));
        } else {
          await deliver(stored.id, now, secrets);
        }
      }
    },
    async deliverQueued(now, limit = 200) {
      if (!notify) return { sent: 0, failed: 0 };
      const queued = await db.select({ id: emails.id }).from(emails)
        .where(inArray(emails.status, ['queued'])).orderBy(asc(emails.createdAt), asc(emails.id)).limit(limit);
      let sent = 0;
      let failed = 0;
      for (const { id } of queued) {
        const result = await deliver(id, now);
        if (result === 'sent') sent += 1;
        if (result === 'failed') failed += 1;
      }
      return { sent, failed };
    },
  };
}
