import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeadProvider, createSchool, type LeadProviderFixture } from '../support/factories';
import { databaseChecksum } from '../support/checksum';
import { createHarness, readJson, type Harness } from '../support/harness';
import { createPlacement, type Placement } from '../support/participants';
import { auditCount, operator, operatorToken, refusedWithoutWrites } from './support';

let h: Harness;
let op: ReturnType<typeof operator>;
let lp: LeadProviderFixture;
let place: Placement;

beforeAll(async () => {
  h = await createHarness();
  op = operator(h, (await operatorToken(h)).token);
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2025] });
  place = await createPlacement(h.db, lp.id, 2025);
  await op('PUT', '/school-cohorts', { school_id: place.schoolId, cohort: 2025, induction_programme_choice: 'full_induction_programme' });
});
afterAll(() => h.close());

const send = (path: string, body: string, type: string, o = op) => o('POST', path, undefined, { body, headers: { 'Content-Type': type } });
const ndjson = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const person = (id: string, extra: Record<string, unknown> = {}) => ({
  external_id: id, school_id: place.schoolId, cohort: 2025, participant_type: 'ect', full_name: `Bulk ${id}`, email: `${id}@bulk.example`, ...extra,
});
const users = async () => Number((await h.client.execute("SELECT count(*) AS n FROM users WHERE email LIKE '%@bulk.example'")).rows[0]!.n);

describe('bulk participant registration', () => {
  it('registers each row on its own: good rows written, a bad row reported, the provider sees the new ones', async () => {
    const audits = await auditCount(h);
    const res = await send('/participants/bulk', ndjson([person('a1'), person('a2', { email: 'not an email' }), person('a3')]) + '\n\nnot json', 'application/x-ndjson');
    expect(res.status).toBe(200);
    const { attributes } = (await readJson(res)).data;
    expect(attributes).toMatchObject({ rows: 4, created: 2, already_created: 0, failed: 2 });
    expect(attributes.results.map((r: { status: string }) => r.status)).toEqual(['created', 'failed', 'created', 'failed']);
    expect(attributes.results[1]).toMatchObject({ row: 2, external_id: 'a2', errors: [{ title: 'email', detail: expect.any(String) }] });
    expect(attributes.results[3]).toMatchObject({ row: 5, external_id: null, errors: [{ title: 'row', detail: 'This line is not valid JSON.' }] });
    const first = attributes.results[0].result;
    expect((await readJson(await h.request(`/api/v3/participants/ecf/${first.participant_id}`, { token: lp.token }))).data.attributes.ecf_enrolments[0].training_record_id).toBe(first.training_record_id);
    expect(await users()).toBe(2);
    // One audit row per row written, none for failed rows.
    expect(await auditCount(h)).toBe(audits + 2);
  });

  it('is idempotent by external id: the same rows again get their first results and write nothing', async () => {
    const body = ndjson([person('b1'), person('b2')]);
    const first = (await readJson(await send('/participants/bulk', body, 'application/x-ndjson'))).data.attributes;
    expect(first.created).toBe(2);
    const before = await databaseChecksum(h.client);
    const again = (await readJson(await send('/participants/bulk', body, 'application/x-ndjson'))).data.attributes;
    expect(again).toMatchObject({ created: 0, already_created: 2, failed: 0 });
    expect(again.results.map((r: { result: unknown }) => r.result)).toEqual(first.results.map((r: { result: unknown }) => r.result));
    // Even with other attributes: the external id decides.
    const changed = (await readJson(await send('/participants/bulk', ndjson([person('b1', { full_name: 'Someone else', email: 'else@bulk.example' })]), 'application/x-ndjson'))).data.attributes;
    expect(changed.results[0]).toMatchObject({ status: 'already_created', result: first.results[0].result });
    expect(await databaseChecksum(h.client)).toBe(before);
  });

  it('takes CSV with a header row (rows numbered as a spreadsheet does); a row without external_id fails', async () => {
    const csv = 'external_id,school_id,cohort,participant_type,full_name,email,eligibility\n'
      + `c1,${place.schoolId},2025,mentor,Casey One,c1@bulk.example,none\n`
      + `,${place.schoolId},2025,ect,No Id,noid@bulk.example,\n`;
    const { attributes } = (await readJson(await send('/participants/bulk', csv, 'text/csv; charset=utf-8'))).data;
    expect(attributes.results).toMatchObject([
      { row: 2, external_id: 'c1', status: 'created' },
      { row: 3, external_id: null, status: 'failed', errors: [{ title: 'external_id' }] },
    ]);
    // eligibility none: registered, waiting for DfE, not visible to the provider yet.
    expect((await h.request(`/api/v3/participants/ecf/${attributes.results[0].result.participant_id}`, { token: lp.token })).status).toBe(404);
  });

  it('a file of bad rows writes nothing at all', async () => {
    const before = await databaseChecksum(h.client);
    const bare = await createSchool(h.db);
    const after = await databaseChecksum(h.client);
    expect(after).not.toBe(before);
    const res = await send('/participants/bulk', ndjson([person('d1', { school_id: bare.id }), person('d2', { cohort: 1900 }), person('d3', { participant_type: 'x' })]), 'application/x-ndjson');
    expect((await readJson(res)).data.attributes.failed).toBe(3);
    expect(await databaseChecksum(h.client)).toBe(after);
  });

  it('a row is all or nothing: the same email twice in one file writes the first row only', async () => {
    const { attributes } = (await readJson(await send('/participants/bulk', ndjson([person('e1', { email: 'twice@bulk.example' }), person('e2', { email: 'twice@bulk.example' })]), 'application/x-ndjson'))).data;
    expect(attributes.results.map((r: { status: string }) => r.status)).toEqual(['created', 'failed']);
    const rows = await h.client.execute("SELECT count(*) AS n FROM users WHERE email = 'twice@bulk.example'");
    expect(Number(rows.rows[0]!.n)).toBe(1);
    expect(Number((await h.client.execute("SELECT count(*) AS n FROM operator_external_ids WHERE external_id = 'e2'")).rows[0]!.n)).toBe(0);
  });

  it('the same external id sent twice at once is written once', async () => {
    const slow = await createHarness({}, { latencyMs: 3 });
    try {
      const sOp = operator(slow, (await operatorToken(slow)).token);
      const sLp = await createLeadProvider(slow.db, { withStatements: true, cohorts: [2025] });
      const sPlace = await createPlacement(slow.db, sLp.id, 2025);
      await sOp('PUT', '/school-cohorts', { school_id: sPlace.schoolId, cohort: 2025, induction_programme_choice: 'full_induction_programme' });
      const body = JSON.stringify({ external_id: 'race-1', school_id: sPlace.schoolId, cohort: 2025, participant_type: 'ect', full_name: 'Racer', email: 'racer@bulk.example' });
      const results = await Promise.all([1, 2].map(async () => (await readJson(await sOp('POST', '/participants/bulk', undefined, { body, headers: { 'Content-Type': 'application/x-ndjson' } }))).data.attributes.results[0]));
      expect(results.map((r) => r.status).sort()).toEqual(['already_created', 'created']);
      expect(results[0].result).toEqual(results[1].result);
      expect(Number((await slow.client.execute("SELECT count(*) AS n FROM users WHERE email = 'racer@bulk.example'")).rows[0]!.n)).toBe(1);
    } finally {
      slow.close();
    }
  });

  it('refuses a body that is neither NDJSON nor CSV (415), unreadable CSV and an empty body (400), writing nothing', async () => {
    await refusedWithoutWrites(h, () => send('/participants/bulk', ndjson([person('f1')]), 'application/json'), 415, 'Content-Type');
    await refusedWithoutWrites(h, () => send('/participants/bulk', 'a,b\n"unterminated', 'text/csv'), 400);
    await refusedWithoutWrites(h, () => send('/participants/bulk', '\n\n', 'application/x-ndjson'), 400);
  });
});

