import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidFromName } from '../../db/ids';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { sandboxMessages } from '../../api/services/sandbox/messages';
import { seedSandbox, type SeededLeadProvider } from '../../db/seed/sandbox';
import { createLeadProvider } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';

// The sandbox reset restores from the snapshot the seed kept (sandbox_snapshots): what it puts
// back is the snapshot's, rows added since are found by the snapshot alone (whatever their ids
// look like), and a database without a snapshot says so.

let h: Harness;
let me: SeededLeadProvider;
let token: string;
type Row = Record<string, unknown>;
const rows = async (sql: string, args: unknown[] = []) => (await h.client.execute({ sql, args: args as never[] })).rows as unknown as Row[];
const reset = (as = token) => h.request('/api/sandbox/reset', { method: 'POST', token: as });

/** Every row of every table but the bookkeeping of requests (tokens) and the feed. */
async function wholeDatabase(): Promise<string> {
  const tables = (await rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('api_tokens', 'events', 'provider_enrolments') ORDER BY name")).map((r) => String(r.name));
  const hash = createHash('sha256');
  for (const table of tables) {
    hash.update(table);
    for (const row of await rows(`SELECT rowid AS _rowid, * FROM "${table}" ORDER BY rowid`)) hash.update(JSON.stringify(Object.values(row), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  me = (await seedSandbox(h.db, { now: h.clock.now, scale: 1 }))[0]!;
  token = await createApiToken(h.db, me.id, h.clock.now);
}, 120_000);
afterAll(() => h?.close());

describe('sandbox reset from the seed snapshot', () => {
  it('the seed keeps a snapshot per provider, in chunks D1 can hold', async () => {
    const held = await rows('SELECT lead_provider_id, table_name, count(*) AS chunks, max(length(rows)) AS longest FROM sandbox_snapshots GROUP BY 1, 2');
    expect(held.filter((r) => r.lead_provider_id === me.id).map((r) => r.table_name)).toEqual(expect.arrayContaining(['statements', 'participant_profiles', 'participant_declarations']));
    expect(held.filter((r) => r.lead_provider_id === '').map((r) => r.table_name)).toEqual(expect.arrayContaining(['partnerships', 'school_cohorts', 'induction_programmes']));
    expect(Math.max(...held.map((r) => Number(r.longest)))).toBeLessThan(100_000);
  });

  it('puts back what the snapshot holds (not a new generation)', async () => {
    const [statement] = await rows('SELECT id, name FROM statements WHERE lead_provider_id = ? ORDER BY id LIMIT 1', [me.id]);
    // The snapshot is the reset's only source: a value changed in it is the value the reset writes.
    await h.client.execute({ sql: `UPDATE sandbox_snapshots SET rows = replace(rows, ?, ?) WHERE lead_provider_id = ? AND table_name = 'statements'`, args: [`"${String(statement!.name)}"`, '"Renamed in the snapshot"', me.id] });
    const res = await reset();
    expect(res.status).toBe(200);
    expect((await rows('SELECT name FROM statements WHERE id = ?', [statement!.id]))[0]!.name).toBe('Renamed in the snapshot');
    await h.client.execute({ sql: `UPDATE sandbox_snapshots SET rows = replace(rows, ?, ?) WHERE lead_provider_id = ? AND table_name = 'statements'`, args: ['"Renamed in the snapshot"', `"${String(statement!.name)}"`, me.id] });
    expect((await reset()).status).toBe(200);
    expect((await rows('SELECT name FROM statements WHERE id = ?', [statement!.id]))[0]!.name).toBe(statement!.name);
  });

  it('removes rows added after seeding whose ids look like seeded ones (UUID v5 and v7)', async () => {
    expect((await reset()).status).toBe(200);
    const seeded = await wholeDatabase();
    const [place] = await rows(`SELECT sc.id AS schoolCohortId, sc.default_induction_programme_id AS programmeId, s.id AS scheduleId
      FROM partnerships p JOIN school_cohorts sc ON sc.school_id = p.school_id AND sc.cohort_id = p.cohort_id
      JOIN induction_programmes ip ON ip.id = sc.default_induction_programme_id AND ip.partnership_id = p.id
      JOIN schedules s ON s.cohort_id = p.cohort_id AND s.schedule_identifier = 'ecf-standard-september'
      WHERE p.lead_provider_id = ? AND p.relationship = 0 AND p.challenged_at IS NULL ORDER BY p.id LIMIT 1`, [me.id]);
    expect(place).toBeDefined();
    // Ids made the way the seed makes its own: name-based (version 5) and, for declarations, version 7.
    const userId = uuidFromName('user:look-alike@example.com');
    const identityId = uuidFromName('participant-identity:look-alike@example.com');
    const profileId = uuidFromName('participant-profile:look-alike');
    const recordId = uuidFromName('induction-record:look-alike:0');
    const declarationId = '0190f3a2-1c00-7abc-8def-0123456789ab';
    for (const id of [userId, profileId, recordId]) expect(id[14]).toBe('5');
    const t = h.clock.now.getTime();
    await h.client.batch([
      { sql: 'INSERT INTO users (id, full_name, email, trn, created_at, updated_at, api_updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?)', args: [userId, 'Look Alike', 'look-alike@example.com', t, t, t] },
      { sql: 'INSERT INTO participant_identities (id, user_id, email, external_identifier, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', args: [identityId, userId, 'look-alike@example.com', userId, t, t] },
      { sql: `INSERT INTO participant_profiles (id, type, user_id, participant_identity_id, school_cohort_id, schedule_id, status, training_status, created_at, updated_at)
        VALUES (?, 'ect', ?, ?, ?, ?, 'active', 'active', ?, ?)`, args: [profileId, userId, identityId, place!.schoolCohortId, place!.scheduleId, t, t] },
      { sql: `INSERT INTO induction_records (id, participant_profile_id, induction_programme_id, schedule_id, preferred_identity_id, induction_status, training_status, start_date, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'active', 'active', ?, ?, ?)`, args: [recordId, profileId, place!.programmeId, place!.scheduleId, identityId, t, t, t] },
      { sql: `INSERT INTO participant_eligibilities (id, participant_profile_id, status, reason, created_at, updated_at) VALUES (?, ?, 'eligible', 'none', ?, ?)`, args: [uuidFromName('participant-eligibility:look-alike'), profileId, t, t] },
      { sql: `INSERT INTO participant_declarations (id, user_id, participant_profile_id, lead_provider_id, cohort_id, declaration_type, declaration_date, course_identifier, state, pupil_premium_uplift, sparsity_uplift, created_at, updated_at)
        SELECT ?, ?, ?, ?, sc.cohort_id, 'started', ?, 'ecf-induction', 'submitted', 0, 0, ?, ? FROM school_cohorts sc WHERE sc.id = ?`, args: [declarationId, userId, profileId, me.id, t, t, t, place!.schoolCohortId] },
    ] as never, 'write');
    expect(await wholeDatabase()).not.toBe(seeded);

    const res = await reset();
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    expect((await readJson(res)).data.attributes.rows_changed).toBeGreaterThan(0);
    for (const [table, id] of [['users', userId], ['participant_profiles', profileId], ['induction_records', recordId], ['participant_declarations', declarationId]]) {
      expect(await rows(`SELECT id FROM ${table} WHERE id = ?`, [id]), table).toEqual([]);
    }
    expect(await wholeDatabase()).toBe(seeded);
  });

  it('a provider the seed did not make: the same answer as ever', async () => {
    const stranger = await createLeadProvider(h.db);
    const res = await reset(stranger.token);
    expect(res.status).toBe(422);
    expect(await readJson(res)).toEqual({ errors: [{ title: 'lead_provider', detail: sandboxMessages.resetNotSeeded }] });
  });

  it('a database whose snapshot is missing, or part of it: a clear 422 and nothing written', async () => {
    await h.client.execute({ sql: "DELETE FROM sandbox_snapshots WHERE lead_provider_id = ? AND table_name = 'induction_records'", args: [me.id] });
    const partialBefore = await wholeDatabase();
    const partial = await reset();
    expect(partial.status).toBe(422);
    expect(await readJson(partial)).toEqual({ errors: [{ title: 'lead_provider', detail: sandboxMessages.resetNoSnapshot }] });
    expect(await wholeDatabase()).toBe(partialBefore);

    await h.client.execute('DELETE FROM sandbox_snapshots');
    const noneBefore = await wholeDatabase();
    const none = await reset();
    expect(none.status).toBe(422);
    expect(await readJson(none)).toEqual({ errors: [{ title: 'lead_provider', detail: sandboxMessages.resetNoSnapshot }] });
    expect(await wholeDatabase()).toBe(noneBefore);
  });
});
