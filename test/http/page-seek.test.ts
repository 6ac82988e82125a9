import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestContext } from '../../api/context';
import { listDeclarations } from '../../api/services/declarations/list-declarations';
import { listParticipants } from '../../api/services/participants/list-participants';
import { listLegacyDeclarations } from '../../api/services/declarations/legacy-declarations';
import { listParticipantRows } from '../../api/services/participants/participant-rows';
import { connectLibsql, type LibsqlConnection } from '../../db/libsql';
import { createRandom } from '../../db/seed/random';
import { seedSandbox } from '../../db/seed/sandbox';
import { createHarness, type Harness } from '../support/harness';

// Deep pages seek from a remembered key (api/services/paging/page-seek.ts): they must give, row
// for row, what offset paging gives at the same moment, whatever was written since the key was
// remembered. Random page reads, with filter[updated_since] so that writes move rows into the
// middle of the list (shifting every later page), are compared with the same read on a second
// connection to the same file that never seeks.

const START = new Date('2025-11-15T10:00:00Z');
let h: Harness;
let plain: LibsqlConnection;
let lp: string;

beforeAll(async () => {
  h = await createHarness();
  const seeded = await seedSandbox(h.db, { now: START, scale: 1 });
  lp = seeded[0]!.id;
  plain = connectLibsql(h.url);
}, 120_000);
afterAll(() => { plain?.client.close(); h.close(); });

const ctx = (db: RequestContext['db']) => ({ db, now: START, leadProvider: { id: lp, name: '' } }) as RequestContext;

describe('deep pages', () => {
  it('are found by seeking, and equal offset paging under random writes', async () => {
    const r = createRandom(20261203);
    const declarationIds = (await h.client.execute({ sql: 'SELECT id FROM participant_declarations ORDER BY id', args: [] })).rows.map((x) => String(x.id));
    const userIds = (await h.client.execute({ sql: 'SELECT user_id FROM provider_enrolments WHERE lead_provider_id = ? ORDER BY user_id', args: [lp] })).rows.map((x) => String(x.user_id));
    expect(declarationIds.length).toBeGreaterThan(60);
    const since = new Date(START.getTime() + 1000);
    let clock = since.getTime();
    let seeks = 0;
    const execute = h.client.execute.bind(h.client);
    vi.spyOn(h.client, 'execute').mockImplementation(((stmt: Parameters<typeof execute>[0]) => {
      if (/\) >= \(/.test(typeof stmt === 'string' ? stmt : (stmt as { sql: string }).sql)) seeks += 1;
      return execute(stmt);
    }) as typeof execute);

    for (let i = 0; i < 1000; i++) {
      if (r.chance(0.12)) {
        // a change that moves a row into the filtered list, somewhere in its middle
        clock += 1000;
        if (r.chance(0.5)) await execute({ sql: 'UPDATE participant_declarations SET updated_at = ? WHERE id = ?', args: [clock, r.pick(declarationIds)] });
        else await execute({ sql: 'UPDATE users SET api_updated_at = ? WHERE id = ?', args: [clock, r.pick(userIds)] });
        continue;
      }
      const perPage = 5;
      const page = { page: r.int(1, 6), perPage, offset: 0 };
      page.offset = (page.page - 1) * perPage;
      const filtered = r.chance(0.7);
      const updatedSince = filtered ? since : null;
      const list = r.int(0, 3);
      if (list === 2) {
        const [seeking, offset] = [await listLegacyDeclarations(ctx(h.db), { participantId: null, updatedSince }, page), await listLegacyDeclarations(ctx(plain.db), { participantId: null, updatedSince }, page)];
        expect(seeking.map((d) => d.id), `v1/v2 declarations ${JSON.stringify(page)} ${filtered} at ${i}`).toEqual(offset.map((d) => d.id));
      } else if (list === 3) {
        const [seeking, offset] = [await listParticipantRows(ctx(h.db), { cohortYears: null, updatedSince }, page), await listParticipantRows(ctx(plain.db), { cohortYears: null, updatedSince }, page)];
        expect(seeking.map((p) => p.enrolment.profileId), `v1/v2 participants ${JSON.stringify(page)} ${filtered} at ${i}`).toEqual(offset.map((p) => p.enrolment.profileId));
      } else if (list === 1) {
        const input = { cohortYears: null, participantIds: null, deliveryPartnerIds: null, updatedSince, page };
        const [seeking, offset] = [await listDeclarations(ctx(h.db), input), await listDeclarations(ctx(plain.db), input)];
        expect(seeking.map((d) => d.id), `declarations ${JSON.stringify(page)} ${filtered} at ${i}`).toEqual(offset.map((d) => d.id));
      } else {
        const input = { cohortYears: null, trainingStatus: null, updatedSince, fromParticipantId: null, sort: undefined, page };
        const [seeking, offset] = [await listParticipants(ctx(h.db), input), await listParticipants(ctx(plain.db), input)];
        expect(seeking.map((p) => p.id), `participants ${JSON.stringify(page)} ${filtered} at ${i}`).toEqual(offset.map((p) => p.id));
      }
    }
    // the comparison above is only worth something if pages were in fact found by seeking
    expect(seeks, `${seeks} seeks`).toBeGreaterThan(60);
    vi.restoreAllMocks();
  }, 120_000);

  it('forget remembered positions when a sandbox reset removes rows, which the change feed does not announce', async () => {
    const { createApiToken } = await import('../../api/services/auth/api-tokens');
    const token = await createApiToken(h.db, lp, START);
    // back to the seed first, so that the reset below only removes the added row
    expect((await h.request('/api/sandbox/reset', { method: 'POST', token })).status).toBe(200);
    // A row added before page 2 of the provider's declarations (the reset will remove it).
    const [middle] = (await h.client.execute({ sql: 'SELECT * FROM participant_declarations WHERE lead_provider_id = ? ORDER BY created_at, id LIMIT 1', args: [lp] })).rows;
    const copy = { ...middle!, id: crypto.randomUUID(), state: 'voided' } as Record<string, unknown>;
    const columns = Object.keys(copy);
    await h.client.execute({ sql: `INSERT INTO participant_declarations (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, args: columns.map((c) => copy[c] as never) });
    const page = { page: 2, perPage: 3, offset: 3 };
    const input = { cohortYears: null, participantIds: null, deliveryPartnerIds: null, updatedSince: null, page };
    await listDeclarations(ctx(h.db), input); // remembers where page 2 starts: the added row
    expect((await h.request('/api/sandbox/reset', { method: 'POST', token })).status).toBe(200);
    const [seeking, offset] = [await listDeclarations(ctx(h.db), input), await listDeclarations(ctx(plain.db), input)];
    expect((await h.client.execute({ sql: 'SELECT count(*) AS n FROM participant_declarations WHERE id = ?', args: [String(copy.id)] })).rows[0]!.n).toBe(0);
    expect(seeking.map((d) => d.id)).toEqual(offset.map((d) => d.id));
  });
});
