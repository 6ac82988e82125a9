import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listParticipants, type ParticipantFilters } from '../../api/services/participants/list-participants';
import type { RequestContext } from '../../api/context';
import { configSchema } from '../../api/env';
import { seedSandbox, type SeededLeadProvider } from '../../db/seed/sandbox';
import { createHarness, type Harness } from '../support/harness';

// Participant pages are read from provider_enrolments, which triggers keep. This compares them,
// for every seeded provider, filter, sort and page, with the rule written out from scratch over
// the base tables: users with a validated training record whose latest induction record with the
// provider (open first, then latest start, latest created, id) is under an unchallenged
// partnership and matches the filters.

let h: Harness;
let providers: SeededLeadProvider[];

beforeAll(async () => {
  h = await createHarness();
  providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
}, 60_000);
afterAll(() => h.close());

const orders: Record<string, string> = {
  default: 'u.created_at, u.id',
  '-updated_at': 'u.api_updated_at DESC, u.id',
  'full_name,-created_at': 'u.full_name, u.created_at DESC, u.id',
};

async function fromScratch(lp: string, f: ParticipantFilters, sort: string, perPage: number, offset: number): Promise<{ id: string; profiles: string }[]> {
  const args: (string | number)[] = [lp];
  let conditions = '';
  if (f.cohortYears) conditions += ` AND c.start_year IN (${f.cohortYears.join(', ')})`;
  else conditions += ' AND c.start_year > 2020';
  if (f.trainingStatus) { conditions += ' AND ir.training_status = ?'; args.push(f.trainingStatus); }
  let userCondition = '';
  if (f.updatedSince) { userCondition = ' AND u.api_updated_at >= ?'; args.push(f.updatedSince.getTime()); }
  const latest = (profile: string) => `(SELECT lr.id FROM induction_records lr
    JOIN induction_programmes lip ON lip.id = lr.induction_programme_id JOIN partnerships lpp ON lpp.id = lip.partnership_id
    WHERE lr.participant_profile_id = ${profile} AND lpp.lead_provider_id = ?1 AND lpp.challenged_at IS NULL AND lpp.challenge_reason IS NULL
    ORDER BY (lr.end_date IS NULL) DESC, lr.start_date DESC, lr.created_at DESC, lr.id DESC LIMIT 1)`;
  const visible = `EXISTS (SELECT 1 FROM participant_eligibilities pe WHERE pe.participant_profile_id = pp.id)`;
  const { rows } = await h.client.execute({ sql: `
    SELECT u.id, (SELECT group_concat(x.id || ':' || x.training_status, ' ') FROM (
        SELECT pp.id, ir.training_status FROM participant_profiles pp JOIN induction_records ir ON ir.id = ${latest('pp.id')}
        WHERE pp.user_id = u.id AND ${visible} ORDER BY pp.id) AS x) AS profiles
    FROM users u
    WHERE EXISTS (
      SELECT 1 FROM participant_profiles pp JOIN induction_records ir ON ir.id = ${latest('pp.id')}
      JOIN schedules s ON s.id = ir.schedule_id JOIN cohorts c ON c.id = s.cohort_id
      WHERE pp.user_id = u.id AND ${visible}${conditions.replace('?', '?2')}
    )${userCondition.replace('?', f.trainingStatus ? '?3' : '?2')}
    ORDER BY ${orders[sort]} LIMIT ${perPage} OFFSET ${offset}`, args });
  return rows.map((r) => ({ id: String(r.id), profiles: String(r.profiles) }));
}

const filterSets: ParticipantFilters[] = [
  { cohortYears: null, trainingStatus: null, updatedSince: null, fromParticipantId: null },
  { cohortYears: [2022, 2024], trainingStatus: null, updatedSince: null, fromParticipantId: null },
  { cohortYears: null, trainingStatus: 'withdrawn', updatedSince: null, fromParticipantId: null },
  { cohortYears: null, trainingStatus: 'deferred', updatedSince: new Date('2024-01-01T00:00:00Z'), fromParticipantId: null },
];

describe('participant pages', () => {
  it('are exactly the rule computed from scratch, for every provider, filter, sort and page', async () => {
    let compared = 0;
    for (const lp of providers) {
      const ctx: RequestContext = { db: h.db, now: h.clock.now, leadProvider: { id: lp.id, name: lp.name }, config: configSchema.parse({ APP_ENV: 'test' }) };
      for (const filters of filterSets) {
        for (const sort of Object.keys(orders)) {
          for (const page of [{ page: 1, perPage: 50, offset: 0 }, { page: 3, perPage: 50, offset: 100 }, { page: 1, perPage: 3000, offset: 0 }]) {
            const listed = await listParticipants(ctx, { ...filters, sort: sort === 'default' ? undefined : sort, page });
            const shown = listed.map((p) => ({ id: p.id, profiles: p.enrolments.map((e) => `${e.profileId}:${e.trainingStatus}`).sort().join(' ') }));
            expect(shown, `${lp.name} ${JSON.stringify(filters)} ${sort} ${page.offset}`).toEqual(await fromScratch(lp.id, filters, sort, page.perPage, page.offset));
            compared += shown.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
  }, 120_000);
});
