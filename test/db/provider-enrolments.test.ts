import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSandbox } from '../../db/seed/sandbox';
import { expectedMigration, migrationFile } from '../../db/derived/write-migration';
import { createHarness, type Harness } from '../support/harness';
import { providerEnrolmentDrift } from '../support/provider-enrolments';

// provider_enrolments is kept by triggers. Each write that can change which record places a
// participant with a provider is made here with plain SQL (as any write path would), and the
// table must then equal a rebuild from scratch, with the specific change visible.

let h: Harness;
type Row = Record<string, unknown>;
const rows = async (sql: string, args: unknown[] = []) => (await h.client.execute({ sql, args: args as never[] })).rows as unknown as Row[];
const one = async (sql: string, args: unknown[] = []) => (await rows(sql, args))[0]!;
const enrolment = (lp: unknown, profile: unknown) =>
  rows('SELECT * FROM provider_enrolments WHERE lead_provider_id = ? AND participant_profile_id = ?', [lp, profile]).then((r) => r[0]);

/** A validated participant placed with one provider only, with one record. */
const placed = (n: number) => one(`
  SELECT ir.id AS record_id, ir.participant_profile_id AS profile_id, ir.induction_programme_id AS programme_id,
    p.id AS partnership_id, p.lead_provider_id AS lp, pp.user_id
  FROM induction_records ir JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
  JOIN partnerships p ON p.id = ip.partnership_id JOIN participant_profiles pp ON pp.id = ir.participant_profile_id
  WHERE p.challenged_at IS NULL
    AND (SELECT count(*) FROM induction_records x WHERE x.participant_profile_id = ir.participant_profile_id) = 1
    AND EXISTS (SELECT 1 FROM participant_eligibilities pe WHERE pe.participant_profile_id = ir.participant_profile_id)
  ORDER BY ir.id LIMIT 1 OFFSET ?`, [n * 7]);

beforeAll(async () => {
  h = await createHarness();
  await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
}, 60_000);
afterAll(() => h.close());

