import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsResponseSchema } from '../../api/v3/events/schemas';
import { resourcePath } from '../../api/services/events/event-types';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { allowedEvidence } from '../../api/domain/declarations';
import { readCohorts } from '../../db/reference-data/load';
import { createRandom, type Random } from '../../db/seed/random';
import { seedSandbox } from '../../db/seed/sandbox';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';

// The change feed is lossless and exact: 1,000 random writes (v3 API writes and the sandbox
// control API's school and DfE writes, by two providers), each at its own second on the
// harness clock. After each write, each provider's consumer reads the feed from its stored
// cursor; what it gets must be exactly the resources that the provider's own lists say changed
// at that second (`filter[updated_since]`, an independent path: the list queries), each once,
// in cursor order. A write that fails changes nothing and announces nothing.

const WRITES = Number(process.env.FEED_WRITES ?? 1000);
const SEED = 20261203;
const START = new Date('2025-11-15T10:00:00Z');
const COHORTS = 'filter[cohort]=2020,2021,2022,2023,2024,2025,2026';

let h: Harness;
interface Provider { id: string; token: string; cursor: string; last: number; seen: Map<string, number> }
const providers: Provider[] = [];
const cohorts = new Map(readCohorts().map((c) => [c.startYear, c]));

beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_REQUESTS: 1_000_000 });
  h.clock.now = START;
  const seeded = await seedSandbox(h.db, { now: START, scale: 'default' });
  for (const lp of seeded.slice(0, 2)) providers.push({ id: lp.id, token: await createApiToken(h.db, lp.id, START), cursor: '0', last: 0, seen: new Map() });
}, 120_000);
afterAll(() => h.close());

const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { attributes: body } }) });

async function list(p: Provider, path: string): Promise<Json[]> {
  const res = await h.request(path, { token: p.token });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await readJson(res)).data;
}

/** Everything the provider's lists say changed at or after `since` (type:id). */
async function changedSince(p: Provider, since: Date): Promise<Map<string, string>> {
  const at = `filter[updated_since]=${since.toISOString().slice(0, 19)}Z`;
  const out = new Map<string, string>();
  const add = (type: string, rows: Json[]) => rows.forEach((r) => out.set(`${type}:${r.id}`, r.attributes.updated_at));
  add('participant', await list(p, `/api/v3/participants/ecf?${COHORTS}&${at}&page[per_page]=3000`));
  add('partnership', await list(p, `/api/v3/partnerships/ecf?${COHORTS}&${at}&page[per_page]=3000`));
  add('participant-declaration', await list(p, `/api/v3/participant-declarations?${at}&page[per_page]=3000`));
  add('participant-transfer', await list(p, `/api/v3/participants/ecf/transfers?${at}&page[per_page]=3000`));
  add('unfunded-mentor', await list(p, `/api/v3/unfunded-mentors/ecf?${at}&page[per_page]=3000`));
  add('statement', await list(p, `/api/v3/statements?${COHORTS}&${at}&page[per_page]=3000`));
  return out;
}

/** The provider's consumer: reads from its stored cursor to the end, page by page. */
async function follow(p: Provider, perPage = 50): Promise<{ keys: string[]; cursors: number[]; updatedAt: Map<string, string> }> {
  const keys: string[] = [];
  const cursors: number[] = [];
  const updatedAt = new Map<string, string>();
  for (;;) {
    const res = await h.request(`/api/v3/events?after=${p.cursor}&page[per_page]=${perPage}`, { token: p.token });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(EventsResponseSchema.safeParse(body).success).toBe(true);
    for (const e of body.data) {
      keys.push(`${e.attributes.resource_type}:${e.attributes.resource_id}`);
      updatedAt.set(keys.at(-1)!, e.attributes.updated_at);
      cursors.push(Number(e.attributes.cursor));
    }
    p.cursor = body.meta.next_cursor;
    if (!body.meta.has_more) return { keys, cursors, updatedAt };
  }
}

