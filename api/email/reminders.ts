import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { emails, partnerships, schools } from '../../db/schema';
import { schoolContactEmail } from '../services/schools/school-contact';
import { runBatch } from '../../db/batch';

// Seven days after a school is told a provider confirmed it, it is reminded, once, unless it has
// challenged the partnership since, the partnership has been reported again (a new report id and
// a new first email), or the time to challenge has passed.

export const REMINDER_AFTER_DAYS = 7;

interface Due {
  partnershipId: string;
  reportId: string;
  schoolId: string;
  personalisation: string;
}

/** Queues the reminders that are due; returns how many. Safe to run as often as you like. */
export async function queuePartnershipReminders(db: Db, now: Date, limit = 500): Promise<number> {
  const before = now.getTime() - REMINDER_AFTER_DAYS * 24 * 60 * 60 * 1000;
  const due = await db.all<Due>(sql`
    SELECT p.id AS partnershipId, p.report_id AS reportId, p.school_id AS schoolId, e.personalisation
    FROM ${emails} e
    JOIN ${partnerships} p ON p.id = e.subject_id
    WHERE e.subject_type = 'partnership'
      AND e.template IN ('partnership_confirmed', 'partnership_delivery_partner_changed')
      AND e.created_at <= ${before}
      AND p.relationship = 0 AND p.challenge_reason IS NULL AND p.challenged_at IS NULL
      AND p.report_id IS NOT NULL
      AND (p.challenge_deadline IS NULL OR p.challenge_deadline > ${now.getTime()})
      AND json_extract(e.personalisation, '$.challenge_url') LIKE '%token=' || p.report_id
      AND NOT EXISTS (SELECT 1 FROM ${emails} r WHERE r.subject_type = 'partnership_report' AND r.subject_id = p.report_id)
    ORDER BY e.created_at, e.id
    LIMIT ${limit}
  `);
  const seen = new Set<string>();
  const statements = [];
  for (const d of due) {
    if (seen.has(d.reportId)) continue;
    seen.add(d.reportId);
    // Whoever is the school's contact now (an induction tutor may have been named since).
    const [school] = await db.select().from(schools).where(eq(schools.id, d.schoolId)).limit(1);
    const to = school ? await schoolContactEmail(db, school) : null;
    if (!to) continue;
    // Keyed by report id: one reminder per report (even with two runs at once), and a partnership
    // reported again gets its own. Same details and challenge link as the first email.
    statements.push(db.run(sql`
      INSERT INTO ${emails} (id, template, "to", personalisation, status, subject_type, subject_id, created_at)
      SELECT ${crypto.randomUUID()}, 'partnership_reminder', ${to}, ${d.personalisation}, 'queued', 'partnership_report', ${d.reportId}, ${now.getTime()}
      WHERE NOT EXISTS (SELECT 1 FROM ${emails} WHERE subject_type = 'partnership_report' AND subject_id = ${d.reportId})
    `));
  }
  for (let i = 0; i < statements.length; i += 50) {
    await runBatch(db, statements.slice(i, i + 50));
  }
  return statements.length;
}