describe('provider_enrolments', () => {
  it('migration 0007 holds exactly the triggers db/derived/provider-enrolments.ts defines', () => {
    const current = readFileSync(migrationFile, 'utf8');
    expect(current, 'run: npx tsx db/derived/write-migration.ts').toBe(expectedMigration(current));
  });

  it('matches a rebuild after seeding, with one row per provider and training record', async () => {
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
    const { n, providers } = await one('SELECT count(*) AS n, count(DISTINCT lead_provider_id) AS providers FROM provider_enrolments');
    expect(Number(n)).toBeGreaterThan(1000);
    expect(Number(providers)).toBe(7);
    // shared rows exist: seeded transfers between providers
    expect(Number((await one('SELECT count(*) AS n FROM provider_enrolments WHERE shared = 1')).n)).toBeGreaterThan(0);
  });

  it('follows a partnership challenged and restored', async () => {
    const p = await placed(1);
    await rows("UPDATE partnerships SET challenged_at = 1, challenge_reason = 'mistake' WHERE id = ?", [p.partnership_id]);
    expect((await enrolment(p.lp, p.profile_id))!.induction_record_id).toBeNull();
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
    await rows('UPDATE partnerships SET challenged_at = NULL, challenge_reason = NULL WHERE id = ?', [p.partnership_id]);
    expect((await enrolment(p.lp, p.profile_id))!.induction_record_id).toBe(p.record_id);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('follows a transfer to another provider: both see the participant, flagged shared', async () => {
    const p = await placed(2);
    const elsewhere = await one(`SELECT ip.id AS programme_id, p.lead_provider_id AS lp FROM induction_programmes ip
      JOIN partnerships p ON p.id = ip.partnership_id WHERE p.lead_provider_id <> ? AND p.challenged_at IS NULL LIMIT 1`, [p.lp]);
    await rows('UPDATE induction_records SET end_date = 1750000000000, induction_status = ? WHERE id = ?', ['leaving', p.record_id]);
    await rows(`INSERT INTO induction_records (id, participant_profile_id, induction_programme_id, schedule_id, induction_status, training_status, start_date, school_transfer, created_at, updated_at)
      SELECT 'transfer-record', participant_profile_id, ?, schedule_id, 'active', 'deferred', 1750000000001, 1, 1750000000001, 1750000000001 FROM induction_records WHERE id = ?`,
    [elsewhere.programme_id, p.record_id]);
    const theirs = (await enrolment(elsewhere.lp, p.profile_id))!;
    expect(theirs).toMatchObject({ induction_record_id: 'transfer-record', training_status: 'deferred', shared: 1 });
    expect((await enrolment(p.lp, p.profile_id))!).toMatchObject({ induction_record_id: p.record_id, shared: 1 });
    expect(await providerEnrolmentDrift(h.client)).toBe(0);

    await rows("DELETE FROM induction_records WHERE id = 'transfer-record'");
    expect(await enrolment(elsewhere.lp, p.profile_id)).toBeUndefined();
    expect((await enrolment(p.lp, p.profile_id))!.shared).toBe(0);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('follows a change of schedule (cohort) and training status on the record', async () => {
    const p = await placed(3);
    const schedule = await one(`SELECT s.id, c.start_year FROM schedules s JOIN cohorts c ON c.id = s.cohort_id
      WHERE c.start_year = 2024 LIMIT 1`);
    await rows("UPDATE induction_records SET schedule_id = ?, training_status = 'withdrawn' WHERE id = ?", [schedule.id, p.record_id]);
    expect((await enrolment(p.lp, p.profile_id))!).toMatchObject({ cohort_start_year: 2024, training_status: 'withdrawn' });
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('follows DfE validation removed and given', async () => {
    const p = await placed(4);
    const eligibility = await one('SELECT * FROM participant_eligibilities WHERE participant_profile_id = ?', [p.profile_id]);
    await rows('DELETE FROM participant_eligibilities WHERE id = ?', [eligibility.id]);
    expect((await enrolment(p.lp, p.profile_id))!.validated).toBe(0);
    await rows(`INSERT INTO participant_eligibilities (id, participant_profile_id, status, reason, created_at, updated_at) VALUES (?, ?, 'eligible', 'none', 1, 1)`,
      [eligibility.id, p.profile_id]);
    expect((await enrolment(p.lp, p.profile_id))!.validated).toBe(1);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('follows a training record merged into another user, and the user’s timestamps', async () => {
    const p = await placed(5);
    const target = await one('SELECT id, created_at FROM users WHERE id <> ? ORDER BY created_at LIMIT 1', [p.user_id]);
    await rows('UPDATE participant_profiles SET user_id = ? WHERE id = ?', [target.id, p.profile_id]);
    expect((await enrolment(p.lp, p.profile_id))!).toMatchObject({ user_id: target.id, user_created_at: target.created_at });
    await rows('UPDATE users SET api_updated_at = 1999999999999 WHERE id = ?', [target.id]);
    expect((await enrolment(p.lp, p.profile_id))!.user_api_updated_at).toBe(1999999999999);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('follows a programme moved to another partnership, and rows removed', async () => {
    const p = await placed(6);
    const other = await one('SELECT id, lead_provider_id AS lp FROM partnerships WHERE lead_provider_id <> ? AND challenged_at IS NULL LIMIT 1', [p.lp]);
    await rows('UPDATE induction_programmes SET partnership_id = ? WHERE id = ?', [other.id, p.programme_id]);
    expect(await enrolment(p.lp, p.profile_id)).toBeUndefined();
    expect((await enrolment(other.lp, p.profile_id))!.induction_record_id).toBe(p.record_id);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);

    await rows('DELETE FROM induction_records WHERE participant_profile_id = ?', [p.profile_id]);
    expect(await rows('SELECT * FROM provider_enrolments WHERE participant_profile_id = ?', [p.profile_id])).toEqual([]);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });

  it('follows what it copies: emails, the mentor, the delivery partner, the school', async () => {
    const p = await placed(8);
    const record = await one('SELECT * FROM induction_records WHERE id = ?', [p.record_id]);
    // the user's email shows when the record has no preferred identity
    await rows('UPDATE induction_records SET preferred_identity_id = NULL WHERE id = ?', [p.record_id]);
    await rows("UPDATE users SET email = 'changed-user@example.com' WHERE id = ?", [p.user_id]);
    expect((await enrolment(p.lp, p.profile_id))!.email).toBe('changed-user@example.com');
    // the preferred identity's email wins, and follows its changes
    const identity = await one('SELECT id FROM participant_identities WHERE user_id = ? LIMIT 1', [p.user_id]);
    await rows('UPDATE induction_records SET preferred_identity_id = ? WHERE id = ?', [identity.id, p.record_id]);
    await rows("UPDATE participant_identities SET email = 'changed-identity@example.com' WHERE id = ?", [identity.id]);
    expect((await enrolment(p.lp, p.profile_id))!.email).toBe('changed-identity@example.com');
    // a new mentor on the record, then that mentor's training record merged into another user
    const mentor = await one("SELECT id, user_id FROM participant_profiles WHERE type = 'mentor' AND user_id <> ? LIMIT 1", [p.user_id]);
    await rows('UPDATE induction_records SET mentor_profile_id = ? WHERE id = ?', [mentor.id, p.record_id]);
    expect((await enrolment(p.lp, p.profile_id))!.mentor_user_id).toBe(mentor.user_id);
    const someone = await one('SELECT id FROM users WHERE id NOT IN (?, ?) LIMIT 1', [p.user_id, mentor.user_id]);
    await rows('UPDATE participant_profiles SET user_id = ? WHERE id = ?', [someone.id, mentor.id]);
    expect((await enrolment(p.lp, p.profile_id))!.mentor_user_id).toBe(someone.id);
    // the partnership's delivery partner changes
    const dp = await one('SELECT id FROM delivery_partners WHERE id <> (SELECT delivery_partner_id FROM partnerships WHERE id = ?) LIMIT 1', [p.partnership_id]);
    await rows('UPDATE partnerships SET delivery_partner_id = ? WHERE id = ?', [dp.id, p.partnership_id]);
    expect((await enrolment(p.lp, p.profile_id))!.delivery_partner_id).toBe(dp.id);
    // the school's URN (a correction)
    const school = await one('SELECT sc.school_id FROM induction_programmes ip JOIN school_cohorts sc ON sc.id = ip.school_cohort_id WHERE ip.id = ?', [p.programme_id]);
    await rows("UPDATE schools SET urn = '999999' WHERE id = ?", [school.school_id]);
    expect((await enrolment(p.lp, p.profile_id))!.school_urn).toBe('999999');
    expect(record.id).toBe(p.record_id);
    expect(await providerEnrolmentDrift(h.client)).toBe(0);
  });
});
