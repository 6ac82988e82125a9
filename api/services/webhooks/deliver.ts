import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { rowsAffected, type Db } from '../../../db/client';
import { events, webhookDeliveries, webhookSubscriptions } from '../../../db/schema';
import type { AppEnvironment } from '../../env';
import { rfc3339 } from '../../http/time';
import { resourcePath } from '../events/event-types';
import { signedHeaders } from './signature';
import { isInternalAddress, webhookUrlProblem } from './url-policy';

// Webhook delivery (an extension), run every minute by the Worker's cron trigger and every few
// seconds by the Node server's loop (WEBHOOK_DELIVERY_INTERVAL_SECONDS). Two steps, both safe to
// run twice or at once on two hosts:
//   1. each active subscription's new events become delivery rows: one per subscription and
//      event (a unique index), in one batch with the subscription's cursor, so none is skipped;
//   2. due deliveries are POSTed, signed per Standard Webhooks, and the result recorded.
// A failed attempt is tried again after 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and 24 h (8 attempts
// over about 45 hours); then the delivery is failed. After 3 deliveries in a row fail for good,
// the subscription is disabled (a receiver that is gone): its events still wait in the feed.

export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const DISABLE_AFTER_FAILED_DELIVERIES = 3;
/** Events turned into deliveries per subscription per run, and deliveries sent per run. */
const ENQUEUE_LIMIT = 1000;
const SEND_LIMIT = 500;
const CONCURRENCY = 8;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface DeliveryDeps {
  db: Db;
  now: Date;
  appEnv: AppEnvironment;
  timeoutMs: number;
  fetch?: FetchLike;
  /** Node: the addresses a host name resolves to, to refuse one that points inside (unset on Workers). */
  resolve?: (host: string) => Promise<string[]>;
}

export interface DeliveryRun {
  enqueued: number;
  delivered: number;
  retrying: number;
  failed: number;
  disabled: number;
}

/** Turns new events into pending deliveries for every active subscription. */
export async function enqueueDeliveries(db: Db, now: Date): Promise<number> {
  const subscriptions = await db.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions).where(eq(webhookSubscriptions.state, 'active'));
  let enqueued = 0;
  for (const { id } of subscriptions) {
    // The window of events read is fixed first (seq bounds), so the insert and the cursor move
    // agree even with events arriving meanwhile; both run in one transaction.
    const window = sql`SELECT e.seq, e.type, e.resource_id, e.updated_at FROM ${webhookSubscriptions} s
      JOIN ${events} e ON e.lead_provider_id = s.lead_provider_id AND e.seq > s.cursor
      WHERE s.id = ${id} AND s.state = 'active' ORDER BY e.seq LIMIT ${ENQUEUE_LIMIT}`;
    const [inserted] = await db.batch([
      db.run(sql`INSERT INTO ${webhookDeliveries} (id, subscription_id, event_seq, event_type, resource_id, resource_updated_at, state, attempts, next_attempt_at, created_at)
        SELECT lower(hex(randomblob(16))), ${id}, w.seq, w.type, w.resource_id, w.updated_at, 'pending', 0, ${now.getTime()}, ${now.getTime()}
        FROM (${window}) w JOIN ${webhookSubscriptions} s ON s.id = ${id}
        WHERE s.event_types IS NULL OR w.type IN (SELECT value FROM json_each(s.event_types))
        ON CONFLICT (subscription_id, event_seq) DO NOTHING`),
      db.run(sql`UPDATE ${webhookSubscriptions} SET cursor = coalesce((SELECT max(seq) FROM (${window})), cursor) WHERE id = ${id}`),
    ]);
    enqueued += rowsAffected(inserted);
  }
  return enqueued;
}

/** The body of a delivery: Standard Webhooks' {type, timestamp, data}, data being the feed's event. */
export function deliveryBody(d: { eventSeq: number; eventType: string; resourceId: string; resourceUpdatedAt: Date }, now: Date): string {
  const cursor = String(d.eventSeq);
  return JSON.stringify({
    type: `${d.eventType}.changed`,
    timestamp: rfc3339(now),
    data: {
      id: cursor, type: 'event',
      attributes: { cursor, resource_type: d.eventType, resource_id: d.resourceId, updated_at: rfc3339(d.resourceUpdatedAt), path: resourcePath(d.eventType, d.resourceId) },
    },
  });
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function attempt(deps: DeliveryDeps, url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  const problem = webhookUrlProblem(url, deps.appEnv);
  if (problem) return { ok: false, status: null, error: problem };
  if (deps.resolve && deps.appEnv !== 'development' && deps.appEnv !== 'test') {
    try {
      const addresses = await deps.resolve(new URL(url).hostname);
      if (addresses.length === 0 || addresses.some(isInternalAddress)) return { ok: false, status: null, error: 'The host resolves to a private or internal address.' };
    } catch {
      return { ok: false, status: null, error: 'The host name could not be resolved.' };
    }
  }
  try {
    const res = await (deps.fetch ?? fetch)(url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(deps.timeoutMs),
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'DfE-Lead-Provider-API-Webhooks/1', ...headers },
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: res.status >= 300 && res.status < 400 ? 'The receiver answered with a redirect, which we do not follow.' : `The receiver answered HTTP ${res.status}.` };
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { ok: false, status: null, error: timeout ? `No answer within ${deps.timeoutMs} ms.` : 'The receiver could not be reached.' };
  }
}

