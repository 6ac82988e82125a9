import type { Client } from '@libsql/client';

// Declarations the benchmark can POST: valid submissions for the largest provider.

export interface Candidate { participant_id: string; declaration_type: string; declaration_date: string; course_identifier: string; evidence_held?: string }

function evidenceFor(detailed: boolean, type: 'ect' | 'mentor', declarationType: string): string | undefined | null {
  if (!detailed) return declarationType === 'started' ? undefined : 'training-event-attended';
  if (type === 'mentor') return declarationType === 'started' ? 'training-event-attended' : declarationType === 'completed' ? '75-percent-engagement-met' : null;
  if (declarationType === 'retained-2' || declarationType === 'completed') return '75-percent-engagement-met';
  return 'training-event-attended';
}

/**
 * Declarations the largest provider can make now: active participants it trains (their current
 * record with it active), validated, a milestone already open with no declaration holding its
 * slot, and (when fundable) an open output-fee statement to go on. One per participant and type.
 */
export async function postCandidates(client: Client, leadProviderId: string, limit: number): Promise<Candidate[]> {
  const { rows } = await client.execute({
    sql: `WITH latest AS (
      -- the record that places each participant with the provider (db/derived/provider-enrolments.ts)
      SELECT e.participant_profile_id AS profile_id, ir.training_status, ir.induction_status, ir.start_date
      FROM provider_enrolments e JOIN induction_records ir ON ir.id = e.induction_record_id
      WHERE e.lead_provider_id = :lp
    )
    SELECT pp.user_id, pp.type, m.declaration_type, m.start_date, m.milestone_date, latest.start_date AS record_start,
      c.detailed_evidence_types, c.mentor_funding
    FROM latest
    JOIN participant_profiles pp ON pp.id = latest.profile_id AND pp.status = 'active'
    JOIN participant_eligibilities pe ON pe.participant_profile_id = pp.id
    JOIN schedules sch ON sch.id = pp.schedule_id
    JOIN cohorts c ON c.id = sch.cohort_id
    -- the participant's own milestone: the one for their type if the schedule has one, else the one for all
    -- (milestoneFor in api/domain/declarations.ts); the other's dates would be refused, and such
    -- candidates, never used up, piled up at the head of the list run after run.
    JOIN milestones m ON m.schedule_id = pp.schedule_id AND (m.applies_to = pp.type OR (m.applies_to = 'all' AND NOT EXISTS (
      SELECT 1 FROM milestones mt WHERE mt.schedule_id = m.schedule_id AND mt.declaration_type = m.declaration_type AND mt.applies_to = pp.type)))
    WHERE latest.training_status = 'active' AND latest.induction_status = 'active'
      AND m.start_date <= date('now', '-2 days')
      AND (m.milestone_date IS NULL OR m.milestone_date >= date(m.start_date, '+1 day'))
      AND (SELECT count(*) FROM participant_profiles o WHERE o.user_id = pp.user_id AND o.type = pp.type AND o.status = 'active') = 1
      AND NOT EXISTS (
        SELECT 1 FROM participant_declarations d
        WHERE d.user_id = pp.user_id AND d.course_identifier = CASE pp.type WHEN 'ect' THEN 'ecf-induction' ELSE 'ecf-mentor' END
          AND d.declaration_type = m.declaration_type AND d.state IN ('submitted', 'eligible', 'payable', 'paid')
      )
      AND NOT EXISTS (
        SELECT 1 FROM participant_profile_states s WHERE s.participant_profile_id = pp.id AND s.state = 'withdrawn'
      )
      AND (pe.status <> 'eligible' OR EXISTS (
        SELECT 1 FROM statements st WHERE st.lead_provider_id = :lp AND st.cohort_id = c.id AND st.output_fee = 1
          AND st.state = 'open' AND st.deadline_date >= date('now')
      ))
    LIMIT :limit`,
    args: { lp: leadProviderId, limit: limit * 2 },
  });
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const r of rows) {
    const type = r.type === 'mentor' ? 'mentor' : 'ect';
    const declarationType = String(r.declaration_type);
    if (type === 'mentor' && Number(r.mentor_funding) && !['started', 'completed'].includes(declarationType)) continue;
    const evidence = evidenceFor(Boolean(Number(r.detailed_evidence_types)), type, declarationType);
    if (evidence === null) continue;
    const key = `${r.user_id}/${type}/${declarationType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Inside the milestone window, and after the record started (so the declaration has a placement).
    const start = String(r.start_date) > isoDay(r.record_start) ? String(r.start_date) : isoDay(r.record_start);
    const date = `${start}T12:00:00Z`;
    if (r.milestone_date && `${String(r.milestone_date)}T23:59:59Z` < date) continue;
    if (new Date(date) > new Date()) continue;
    out.push({
      participant_id: String(r.user_id), declaration_type: declarationType, declaration_date: date,
      course_identifier: type === 'ect' ? 'ecf-induction' : 'ecf-mentor', ...(evidence ? { evidence_held: evidence } : {}),
    });
    if (out.length >= limit) break;
  }
  return out;
}

const isoDay = (ms: unknown) => new Date(Number(ms)).toISOString().slice(0, 10);