describe('bulk school programme choices', () => {
  it('records many choices, idempotent by external id, one audit row per row written', async () => {
    const schools = await Promise.all([1, 2, 3].map(() => createSchool(h.db)));
    const csv = 'external_id,school_id,cohort,induction_programme_choice\n'
      + schools.map((s, i) => `sc-${i},${s.id},2025,${i === 2 ? 'nonsense' : 'core_induction_programme'}`).join('\n');
    const audits = await auditCount(h);
    const { attributes } = (await readJson(await send('/school-cohorts/bulk', csv, 'text/csv'))).data;
    expect(attributes).toMatchObject({ rows: 3, created: 2, failed: 1 });
    expect(attributes.results[0].result).toMatchObject({ school_id: schools[0]!.id, cohort: 2025, induction_programme_choice: 'core_induction_programme' });
    expect(attributes.results[2].errors[0].title).toBe('induction_programme_choice');
    expect(await auditCount(h)).toBe(audits + 2);
    const seen = await readJson(await h.request(`/api/v3/schools/ecf/${schools[1]!.id}?filter[cohort]=2025`, { token: lp.token }));
    expect(seen.data.attributes.induction_programme_choice).toBe('school_led');
    const before = await databaseChecksum(h.client);
    const again = (await readJson(await send('/school-cohorts/bulk', csv.replace(/nonsense/, 'core_induction_programme').split('\n').slice(0, 3).join('\n'), 'text/csv'))).data.attributes;
    expect(again).toMatchObject({ created: 0, already_created: 2 });
    expect(await databaseChecksum(h.client)).toBe(before);
  });
});
