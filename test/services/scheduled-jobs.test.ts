import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../api/jobs/scheduled';
import { configSchema } from '../../api/env';
import { emails, statements, webSessions } from '../../db/schema';
import { createLeadProvider } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import { createWebUser } from '../web/web-support';

// The hourly jobs both hosts run: statements close, emails are delivered, expired sessions go;
// and an outage at GOV.UK Notify neither loops nor stops the other jobs.

const apiKey = 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const notifyConfig = configSchema.parse({
  NOTIFY_API_KEY: apiKey,
  NOTIFY_TEMPLATE_IDS: JSON.stringify({ welcome: '0a1b2c3d-0000-4000-8000-000000000009' }),
});

let h: Harness;
let leadProviderId: string;
beforeAll(async () => {
  h = await createHarness();
  leadProviderId = (await createLeadProvider(h.db, { cohorts: [2024], withStatements: true })).id;
});
afterAll(() => h.close());

async function firstOpenStatement() {
  const [s] = await h.db.select().from(statements).where(eq(statements.state, 'open')).orderBy(asc(statements.deadlineDate)).limit(1);
  return s!;
}

const dayAfter = (isoDate: string) => new Date(new Date(`${isoDate}T00:00:00Z`).getTime() + 86_400_000);

async function queueWelcome(now: Date) {
  const id = crypto.randomUUID();
  await h.db.insert(emails).values({ id, template: 'welcome', to: `${id.slice(0, 8)}@provider.example`, personalisation: '{}', createdAt: now });
  return id;
}

describe('scheduled jobs', () => {
  it('close due statements, deliver queued emails through Notify and delete expired sessions', async () => {
    const statement = await firstOpenStatement();
    const now = dayAfter(statement.deadlineDate);
    const emailId = await queueWelcome(now);
    const user = await createWebUser(h.db, leadProviderId);
    await h.db.insert(webSessions).values({ idHash: `expired-${emailId}`, userId: user.id, createdAt: new Date(0), lastSeenAt: new Date(0), expiresAt: new Date(now.getTime() - 1000) });
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response(JSON.stringify({ id: `notify-${calls}` }), { status: 201 });
    };

    const run = await runScheduledJobs({ db: h.db, config: notifyConfig, now, fetch });

    expect(run.errors).toEqual([]);
    expect(run.statementsClosed).toBeGreaterThanOrEqual(1);
    expect((await h.db.select().from(statements).where(eq(statements.id, statement.id)))[0]!.state).toBe('payable');
    expect(run.emailsSent).toBe(calls);
    expect((await h.db.select().from(emails).where(eq(emails.id, emailId)))[0]).toMatchObject({ status: 'sent' });
    expect(run.cleaned).toBe(true);
    expect(await h.db.select().from(webSessions).where(eq(webSessions.userId, user.id))).toEqual([]);
  });

  it('keep closing statements when Notify is down, leave the emails queued for the next run, and do not loop', async () => {
    const statement = await firstOpenStatement();
    const now = dayAfter(statement.deadlineDate);
    const emailId = await queueWelcome(now);
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed');
    };

    const run = await runScheduledJobs({ db: h.db, config: notifyConfig, now, fetch });

    expect((await h.db.select().from(statements).where(eq(statements.id, statement.id)))[0]!.state).toBe('payable');
    expect(run.emailsSent).toBe(0);
    expect(run.emailsFailed).toBe(calls);
    expect(calls).toBeLessThanOrEqual(200);
    expect((await h.db.select().from(emails).where(eq(emails.id, emailId)))[0]).toMatchObject({ status: 'queued' });
  });
});