/** What a write can act on, read through the API now and then (ids, not state: writes may fail). */
interface Pools { recentPartnerships: string[]; payableStatements: string[]; participants: Json[]; declarations: Json[]; partnerships: Json[]; schools: Json[]; deliveryPartners: Json[]; statements: Json[]; mentors: Json[]; schoolIds: string[] }
async function pools(p: Provider): Promise<Pools> {
  const participants = await list(p, `/api/v3/participants/ecf?${COHORTS}&page[per_page]=3000`);
  return {
    recentPartnerships: [],
    payableStatements: [],
    participants,
    mentors: participants.filter((x) => x.attributes.ecf_enrolments.some((e: Json) => e.participant_type === 'mentor')),
    declarations: await list(p, '/api/v3/participant-declarations?page[per_page]=3000'),
    partnerships: await list(p, `/api/v3/partnerships/ecf?${COHORTS}&page[per_page]=3000`),
    schools: (await list(p, '/api/v3/schools/ecf?filter[cohort]=2025&page[per_page]=3000')).filter((s) => !s.attributes.in_partnership),
    deliveryPartners: await list(p, '/api/v3/delivery-partners?filter[cohort]=2025&page[per_page]=3000'),
    statements: await list(p, `/api/v3/statements?${COHORTS}&page[per_page]=3000`),
    schoolIds: (await list(p, '/api/v3/partnerships/ecf?filter[cohort]=2025&page[per_page]=3000')).map((x) => x.attributes.school_id),
  };
}

const SCHEDULES = ['ecf-standard-september', 'ecf-standard-january', 'ecf-standard-april', 'ecf-extended-september', 'ecf-reduced-september'];
const DECLARATION_TYPES = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed'];

type Write = (r: Random, p: Provider, pool: Pools) => { kind: string; path: string; method: string; body?: unknown } | null;

const enrolmentOf = (r: Random, pool: Pools) => {
  if (pool.participants.length === 0) return null;
  const participant = r.pick(pool.participants);
  const e = r.pick(participant.attributes.ecf_enrolments as Json[]);
  return { id: participant.id as string, e, course: e.participant_type === 'ect' ? 'ecf-induction' : 'ecf-mentor' };
};

