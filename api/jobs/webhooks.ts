import type { Db } from '../../db/client';
import type { AppEnvironment } from '../env';
import { runWebhookDeliveries, type DeliveryRun, type FetchLike } from '../services/webhooks/deliver';

// Webhook delivery as a job: the hourly scheduled jobs run it too, but webhooks need minutes, not
// hours, so the Node server also runs it on its own short timer (WEBHOOK_DELIVERY_INTERVAL_SECONDS)
// and the Worker on a one-minute cron trigger (wrangler.toml). Runs never overlap on one host;
// across hosts the guarded updates in the service record each attempt once.

export interface WebhookJobDeps {
  db: Db;
  now: Date;
  config: { APP_ENV: AppEnvironment; WEBHOOK_TIMEOUT_MS?: number };
  fetch?: FetchLike;
  resolve?: (host: string) => Promise<string[]>;
}

export function runWebhookJob(deps: WebhookJobDeps): Promise<DeliveryRun> {
  return runWebhookDeliveries({
    db: deps.db, now: deps.now, appEnv: deps.config.APP_ENV, timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS ?? 10_000,
    fetch: deps.fetch, resolve: deps.resolve,
  });
}

/** A timer that runs `job` every `seconds`, never two at once (a slow receiver must not pile runs up). */
export function startWebhookLoop(seconds: number, job: () => Promise<unknown>): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    job().catch((err) => console.error(JSON.stringify({ level: 'error', message: 'Webhook delivery failed', error: err instanceof Error ? err.message : String(err) })))
      .finally(() => { running = false; });
  };
  const timer = setInterval(tick, seconds * 1000);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
