import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { ecfPathFor, successorPathFor } from '../../api/v3/successor-paths';
import { seedSandbox } from '../../db/seed/sandbox';
import { documentedOperations } from '../support/documents';
import { createHarness, readJson, type Harness } from '../support/harness';

// The successor service's v3 paths (no /ecf) answer exactly as their ECF twins (V1-V2.md §4.1,
// decision 5), and `/ecf` paths are never read as an `{id}`.

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  const providers = await seedSandbox(h.db, { now: h.clock.now, scale: 1 });
  token = await createApiToken(h.db, providers[0]!.id, h.clock.now);
});
afterAll(() => h.close());

const get = async (path: string) => {
  const res = await h.request(path, { token });
  return { status: res.status, type: res.headers.get('Content-Type'), body: await res.text() };
};

describe('successor (RECT) v3 paths', () => {
  it('maps exactly the 16 operations with an /ecf segment, and nothing else', async () => {
    const ops = await documentedOperations(h, ['v3']);
    const successors = ops.filter((o) => o.successor);
    expect(successors).toHaveLength(16);
    expect(successors.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining([
      'GET /api/v3/participants', 'GET /api/v3/participants/{id}', 'PUT /api/v3/participants/{id}/defer', 'GET /api/v3/participants/transfers',
      'GET /api/v3/participants/{id}/transfers', 'POST /api/v3/partnerships', 'PUT /api/v3/partnerships/{id}', 'GET /api/v3/schools/{id}', 'GET /api/v3/unfunded-mentors',
    ]));
    expect(successorPathFor('/api/v3/statements/{id}')).toBeNull();
    expect(ecfPathFor('/api/v3/participants/ecf')).toBe('/api/v3/participants/ecf');
    expect(ecfPathFor('/api/v3/participants/ecf/transfers')).toBe('/api/v3/participants/ecf/transfers');
    expect(ecfPathFor('/api/v3/participants/transfers')).toBe('/api/v3/participants/ecf/transfers');
    expect(ecfPathFor('/api/v3/participants-declarations')).toBe('/api/v3/participants-declarations');
    expect(ecfPathFor('/api/v1/participants')).toBe('/api/v1/participants');
  });

  it('answers every GET byte for byte as its ECF twin', async () => {
    const query = '?filter[cohort]=2021,2022,2023,2024,2025&page[per_page]=5';
    const lists = {
      participants: '/api/v3/participants/ecf', partnerships: '/api/v3/partnerships/ecf', schools: '/api/v3/schools/ecf',
      'unfunded-mentors': '/api/v3/unfunded-mentors/ecf',
    };
    const firstId: Record<string, string> = {};
    let compared = 0;
    for (const [resource, ecf] of Object.entries(lists)) {
      const twin = ecf.replace('/ecf', '');
      const q = resource === 'schools' ? '?filter[cohort]=2025&page[per_page]=5' : query; // schools take one cohort
      const [a, b] = [await get(`${ecf}${q}`), await get(`${twin}${q}`)];
      expect(a.status, ecf).toBe(200);
      expect(b, twin).toEqual(a);
      const data = JSON.parse(a.body).data as { id: string }[];
      expect(data.length, `${ecf} has records to compare`).toBeGreaterThan(0);
      firstId[resource] = data[0]!.id;
      compared += 1;
    }
    const shows = [
      `/api/v3/participants/ecf/${firstId.participants}`, `/api/v3/participants/ecf/${firstId.participants}/transfers`, '/api/v3/participants/ecf/transfers',
      `/api/v3/partnerships/ecf/${firstId.partnerships}`, `/api/v3/schools/ecf/${firstId.schools}?filter[cohort]=2025`,
      `/api/v3/unfunded-mentors/ecf/${firstId['unfunded-mentors']}`, `/api/v3/participants/ecf/${crypto.randomUUID()}`,
    ];
    for (const ecf of shows) {
      const a = await get(ecf);
      const b = await get(ecf.replace('/ecf', ''));
      expect(b, ecf).toEqual(a);
      compared += 1;
    }
    expect(compared).toBe(11);
  });

  it('acts through the successor path like the ECF one (same validation, same result)', async () => {
    const participants = JSON.parse((await get('/api/v3/participants/ecf?page[per_page]=50')).body).data as { id: string; attributes: { ecf_enrolments: { participant_type: string; training_status: string }[] } }[];
    const target = participants.find((p) => p.attributes.ecf_enrolments.some((e) => e.participant_type === 'ect' && e.training_status === 'active'))!;
    const put = (path: string, attributes: Record<string, unknown>) => h.request(path, {
      method: 'PUT', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { type: 'participant-defer', attributes } }),
    });
    const badEcf = await put(`/api/v3/participants/ecf/${target.id}/defer`, { course_identifier: 'ecf-induction', reason: 'nope' });
    const badRect = await put(`/api/v3/participants/${target.id}/defer`, { course_identifier: 'ecf-induction', reason: 'nope' });
    expect(badRect.status).toBe(422);
    expect(await badRect.text()).toBe(await badEcf.text());
    const done = await put(`/api/v3/participants/${target.id}/defer`, { course_identifier: 'ecf-induction', reason: 'other' });
    expect(done.status).toBe(200);
    expect(await done.text()).toBe((await get(`/api/v3/participants/ecf/${target.id}`)).body);
  });

  it('keeps /ecf paths as ECF paths, never a participant id "ecf"', async () => {
    const list = await get('/api/v3/participants/ecf');
    expect(list.status).toBe(200);
    expect(Array.isArray(JSON.parse(list.body).data)).toBe(true);
    expect((await get('/api/v3/participants/ecf/transfers')).status).toBe(200);
  });

  it('is covered by authentication like every API path', async () => {
    const res = await h.request('/api/v3/participants');
    expect(res.status).toBe(401);
  });

  it('documents the second path family without adding operations', async () => {
    const doc = await readJson(await h.request('/api-docs/v3/openapi.json'));
    expect(doc.paths['/api/v3/participants/ecf/{id}/defer'].put['x-successor-path']).toBe('/api/v3/participants/{id}/defer');
    expect(Object.keys(doc.paths['/api/v3/participants/ecf/{id}/defer'])).toEqual(['put']);
    expect(doc.paths['/api/v3/participants/{id}/defer']).toBeUndefined();
    expect(doc.info.description).toContain('x-successor-path');
  });
});
