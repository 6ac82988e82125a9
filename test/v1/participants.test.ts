import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultipleParticipantRowsResponseSchema, ParticipantRowResponseSchema } from '../../api/v1/participants/schemas';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';
import { createParticipant, createPlacement, type Placement } from '../support/participants';

// v1 participants: one flat record per training record (V1-V2.md §2.1, §3, §5.3).

let h: Harness;
let lp: LeadProviderFixture;
let other: LeadProviderFixture;
let p2024: Placement;
let p2025: Placement;
let dualMentor: Awaited<ReturnType<typeof createParticipant>>;
let dualEctProfileId: string;
let ect: Awaited<ReturnType<typeof createParticipant>>;
let leaving: Awaited<ReturnType<typeof createParticipant>>;
let changed: Awaited<ReturnType<typeof createParticipant>>;

const at = (iso: string) => new Date(iso);
const HEADER = 'id,email,full_name,mentor_id,school_urn,participant_type,cohort,status,teacher_reference_number,teacher_reference_number_validated,eligible_for_funding,pupil_premium_uplift,sparsity_uplift,training_status,training_record_id,schedule_identifier,updated_at';

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  other = await createLeadProvider(h.db);
  p2024 = await createPlacement(h.db, lp.id, 2024);
  p2025 = await createPlacement(h.db, lp.id, 2025);
  // A user who is a mentor and an ECT with the provider: two training records, one user.
  dualMentor = await createParticipant(h.db, p2025, { type: 'mentor', name: 'Dee Dual', trn: null, createdAt: at('2025-02-01T00:00:00Z') });
  const ectProfile = crypto.randomUUID();
  dualEctProfileId = ectProfile;
  await h.client.execute({
    sql: `INSERT INTO participant_profiles (id, type, user_id, participant_identity_id, school_cohort_id, schedule_id, training_status, pupil_premium_uplift, sparsity_uplift, cohort_changed_after_payments_frozen, status, revision, created_at, updated_at)
      SELECT ?, 'ect', user_id, participant_identity_id, school_cohort_id, schedule_id, 'active', 0, 0, 0, 'active', 'r0', created_at + 1, updated_at FROM participant_profiles WHERE id = ?`,
    args: [ectProfile, dualMentor.profileId],
  });
  await h.client.execute({ sql: `INSERT INTO participant_eligibilities (id, participant_profile_id, status, reason, created_at, updated_at) VALUES (?, ?, 'eligible', 'none', 0, 0)`, args: [crypto.randomUUID(), ectProfile] });
  await h.client.execute({
    sql: `INSERT INTO induction_records (id, participant_profile_id, induction_programme_id, schedule_id, mentor_profile_id, preferred_identity_id, induction_status, training_status, start_date, end_date, school_transfer, created_at, updated_at)
      SELECT ?, ?, induction_programme_id, schedule_id, NULL, preferred_identity_id, 'active', 'active', start_date, NULL, 0, created_at, updated_at FROM induction_records WHERE id = ?`,
    args: [crypto.randomUUID(), ectProfile, dualMentor.recordId],
  });
  ect = await createParticipant(h.db, p2024, { name: 'Ellie ECT', trn: '1234567', mentorProfileId: dualMentor.profileId, pupilPremiumUplift: true, createdAt: at('2025-03-01T00:00:00Z') });
  leaving = await createParticipant(h.db, p2024, { inductionStatus: 'leaving', endDate: at('2026-01-01T00:00:00Z'), createdAt: at('2025-04-01T00:00:00Z') });
  changed = await createParticipant(h.db, p2024, { inductionStatus: 'withdrawn', createdAt: at('2025-05-01T00:00:00Z') });
  // Not listed: another provider's participant, and one DfE has not validated.
  await createParticipant(h.db, await createPlacement(h.db, other.id, 2024));
  await createParticipant(h.db, p2024, { eligibility: null });
});
afterAll(() => h.close());

async function get(path: string, token = lp.token) {
  const res = await h.request(`/api/v1${path}`, { token });
  return { res, text: await res.clone().text(), json: res.headers.get('Content-Type')?.includes('json') ? await readJson(res) : null };
}
const rows = (json: Json) => json.data as { id: string; attributes: Record<string, unknown> }[];