const writes: [Write, number][] = [
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    if (!x) return null;
    const type = r.weighted([['started', 3], ...DECLARATION_TYPES.slice(1).map((t) => [t, 1] as const)] as [string, number][]);
    const cohort = cohorts.get(Number(x.e.cohort));
    const evidence = allowedEvidence({ detailedEvidence: cohort?.detailedEvidenceTypes ?? false, participantType: x.e.participant_type, declarationType: type })?.[0];
    const date = new Date(h.clock.now.getTime() - r.int(1, 72) * 3_600_000);
    return { kind: 'declaration submit', method: 'POST', path: '/api/v3/participant-declarations', body: {
      participant_id: x.id, declaration_type: type, declaration_date: `${date.toISOString().slice(0, 19)}Z`, course_identifier: x.course, ...(evidence ? { evidence_held: evidence } : {}),
    } };
  }, 4],
  [(r, _p, pool) => pool.declarations.length ? { kind: 'declaration void', method: 'PUT', path: `/api/v3/participant-declarations/${r.pick(pool.declarations).id}/void` } : null, 2],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && { kind: 'participant defer', method: 'PUT', path: `/api/v3/participants/ecf/${x.id}/defer`, body: { course_identifier: x.course, reason: 'long-term-sickness' } };
  }, 1],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && { kind: 'participant resume', method: 'PUT', path: `/api/v3/participants/ecf/${x.id}/resume`, body: { course_identifier: x.course } };
  }, 1],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && { kind: 'participant withdraw', method: 'PUT', path: `/api/v3/participants/ecf/${x.id}/withdraw`, body: { course_identifier: x.course, reason: 'other' } };
  }, 0.5],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && { kind: 'participant change-schedule', method: 'PUT', path: `/api/v3/participants/ecf/${x.id}/change-schedule`, body: { course_identifier: x.course, schedule_identifier: r.pick(SCHEDULES), cohort: x.e.cohort } };
  }, 1],
  [(r, _p, pool) => pool.schools.length && pool.deliveryPartners.length ? { kind: 'partnership create', method: 'POST', path: '/api/v3/partnerships/ecf', body: {
    cohort: '2025', school_id: r.pick(pool.schools).id, delivery_partner_id: r.pick(pool.deliveryPartners).id,
  } } : null, 1],
  [(r, _p, pool) => pool.partnerships.length && pool.deliveryPartners.length ? { kind: 'partnership update', method: 'PUT', path: `/api/v3/partnerships/ecf/${r.pick(pool.partnerships).id}`, body: {
    delivery_partner_id: r.pick(pool.deliveryPartners).id,
  } } : null, 1],
  // The school's and DfE's side, through the sandbox control API.
  [(r, _p, pool) => pool.schoolIds.length ? { kind: 'sandbox register', method: 'POST', path: '/api/sandbox/participants', body: {
    school_id: r.pick(pool.schoolIds), cohort: '2025', participant_type: r.pick(['ect', 'mentor']), full_name: `Random Person ${r.int(1, 1e9)}`,
    email: `random.${r.int(1, 1e9)}@example.com`, start_date: '2025-09-01', ...(r.chance(0.3) ? { eligibility: 'none' } : {}),
  } } : null, 1],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && { kind: 'sandbox validate', method: 'POST', path: `/api/sandbox/participants/${x.id}/validate`, body: { course_identifier: x.course, status: r.pick(['eligible', 'ineligible', 'manual_check']) } };
  }, 1],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && { kind: 'sandbox leaving', method: 'POST', path: `/api/sandbox/participants/${x.id}/leaving`, body: { course_identifier: x.course, leaving_on: '2026-07-31' } };
  }, 1],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && pool.schoolIds.length ? { kind: 'sandbox transfer', method: 'POST', path: `/api/sandbox/participants/${x.id}/transfer`, body: {
      course_identifier: x.course, school_id: r.pick(pool.schoolIds), leaving_on: '2026-07-31', joining_on: '2026-09-01',
    } } : null;
  }, 0.7],
  [(r, _p, pool) => {
    const x = enrolmentOf(r, pool);
    return x && pool.mentors.length ? { kind: 'sandbox mentor', method: 'POST', path: `/api/sandbox/participants/${x.id}/mentor`, body: { mentor_id: r.pick(pool.mentors).id } } : null;
  }, 1],
  [(r, _p, pool) => pool.recentPartnerships.length ? { kind: 'sandbox challenge', method: 'POST', path: `/api/sandbox/partnerships/${r.pick(pool.recentPartnerships)}/challenge`, body: { reason: r.pick(['mistake', 'no_ects']) } } : null, 0.5],
  [(r, _p, pool) => pool.statements.length ? { kind: 'sandbox payable', method: 'POST', path: `/api/sandbox/statements/${r.pick(pool.statements).id}/payable` } : null, 0.3],
  [(r, _p, pool) => pool.payableStatements.length ? { kind: 'sandbox paid', method: 'POST', path: `/api/sandbox/statements/${r.pick(pool.payableStatements)}/paid` } : null, 0.3],
];

