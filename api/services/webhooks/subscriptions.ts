import { and, desc, eq, sql } from 'drizzle-orm';
import { events, webhookDeliveries, webhookSubscriptions, type WebhookDeliveryRow, type WebhookSubscriptionRow } from '../../../db/schema';
import type { RequestContext } from '../../context';
import { DomainError, NotFoundError } from '../../errors/api-error';
import type { Page } from '../../http/pagination';
import { EVENT_TYPES, isEventType, type EventType } from '../events/event-types';
import { generateSecret } from './signature';
import { webhookUrlProblem } from './url-policy';

// A provider's webhook subscriptions (an extension). Every query is scoped to the caller's lead
// provider: another provider's subscription is a NotFoundError, exactly like a missing one.

/** At most this many subscriptions per provider: each is one more delivery per change. */
export const MAX_SUBSCRIPTIONS = 10;
/** After a rotation the old secret also signs deliveries for this long. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

export interface CreateWebhookInput {
  url?: unknown;
  event_types?: unknown;
  after?: unknown;
}

function parseEventTypes(value: unknown, errors: { title: string; detail: string }[]): EventType[] | null {
  if (value === undefined || value === null) return null;
  const valid = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && isEventType(v));
  if (!valid) {
    errors.push({ title: 'event_types', detail: `Give a list of one or more of ${EVENT_TYPES.join(', ')}, or leave it out for every type.` });
    return null;
  }
  return [...new Set(value as EventType[])];
}

/** The end of the caller's feed: a new subscription starts there unless told otherwise. */
async function feedEnd(ctx: RequestContext): Promise<number> {
  const [row] = await ctx.db.all<{ seq: number | null }>(sql`SELECT max(seq) AS seq FROM ${events} WHERE lead_provider_id = ${ctx.leadProvider.id}`);
  return Number(row?.seq ?? 0);
}

export async function createWebhook(ctx: RequestContext, input: CreateWebhookInput): Promise<WebhookSubscriptionRow> {
  const errors: { title: string; detail: string }[] = [];
  const url = typeof input.url === 'string' ? input.url.trim() : '';
  if (!url) errors.push({ title: 'url', detail: 'Give the address we should send your events to.' });
  else {
    const problem = webhookUrlProblem(url, ctx.config.APP_ENV);
    if (problem) errors.push({ title: 'url', detail: problem });
  }
  const eventTypes = parseEventTypes(input.event_types, errors);
  let after: number | null = null;
  if (input.after !== undefined && input.after !== null) {
    if (typeof input.after !== 'string' || !/^\d{1,15}$/.test(input.after)) errors.push({ title: 'after', detail: 'Give a cursor from your change feed (an event’s cursor), or leave it out to start from now.' });
    else after = Number(input.after);
  }
  if (errors.length) throw new DomainError(errors);
  const [count] = await ctx.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${webhookSubscriptions} WHERE lead_provider_id = ${ctx.leadProvider.id}`);
  if (Number(count?.n ?? 0) >= MAX_SUBSCRIPTIONS) {
    throw new DomainError([{ title: 'base', detail: `You can have at most ${MAX_SUBSCRIPTIONS} webhooks. Delete one you no longer use first.` }]);
  }
  const row: WebhookSubscriptionRow = {
    id: crypto.randomUUID(),
    leadProviderId: ctx.leadProvider.id,
    url,
    secret: generateSecret(),
    previousSecret: null,
    previousSecretExpiresAt: null,
    eventTypes: eventTypes ? JSON.stringify(eventTypes) : null,
    state: 'active',
    cursor: after ?? await feedEnd(ctx),
    consecutiveFailures: 0,
    disabledAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  await ctx.db.insert(webhookSubscriptions).values(row);
  return row;
}

export async function listWebhooks(ctx: RequestContext, page: Page): Promise<WebhookSubscriptionRow[]> {
  return ctx.db.select().from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.leadProviderId, ctx.leadProvider.id))
    .orderBy(webhookSubscriptions.createdAt, webhookSubscriptions.id)
    .limit(page.perPage).offset(page.offset);
}

export async function getWebhook(ctx: RequestContext, id: string): Promise<WebhookSubscriptionRow> {
  const [row] = await ctx.db.select().from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.leadProviderId, ctx.leadProvider.id)));
  if (!row) throw new NotFoundError('webhook');
  return row;
}

export async function deleteWebhook(ctx: RequestContext, id: string): Promise<WebhookSubscriptionRow> {
  const row = await getWebhook(ctx, id);
  // Deliveries go with it (D1 enforces the foreign key's cascade; libSQL files may not, so say it).
  await ctx.db.batch([
    ctx.db.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, row.id)),
    ctx.db.delete(webhookSubscriptions).where(and(eq(webhookSubscriptions.id, row.id), eq(webhookSubscriptions.leadProviderId, ctx.leadProvider.id))),
  ]);
  return row;
}

/** A new secret; the old one keeps signing (alongside) for a day, so a receiver can switch over. */
export async function rotateWebhookSecret(ctx: RequestContext, id: string): Promise<WebhookSubscriptionRow> {
  const row = await getWebhook(ctx, id);
  const changes = {
    secret: generateSecret(), previousSecret: row.secret, previousSecretExpiresAt: new Date(ctx.now.getTime() + PREVIOUS_SECRET_GRACE_MS), updatedAt: ctx.now,
  };
  await ctx.db.update(webhookSubscriptions).set(changes)
    .where(and(eq(webhookSubscriptions.id, row.id), eq(webhookSubscriptions.leadProviderId, ctx.leadProvider.id)));
  return { ...row, ...changes };
}

/** Turns a subscription that we disabled back on: its pending deliveries resume, failed ones stay failed. */
export async function enableWebhook(ctx: RequestContext, id: string): Promise<WebhookSubscriptionRow> {
  const row = await getWebhook(ctx, id);
  const changes = { state: 'active' as const, consecutiveFailures: 0, disabledAt: null, updatedAt: ctx.now };
  await ctx.db.update(webhookSubscriptions).set(changes)
    .where(and(eq(webhookSubscriptions.id, row.id), eq(webhookSubscriptions.leadProviderId, ctx.leadProvider.id)));
  return { ...row, ...changes };
}

/** A subscription's deliveries, newest event first. */
export async function listWebhookDeliveries(ctx: RequestContext, id: string, page: Page): Promise<WebhookDeliveryRow[]> {
  const row = await getWebhook(ctx, id);
  return ctx.db.select().from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, row.id))
    .orderBy(desc(webhookDeliveries.eventSeq))
    .limit(page.perPage).offset(page.offset);
}