describe('GET /api/v1/participants/ecf', () => {
  it('lists one flat record per training record, in the contract shape', async () => {
    const { res, json } = await get('/participants/ecf');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/vnd.api+json');
    expect(MultipleParticipantRowsResponseSchema.safeParse(json).success).toBe(true);
    const row = rows(json).find((r) => r.id === ect.userId)!;
    expect(row).toEqual({
      id: ect.userId,
      type: 'participant',
      attributes: {
        email: `${ect.userId}@identity.example`, full_name: 'Ellie ECT', mentor_id: dualMentor.userId, school_urn: p2024.schoolUrn,
        participant_type: 'ect', cohort: '2024', status: 'active', teacher_reference_number: '1234567',
        teacher_reference_number_validated: true, eligible_for_funding: true, pupil_premium_uplift: true, sparsity_uplift: false,
        training_status: 'active', training_record_id: ect.profileId, schedule_identifier: 'ecf-standard-september',
        updated_at: '2025-03-01T00:00:00Z',
      },
    });
    // attribute order is the CSV column order
    expect(['id', ...Object.keys(row.attributes)].join(',')).toBe(HEADER);
  });

  it('lists a user who is both a mentor and an ECT twice, with the same id', async () => {
    const dual = rows((await get('/participants/ecf')).json).filter((r) => r.id === dualMentor.userId);
    expect(dual.map((r) => r.attributes.participant_type).sort()).toEqual(['ect', 'mentor']);
    expect(new Set(dual.map((r) => r.attributes.training_record_id))).toEqual(new Set([dualMentor.profileId, dualEctProfileId]));
  });

  it('maps the school’s view to status: leaving is active, withdrawn is withdrawn', async () => {
    const all = rows((await get('/participants/ecf')).json);
    expect(all.find((r) => r.id === leaving.userId)!.attributes.status).toBe('active');
    expect(all.find((r) => r.id === changed.userId)!.attributes.status).toBe('withdrawn');
  });

  it('shows only the provider’s validated participants, oldest first', async () => {
    const ids = rows((await get('/participants/ecf')).json).map((r) => r.id);
    expect(ids).toEqual([dualMentor.userId, dualMentor.userId, ect.userId, leaving.userId, changed.userId]);
  });

  it('filters by cohort (the schedule’s cohort)', async () => {
    expect(rows((await get('/participants/ecf?filter[cohort]=2025')).json).map((r) => r.id)).toEqual([dualMentor.userId, dualMentor.userId]);
    expect(rows((await get('/participants/ecf?filter[cohort]=2024,2025')).json)).toHaveLength(5);
    expect(rows((await get('/participants/ecf?filter[cohort]=2018')).json)).toEqual([]);
  });

  it('filters by updated_since (inclusive) and orders by last change', async () => {
    await h.db.run(sql`UPDATE users SET api_updated_at = ${Date.parse('2025-10-01T00:00:00Z')} WHERE id = ${leaving.userId}`);
    await h.db.run(sql`UPDATE users SET api_updated_at = ${Date.parse('2025-09-01T00:00:00Z')} WHERE id = ${changed.userId}`);
    const ids = rows((await get('/participants/ecf?filter[updated_since]=2025-09-01T00:00:00Z')).json).map((r) => r.id);
    expect(ids).toEqual([changed.userId, leaving.userId]);
    expect((await get('/participants/ecf?filter[updated_since]=yesterday')).res.status).toBe(400);
  });

  it('ignores v3-only filters', async () => {
    expect(rows((await get('/participants/ecf?filter[training_status]=withdrawn')).json)).toHaveLength(5);
  });

  it('pages by record, not by user', async () => {
    const first = rows((await get('/participants/ecf?page[per_page]=1')).json);
    const second = rows((await get('/participants/ecf?page[per_page]=1&page[page]=2')).json);
    expect([first[0]!.id, second[0]!.id]).toEqual([dualMentor.userId, dualMentor.userId]);
    expect(first[0]!.attributes.training_record_id).not.toBe(second[0]!.attributes.training_record_id);
    expect((await get('/participants/ecf?page[page]=0')).res.status).toBe(400);
  });

  it('uses a constant number of queries whatever the page size', async () => {
    const count = (q: string) => h.countQueries(() => get(`/participants/ecf${q}`));
    expect(await count('?page[per_page]=1')).toBe(await count('?page[per_page]=100'));
  });

  it('answers the undocumented /participants alias the same', async () => {
    expect((await get('/participants')).text).toBe((await get('/participants/ecf')).text);
  });

  it('shows another provider nothing, in JSON or CSV', async () => {
    expect(rows((await get('/participants/ecf', other.token)).json).map((r) => r.id)).not.toContain(ect.userId);
    const csv = (await get('/participants/ecf.csv', other.token)).text;
    expect(csv.split('\n')[0]).toBe(HEADER); // their own participant is there
    expect(csv).not.toContain(ect.userId);
    expect(csv).not.toContain(dualMentor.userId);
  });
});

