import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectLibsql } from '../../db/libsql';
import { applyMigrations } from '../../db/migrate';
import { seedDatabase } from '../../db/seed';
import { dumpInserts } from '../../db/seed/dump-sql';
import { providerEnrolmentDrift } from '../support/provider-enrolments';

const dir = mkdtempSync(join(tmpdir(), 'dump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox data as SQL (for a remote D1)', () => {
  it('loads into a fresh, migrated database and reproduces every table', async () => {
    const source = connectLibsql(`file:${join(dir, 'source.db')}`);
    await applyMigrations(source.db);
    await seedDatabase(source.db, { now: new Date('2025-11-15T10:00:00Z'), scale: 'default' });
    const inserts = await dumpInserts(source.client);
    expect(inserts.every((s) => s.length < 100_000)).toBe(true);

    const target = connectLibsql(`file:${join(dir, 'target.db')}`);
    await applyMigrations(target.db);
    await target.client.execute('PRAGMA foreign_keys = OFF');
    // One batch is one transaction; executeMultiple on a single huge string is quadratic in libSQL.
    await target.client.batch(inserts, 'write');
    for (const table of ['lead_providers', 'schools', 'partnerships', 'users', 'participant_profiles', 'induction_records', 'statements', 'participant_declarations']) {
      const count = async (c: typeof source) => Number((await c.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
      expect(await count(target), table).toBe(await count(source));
    }
    const digest = async (c: typeof source) => (await c.client.execute('SELECT group_concat(id || api_updated_at) AS d FROM (SELECT id, api_updated_at FROM users ORDER BY id)')).rows[0]!.d;
    expect(await digest(target)).toBe(await digest(source));
    // provider_enrolments is rebuilt by the dump's last statements, not copied
    const enrolments = async (c: typeof source) => (await c.client.execute('SELECT count(*) AS n, group_concat(lead_provider_id || participant_profile_id || ifnull(induction_record_id, \'-\') || shared || validated) AS d FROM (SELECT * FROM provider_enrolments ORDER BY 1, 2)')).rows[0]!;
    expect(Number((await enrolments(source)).n)).toBeGreaterThan(1000);
    expect(await enrolments(target)).toEqual(await enrolments(source));
    expect(await providerEnrolmentDrift(target.client)).toBe(0);
    source.client.close();
    target.client.close();
  }, 60_000);
});
