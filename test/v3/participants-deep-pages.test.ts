import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listParticipants, type ParticipantFilters } from '../../api/services/participants/list-participants';
import type { RequestContext } from '../../api/context';
import { configSchema } from '../../api/env';
import { seedSandbox, type SeededLeadProvider } from '../../db/seed/sandbox';
import { createHarness, type Harness } from '../support/harness';

// Participant pages are found two ways: shallow pages check users one by one in list order, deep
// ones (past PER_USER_CHECK_DEPTH rows) compute the provider's set once. Both must give exactly
// the same pages, for every provider and filter: forcing each way on the same request shows it.

let h: Harness;
let providers: SeededLeadProvider[];

beforeAll(async () => {
  h = await createHarness();
  providers = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
});
afterAll(() => h.close());

const filterSets: (ParticipantFilters & { sort?: string })[] = [
  { cohortYears: null, trainingStatus: null, updatedSince: null, fromParticipantId: null },
  { cohortYears: [2022, 2024], trainingStatus: null, updatedSince: null, fromParticipantId: null },
  { cohortYears: null, trainingStatus: 'withdrawn', updatedSince: null, fromParticipantId: null },
  { cohortYears: null, trainingStatus: null, updatedSince: new Date('2024-01-01T00:00:00Z'), fromParticipantId: null, sort: '-updated_at' },
];

describe('participant pages, shallow and deep', () => {
  it('are the same whichever way the page is found', async () => {
    let compared = 0;
    for (const lp of providers) {
      const ctx: RequestContext = { db: h.db, now: h.clock.now, leadProvider: { id: lp.id, name: lp.name }, config: configSchema.parse({ APP_ENV: 'test' }) };
      for (const filters of filterSets) {
        for (const page of [{ page: 1, perPage: 50, offset: 0 }, { page: 3, perPage: 50, offset: 100 }, { page: 1, perPage: 3000, offset: 0 }]) {
          const input = { ...filters, sort: filters.sort, page };
          const perUser = await listParticipants(ctx, input, Number.MAX_SAFE_INTEGER);
          const wholeSet = await listParticipants(ctx, input, 0);
          expect(wholeSet).toEqual(perUser);
          compared += perUser.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 120_000);
});