describe('change feed under 1,000 random writes', () => {
  it('each consumer sees exactly the changes its provider can see, once each, in order', async () => {
    const r = createRandom(SEED);
    // A first read from the start of the feed is a full sync: everything the lists show, once.
    for (const p of providers) {
      const { keys, updatedAt } = await follow(p, 3000);
      const everything = await changedSince(p, new Date('2000-01-01T00:00:00Z'));
      expect(new Set(keys).size).toBe(keys.length);
      expect([...everything.keys()].filter((k) => !keys.includes(k)), 'missing from a full read').toEqual([]);
      expect([...everything].filter(([k, at]) => updatedAt.get(k) !== at && !k.startsWith('participant-transfer:')).map(([k, at]) => `${k} ${at} ${updatedAt.get(k)}`), 'updated_at').toEqual([]);
      // Older events may name what the provider no longer sees: such a path answers 404.
      for (const k of keys.filter((x) => !everything.has(x))) {
        const [type, id] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
        const res = await h.request(resourcePath(type, id), { token: p.token });
        expect(res.status, `${k}: in a full read but not in the lists`).toBe(404);
      }
    }
    const stats: Record<string, { ok: number; failed: number }> = {};
    const problems: string[] = [];
    let poolOf = new Map<string, Pools>();
    const recent = new Map(providers.map((p) => [p.id, { partnerships: [] as string[], statements: [] as string[] }]));
    let announced = 0;
    for (let i = 0; i < WRITES; i++) {
      if (i % 25 === 0) poolOf = new Map(await Promise.all(providers.map(async (p) => [p.id, await pools(p)] as const)));
      h.clock.now = new Date(START.getTime() + (i + 1) * 1000);
      const p = r.pick(providers);
      let write = null;
      const pool = { ...poolOf.get(p.id)!, recentPartnerships: recent.get(p.id)!.partnerships, payableStatements: recent.get(p.id)!.statements };
      while (!write) write = r.weighted(writes.map(([w, weight]) => [w, weight] as const))(r, p, pool);
      const res = await h.request(write.path, { method: write.method, token: p.token, ...(write.body === undefined ? {} : json(write.body)) });
      expect(res.status, `${write.kind} ${write.path}`).toBeLessThan(500);
      const ok = res.status === 200;
      stats[write.kind] ??= { ok: 0, failed: 0 };
      stats[write.kind]![ok ? 'ok' : 'failed'] += 1;
      const text = await res.text();
      if (!ok && process.env.FEED_DEBUG) console.log(write.kind, res.status, text);
      // Recent partnerships can still be challenged; payable statements can be paid.
      if (ok && write.kind === 'partnership create') recent.get(p.id)!.partnerships.push(JSON.parse(text).data.id);
      if (ok && write.kind === 'sandbox payable') recent.get(p.id)!.statements.push(JSON.parse(text).data.id);
      for (const q of providers) {
        const expected = new Set((await changedSince(q, h.clock.now)).keys());
        const { keys, cursors } = await follow(q);
        announced += keys.length;
        if (new Set(keys).size !== keys.length) problems.push(`#${i} ${write.kind}: duplicate events ${keys.join(' ')}`);
        for (const c of cursors) {
          if (c <= q.last) problems.push(`#${i} ${write.kind}: cursor ${c} not after ${q.last}`);
          q.last = c;
        }
        const missed = [...expected].filter((k) => !keys.includes(k));
        const extra = keys.filter((k) => !expected.has(k));
        if (missed.length || extra.length) problems.push(`#${i} ${write.kind} (${res.status}) for ${q === p ? 'writer' : 'other'}: missed ${missed.join(' ')} extra ${extra.join(' ')}`);
        if (!ok && keys.length) problems.push(`#${i} ${write.kind} failed (${res.status}) but announced ${keys.join(' ')}`);
        for (const k of keys) q.seen.set(k, (q.seen.get(k) ?? 0) + 1);
      }
      if (problems.length > 20) break;
    }
    console.info(`feed random writes: ${JSON.stringify(stats)}; ${announced} events announced`);
    expect(problems).toEqual([]);
    // Enough of every kind succeeded for the comparison to mean something.
    const succeeded = Object.values(stats).reduce((n, s) => n + s.ok, 0);
    expect(succeeded).toBeGreaterThan(WRITES * 0.3);
    for (const kind of ['declaration submit', 'declaration void', 'participant defer', 'participant resume', 'participant withdraw', 'participant change-schedule', 'partnership create', 'partnership update',
      'sandbox register', 'sandbox validate', 'sandbox leaving', 'sandbox transfer', 'sandbox mentor', 'sandbox challenge', 'sandbox payable', 'sandbox paid']) {
      expect(stats[kind]?.ok ?? 0, kind).toBeGreaterThan(0);
    }
  }, 900_000);
});