/** Sends the due deliveries of active subscriptions, oldest event first, and records each result. */
export async function sendDueDeliveries(deps: DeliveryDeps, run: DeliveryRun): Promise<void> {
  const { db, now } = deps;
  const due = await db.select({ d: webhookDeliveries, s: webhookSubscriptions }).from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(and(eq(webhookDeliveries.state, 'pending'), eq(webhookSubscriptions.state, 'active'),
      or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now))))
    .orderBy(asc(webhookDeliveries.eventSeq))
    .limit(SEND_LIMIT);
  // One subscription's deliveries go one at a time, oldest event first (receivers see events in
  // feed order, except for retries); up to CONCURRENCY subscriptions are served at once.
  const bySubscription = new Map<string, typeof due>();
  for (const item of due) {
    const items = bySubscription.get(item.s.id);
    if (items) items.push(item);
    else bySubscription.set(item.s.id, [item]);
  }
  const queue = [...bySubscription.values()];
  const worker = async () => {
    for (let items = queue.shift(); items; items = queue.shift()) {
      for (const item of items) await deliverOne(deps, item.d, item.s, run);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function deliverOne(deps: DeliveryDeps, d: typeof webhookDeliveries.$inferSelect, s: typeof webhookSubscriptions.$inferSelect, run: DeliveryRun) {
  const { db, now } = deps;
  const body = deliveryBody(d, now);
  const secrets = [s.secret, ...(s.previousSecret && s.previousSecretExpiresAt && s.previousSecretExpiresAt > now ? [s.previousSecret] : [])];
  const headers = await signedHeaders(secrets, String(d.eventSeq), Math.floor(now.getTime() / 1000), body);
  const outcome = await attempt(deps, s.url, headers, body);
  const attempts = d.attempts + 1;
  // Guarded on the attempt count read, so two hosts sending the same delivery record it once.
  const guard = and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.attempts, d.attempts), eq(webhookDeliveries.state, 'pending'));
  if (outcome.ok) {
    await db.batch([
      db.update(webhookDeliveries).set({ state: 'delivered', attempts, lastAttemptAt: now, lastStatus: outcome.status, lastError: null, deliveredAt: now, nextAttemptAt: null }).where(guard),
      db.update(webhookSubscriptions).set({ consecutiveFailures: 0 }).where(eq(webhookSubscriptions.id, s.id)),
    ]);
    run.delivered += 1;
    return;
  }
  const final = attempts >= MAX_ATTEMPTS;
  const result = { attempts, lastAttemptAt: now, lastStatus: outcome.status, lastError: outcome.error };
  if (!final) {
    await db.update(webhookDeliveries).set({ ...result, nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_MS[attempts - 1]!) }).where(guard);
    run.retrying += 1;
    return;
  }
  const [, , disabled] = await db.batch([
    db.update(webhookDeliveries).set({ ...result, state: 'failed', nextAttemptAt: null }).where(guard),
    db.update(webhookSubscriptions).set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` }).where(eq(webhookSubscriptions.id, s.id)),
    db.update(webhookSubscriptions).set({ state: 'disabled', disabledAt: now, updatedAt: now })
      .where(and(eq(webhookSubscriptions.id, s.id), eq(webhookSubscriptions.state, 'active'), sql`${webhookSubscriptions.consecutiveFailures} >= ${DISABLE_AFTER_FAILED_DELIVERIES}`)),
  ]);
  run.failed += 1;
  if (rowsAffected(disabled) > 0) run.disabled += 1;
}

export async function runWebhookDeliveries(deps: DeliveryDeps): Promise<DeliveryRun> {
  const run: DeliveryRun = { enqueued: 0, delivered: 0, retrying: 0, failed: 0, disabled: 0 };
  run.enqueued = await enqueueDeliveries(deps.db, deps.now);
  await sendDueDeliveries(deps, run);
  return run;
}
