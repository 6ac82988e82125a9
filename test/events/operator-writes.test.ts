import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createPlacement, type Placement } from '../support/participants';
import { operator, operatorToken } from '../operator/support';

// The change feed is kept by triggers on the tables, so writes through the operator API (the
// production door for school and DfE events) are announced exactly like the sandbox's and the
// provider's own: to the provider that sees the record, and to no other.

let h: Harness;
let op: ReturnType<typeof operator>;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let place: Placement;

beforeAll(async () => {
  h = await createHarness();
  op = operator(h, (await operatorToken(h, 'School-facing service')).token);
  lp = await createLeadProvider(h.db, { withStatements: true });
  other = await createLeadProvider(h.db, { withStatements: true });
  place = await createPlacement(h.db, lp.id, 2025);
  expect((await op('PUT', '/school-cohorts', { school_id: place.schoolId, cohort: 2025, induction_programme_choice: 'full_induction_programme' })).status).toBe(200);
});
afterAll(() => h.close());

type Event = { id: string; attributes: { resource_type: string; resource_id: string } };

/** Every event after `after`, following pages. */
async function feed(token: string, after: string): Promise<{ events: Event[]; cursor: string }> {
  const events: Event[] = [];
  let cursor = after;
  for (;;) {
    const json = await readJson(await h.request(`/api/v3/events?after=${cursor}&page[per_page]=100`, { token }));
    events.push(...json.data);
    cursor = json.meta.next_cursor;
    if (!json.meta.has_more) return { events, cursor };
  }
}

const named = (events: Event[]) => events.map((e) => `${e.attributes.resource_type} ${e.attributes.resource_id}`);

describe('the change feed and operator writes', () => {
  it('announces a registration, a validation, a challenge and a statement closed by an operator', async () => {
    let mine = (await feed(lp.token, '0')).cursor;
    const theirs = (await feed(other.token, '0')).cursor;

    h.clock.now = new Date('2025-10-01T09:00:00Z');
    const registered = await readJson(await op('POST', '/participants', {
      school_id: place.schoolId, cohort: 2025, participant_type: 'ect', full_name: 'Feed Person', email: 'feed.person@example.com',
    }));
    const userId = registered.data.id as string;
    h.clock.now = new Date('2025-10-01T09:01:00Z');
    expect((await op('POST', `/participants/${userId}/validate`, { course_identifier: 'ecf-induction', status: 'eligible' })).status).toBe(200);
    const afterParticipant = await feed(lp.token, mine);
    expect(named(afterParticipant.events)).toContain(`participant ${userId}`);
    mine = afterParticipant.cursor;

    // within the school's window to challenge (the fixture partnership was confirmed on 1 January)
    h.clock.now = new Date('2025-01-02T09:00:00Z');
    const challenged = await op('POST', `/partnerships/${place.partnershipId}/challenge`, { reason: 'mistake' });
    expect(challenged.status, JSON.stringify(await challenged.clone().json())).toBe(200);
    const afterChallenge = await feed(lp.token, mine);
    expect(named(afterChallenge.events)).toContain(`partnership ${place.partnershipId}`);
    mine = afterChallenge.cursor;

    const statements = await readJson(await h.request('/api/v3/statements?filter[cohort]=2025', { token: lp.token }));
    const open = (statements.data as { id: string; attributes: { paid: boolean } }[]).find((s) => !s.attributes.paid)!;
    h.clock.now = new Date('2025-10-01T09:03:00Z');
    expect((await op('POST', `/statements/${open.id}/close`)).status).toBe(200);
    expect(named((await feed(lp.token, mine)).events)).toContain(`statement ${open.id}`);

    // The other provider was told about none of it.
    const told = await feed(other.token, theirs);
    expect(named(told.events).filter((e) => e.includes(userId) || e.includes(place.partnershipId) || e.includes(open.id))).toEqual([]);
  });
});