describe('GET /api/v1/participants/ecf/{id}', () => {
  it('shows one record in the contract shape', async () => {
    const { res, json } = await get(`/participants/ecf/${ect.userId}`);
    expect(res.status).toBe(200);
    expect(ParticipantRowResponseSchema.safeParse(json).success).toBe(true);
    expect(json.data.attributes.training_record_id).toBe(ect.profileId);
  });

  it('shows the ECT record of a user who is also a mentor', async () => {
    const { json } = await get(`/participants/ecf/${dualMentor.userId}`);
    expect(json.data.attributes.participant_type).toBe('ect');
    expect(json.data.attributes.training_record_id).toBe(dualEctProfileId);
  });

  it('honours the list filters', async () => {
    expect((await get(`/participants/ecf/${ect.userId}?filter[cohort]=2025`)).res.status).toBe(404);
    expect((await get(`/participants/ecf/${ect.userId}?filter[cohort]=2024`)).res.status).toBe(200);
  });

  it('is a 404 for another provider, exactly like a missing id', async () => {
    const theirs = await get(`/participants/ecf/${ect.userId}`, other.token);
    const missing = await get(`/participants/ecf/${crypto.randomUUID()}`, other.token);
    expect(theirs.res.status).toBe(404);
    expect(theirs.text).toBe(missing.text);
  });
});

describe('GET /api/v1/participants/ecf.csv', () => {
  it('writes the reference’s columns, every record the JSON list has, in its order', async () => {
    const { res, text } = await get('/participants/ecf.csv?page[per_page]=1&page[page]=0');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv');
    const lines = text.split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
    const json = rows((await get('/participants/ecf?page[per_page]=3000')).json);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(json.length);
    expect(records.map((r) => r.training_record_id)).toEqual(json.map((r) => r.attributes.training_record_id));
  });

  it('writes values as text: null as a quoted empty field, booleans as true/false', async () => {
    const { text } = await get('/participants/ecf.csv?filter[cohort]=2025');
    const mentorLine = text.split('\n').find((l) => l.includes(dualMentor.profileId))!;
    expect(mentorLine).toBe([
      dualMentor.userId, `${dualMentor.userId}@identity.example`, 'Dee Dual', '""', p2025.schoolUrn, 'mentor', '2025', 'active',
      '""', '""', 'true', 'false', 'false', 'active', dualMentor.profileId, 'ecf-standard-september', '2025-02-01T00:00:00Z',
    ].join(','));
  });

  it('applies the filters, and answers an empty result with an empty body', async () => {
    const filtered = await get('/participants/ecf.csv?filter[cohort]=2025');
    expect(filtered.text.trim().split('\n')).toHaveLength(3);
    const empty = await get('/participants/ecf.csv?filter[cohort]=2018');
    expect(empty.res.status).toBe(200);
    expect(empty.text).toBe('');
  });

  it('answers errors in JSON', async () => {
    const noToken = await h.request('/api/v1/participants/ecf.csv');
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ error: 'HTTP Token: Access denied' });
    const bad = await get('/participants/ecf.csv?filter=x');
    expect(bad.res.status).toBe(400);
    expect(bad.json.errors[0].title).toBe('Bad parameter');
  });

  it('answers the undocumented /participants.csv alias the same', async () => {
    expect((await get('/participants.csv')).text).toBe((await get('/participants/ecf.csv')).text);
  });

  it('streams in batches larger files (every record, no repeats)', async () => {
    const { CSV_BATCH_SIZE } = await import('../../api/v1/participants/list-csv');
    expect(CSV_BATCH_SIZE).toBeGreaterThan(1);
    const { participantRowsAfter } = await import('../../api/services/participants/participant-rows');
    const ctx = { db: h.db, now: new Date(), leadProvider: { id: lp.id, name: '' }, config: {} as never };
    const filters = { cohortYears: null, updatedSince: null };
    const seen: string[] = [];
    let after = null;
    for (;;) {
      const batch = await participantRowsAfter(ctx, filters, after, 2);
      if (batch.length === 0) break;
      seen.push(...batch.map((r) => r.enrolment.profileId));
      after = batch[batch.length - 1]!.key;
    }
    const json = rows((await get('/participants/ecf')).json).map((r) => r.attributes.training_record_id);
    expect(seen).toEqual(json);
  });
});

describe('the CSV’s own connection', () => {
  it('reads the file through the export connection: a large download leaves the main cache to the paged lists', async () => {
    const [main, exported] = [h.queries.count, h.exportQueries.count];
    const { text } = await get('/participants/ecf.csv');
    expect(text.split('\n')[0]).toBe(HEADER);
    expect(h.exportQueries.count - exported).toBeGreaterThan(0);
    expect(h.queries.count - main).toBeLessThanOrEqual(2); // authentication only
    const before = h.exportQueries.count;
    await get('/participants/ecf');
    expect(h.exportQueries.count).toBe(before);
  });

  it('is read-only: an export can never write', async () => {
    const { connectExportReader } = await import('../../db/libsql');
    const reader = await connectExportReader(h.url);
    try {
      await expect(reader.client.execute("UPDATE users SET full_name = 'x'")).rejects.toThrow(/readonly|read-only|query_only/i);
    } finally {
      reader.client.close();
    }
  });
});

describe('v1 only', () => {
  it('gives JSON for Accept: text/csv without the .csv suffix', async () => {
    const res = await h.request('/api/v1/participants/ecf', { token: lp.token, headers: { Accept: 'text/csv' } });
    expect(res.headers.get('Content-Type')).toBe('application/vnd.api+json');
  });
});
