import type { Db } from '../../db/client';
import { createMailer, type Mailer } from '../email/mailer';
import type { FetchLike } from '../email/notify';
import { queuePartnershipReminders } from '../email/reminders';
import type { Config } from '../env';
import { closeDueStatements } from '../services/finance/statement-lifecycle';
import { deleteExpiredAuthData } from '../web/auth/sessions';
import { deleteAbandonedWizards } from '../web/report-schools/wizard';
import { runWebhookJob } from './webhooks';

// Everything that must happen without a request, run hourly by both hosts (the Worker's cron
// trigger, a timer in the Node server) and on demand by the operator commands. Every job is
// idempotent, and one failing job does not stop the others: an outage at GOV.UK Notify must not
// keep statements from closing.

export interface ScheduledRun {
  statementsClosed: number;
  remindersQueued: number;
  emailsSent: number;
  emailsFailed: number;
  cleaned: boolean;
  /** Extension: webhook deliveries accepted by receivers, and given up on, in this run. */
  webhooksDelivered: number;
  webhooksFailed: number;
  /** Jobs that threw, with the message (no personal data: ids and counts only in our errors). */
  errors: { job: string; message: string }[];
}

export interface ScheduledDeps {
  db: Db;
  config: Pick<Config, 'NOTIFY_API_KEY' | 'NOTIFY_TEMPLATE_IDS' | 'NOTIFY_API_URL' | 'APP_ENV'> & Partial<Pick<Config, 'WEBHOOK_TIMEOUT_MS'>>;
  now: Date;
  /** For tests: the HTTP client GOV.UK Notify is called with. */
  fetch?: FetchLike;
  /** For tests: the HTTP client webhooks are delivered with. */
  webhookFetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Upper bound on emails delivered in one run, so a backlog cannot outlast the Worker's limits. */
  maxEmails?: number;
}

export async function runScheduledJobs(deps: ScheduledDeps): Promise<ScheduledRun> {
  const { db, now } = deps;
  const run: ScheduledRun = { statementsClosed: 0, remindersQueued: 0, emailsSent: 0, emailsFailed: 0, cleaned: false, webhooksDelivered: 0, webhooksFailed: 0, errors: [] };
  const attempt = async (job: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      run.errors.push({ job, message: err instanceof Error ? err.message : String(err) });
    }
  };

  await attempt('close statements', async () => {
    run.statementsClosed = (await closeDueStatements(db, now)).length;
  });
  await attempt('queue partnership reminders', async () => {
    run.remindersQueued = await queuePartnershipReminders(db, now);
  });
  await attempt('deliver emails', async () => {
    const mailer = createMailer({ db, config: deps.config, fetch: deps.fetch });
    const result = await deliverAllQueued(mailer, now, deps.maxEmails ?? 1000);
    run.emailsSent = result.sent;
    run.emailsFailed = result.failed;
  });
  await attempt('deliver webhooks', async () => {
    const result = await runWebhookJob({ db, now, config: deps.config, fetch: deps.webhookFetch });
    run.webhooksDelivered = result.delivered;
    run.webhooksFailed = result.failed;
  });
  await attempt('delete expired sign-in data and abandoned uploads', async () => {
    await deleteExpiredWebData(db, now);
    run.cleaned = true;
  });
  return run;
}

/** The web service's housekeeping: expired sessions, sign-in links and counters, abandoned uploads. */
export async function deleteExpiredWebData(db: Db, now: Date) {
  await deleteExpiredAuthData(db, now);
  await deleteAbandonedWizards(db, now);
}

/**
 * Delivers queued emails in batches until none is left, at most `max`. Stops after a batch that
 * sent nothing: when Notify is down the emails go back in the queue, and retrying them at once
 * would only loop; the next run tries again.
 */
export async function deliverAllQueued(mailer: Mailer, now: Date, max: number): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  while (sent + failed < max) {
    const batch = await mailer.deliverQueued(now, Math.min(200, max - sent - failed));
    sent += batch.sent;
    failed += batch.failed;
    if (batch.sent === 0) break;
  }
  return { sent, failed };
}

/** One log line per run: counts only. */
export function describeRun(run: ScheduledRun): Record<string, unknown> {
  return { message: 'Scheduled jobs ran', ...run };
}
