import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { literalList } from '../../db/literal-list';
import { emails, partnerships, schools } from '../../db/schema';
import type { EmailTemplate } from './outbox';
import { schoolContactEmail } from '../services/schools/school-contact';
import { runBatch } from '../../db/batch';

// Seven days after a school is told a provider confirmed it, it is reminded, once, unless it has
// challenged the partnership since, the partnership has been reported again (a new report id and
// a new first email), or the time to challenge has passed.

export const REMINDER_AFTER_DAYS = 7;

// The reminder is a conditional insert (INSERT … SELECT … WHERE NOT EXISTS), which drizzle's
// insert builder does not write; its column list is taken from the schema's columns (bare names,
// as an INSERT's column list wants them), so it follows a rename.
const insertedColumns = sql`(${sql.join(
  [emails.id, emails.template, emails.to, emails.personalisation, emails.status, emails.subjectType, emails.subjectId, emails.createdAt].map((c) => sql.identifier(c.name)),
  sql`, `,
)})`;

const e = alias(emails, 'e');
const p = alias(partnerships, 'p');
const r = alias(emails, 'r');

/** The first emails a reminder follows. */
const REMINDED_TEMPLATES = ['partnership_confirmed', 'partnership_delivery_partner_changed'] as const satisfies readonly EmailTemplate[];

/** Queues the reminders that are due; returns how many. Safe to run as often as you like. */
export async function queuePartnershipReminders(db: Db, now: Date, limit = 500): Promise<number> {
  const before = now.getTime() - REMINDER_AFTER_DAYS * 24 * 60 * 60 * 1000;
  const due = await db
    .select({ partnershipId: p.id, reportId: p.reportId, schoolId: p.schoolId, personalisation: e.personalisation })
    .from(e)
    .innerJoin(p, eq(p.id, e.subjectId))
    .where(sql`${e.subjectType} = 'partnership'
      AND ${e.template} IN ${literalList(REMINDED_TEMPLATES)}
      AND ${e.createdAt} <= ${before}
      AND ${p.relationship} = 0 AND ${p.challengeReason} IS NULL AND ${p.challengedAt} IS NULL
      AND ${p.reportId} IS NOT NULL
      AND (${p.challengeDeadline} IS NULL OR ${p.challengeDeadline} > ${now.getTime()})
      AND json_extract(${e.personalisation}, '$.challenge_url') LIKE '%token=' || ${p.reportId}
      AND NOT EXISTS (SELECT 1 FROM ${emails} AS ${r} WHERE ${r.subjectType} = 'partnership_report' AND ${r.subjectId} = ${p.reportId})`)
    .orderBy(e.createdAt, e.id)
    .limit(limit);
  const seen = new Set<string>();
  const statements = [];
  for (const d of due) {
    // Never null here (the query asks for a report id); the check tells the compiler.
    if (d.reportId === null || seen.has(d.reportId)) continue;
    seen.add(d.reportId);
    // Whoever is the school's contact now (an induction tutor may have been named since).
    const [school] = await db.select().from(schools).where(eq(schools.id, d.schoolId)).limit(1);
    const to = school ? await schoolContactEmail(db, school) : null;
    if (!to) continue;
    // Keyed by report id: one reminder per report (even with two runs at once), and a partnership
    // reported again gets its own. Same details and challenge link as the first email.
    statements.push(db.run(sql`
      INSERT INTO ${emails} ${insertedColumns}
      SELECT ${crypto.randomUUID()}, 'partnership_reminder', ${to}, ${d.personalisation}, 'queued', 'partnership_report', ${d.reportId}, ${now.getTime()}
      WHERE NOT EXISTS (SELECT 1 FROM ${emails} AS ${r} WHERE ${r.subjectType} = 'partnership_report' AND ${r.subjectId} = ${d.reportId})
    `));
  }
  for (let i = 0; i < statements.length; i += 50) {
    await runBatch(db, statements.slice(i, i + 50));
  }
  return statements.length;
}
