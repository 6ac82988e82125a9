import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi/document';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createV3Api } from '../../api/v3';
import { seedSandbox } from '../../db/seed/sandbox';
import { createHarness, readJson, type Harness, type Json } from '../support/harness';
import { allExamples, isUuid, keyDifferences, pathTemplate, valueDifferences, type GuidanceExample } from './guidance-examples';
import { operationsOf } from '../support/openapi-operations';

// Every example request in the guidance is sent to the app, on the seeded sandbox data set, and
// must answer with the documented status and a body with the documented keys. Ids in the
// examples are placeholders: each is replaced by a record in the right state for that request.

let h: Harness;
let token: string;
/** Tokens of two providers: every example must work for any provider on a fresh sandbox. */
const tokens: { name: string; token: string }[] = [];
const examples = allExamples();

beforeAll(async () => {
  h = await createHarness();
  const lps = await seedSandbox(h.db, { now: h.clock.now, scale: 'default' });
  for (const lp of [lps[0]!, lps.at(-1)!]) tokens.push({ name: lp.name, token: await createApiToken(h.db, lp.id, h.clock.now) });
});
afterAll(() => h?.close());

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
  const res = await h.request(path, {
    method, token,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await readJson(res);
  if (res.status !== 200) throw new Error(`Preparing the example: ${method} ${path} answered ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// Records in the state each example needs, made fresh so that examples do not depend on each other.
let counter = 0;
const scenarios = async () => (await api('GET', '/api/sandbox/scenarios')).data;
const myActivePartnerships = async () =>
  ((await api('GET', '/api/v3/partnerships/ecf?filter[cohort]=2025&page[per_page]=3000')).data as Json[]).filter((p) => p.attributes.status === 'active');
const deliveryPartners2025 = async () => (await api('GET', '/api/v3/delivery-partners?filter[cohort]=2025')).data as Json[];

async function freshEct(): Promise<string> {
  counter += 1;
  const registered = await api('POST', '/api/sandbox/participants', { data: { attributes: {
    school_id: (await scenarios()).schools.partnered_2025, cohort: '2025', participant_type: 'ect',
    full_name: `Docs Example ${counter}`, email: `docs-example-${counter}@example.com`, teacher_reference_number: String(7000000 + counter),
  } } });
  return registered.data.id;
}

async function declare(participantId: string, date = '2025-10-01T10:00:00Z'): Promise<string> {
  const declared = await api('POST', '/api/v3/participant-declarations', { data: { type: 'participant-declaration', attributes: {
    participant_id: participantId, declaration_type: 'started', declaration_date: date, course_identifier: 'ecf-induction', evidence_held: 'training-event-attended',
  } } });
  return declared.data.id;
}

interface Prepared { id?: string; values?: Record<string, string>; /** Puts back what preparing changed, for the examples after. */ cleanup?: () => Promise<unknown> }

/** What each request with ids needs, by method, path and documented status. */
const prepare: Record<string, (status: number, example: GuidanceExample) => Promise<Prepared>> = {
  'GET /api/v3/delivery-partners/{id}': async () => ({ id: (await deliveryPartners2025())[0].id }),
  'GET /api/v3/schools/ecf/{id}': async () => ({ id: (await scenarios()).schools.partnered_2025 }),
  'POST /api/v3/partnerships/ecf': async (status) => {
    const [dp] = await deliveryPartners2025();
    if (status === 422) return { values: { school_id: (await scenarios()).schools.partnered_2025, delivery_partner_id: dp.id } };
    return { values: { school_id: (await scenarios()).schools.can_partner_2025, delivery_partner_id: dp.id } };
  },
  'GET /api/v3/partnerships/ecf/{id}': async () => ({ id: (await scenarios()).partnerships.active_2025 }),
  'PUT /api/v3/partnerships/ecf/{id}': async () => {
    const [partnership] = await myActivePartnerships();
    const other = (await deliveryPartners2025()).find((dp) => dp.id !== partnership.attributes.delivery_partner_id);
    return { id: partnership.id, values: { delivery_partner_id: other.id } };
  },
  'GET /api/v3/participants/ecf/{id}': async () => ({ id: await freshEct() }),
  'PUT /api/v3/participants/ecf/{id}/defer': async () => ({ id: await freshEct() }),
  'PUT /api/v3/participants/ecf/{id}/withdraw': async () => ({ id: await freshEct() }),
  'PUT /api/v3/participants/ecf/{id}/change-schedule': async () => ({ id: await freshEct() }),
  'PUT /api/v3/participants/ecf/{id}/resume': async () => {
    const id = await freshEct();
    await api('PUT', `/api/v3/participants/ecf/${id}/defer`, { data: { type: 'participant-defer', attributes: { reason: 'other', course_identifier: 'ecf-induction' } } });
    return { id };
  },
  'GET /api/v3/participants/ecf/{id}/transfers': async () => ({ id: (await scenarios()).transfers.unknown_incomplete }),
  'GET /api/v3/unfunded-mentors/ecf/{id}': async () => ({ id: (await scenarios()).unfunded_mentor }),
  'POST /api/v3/participant-declarations': async (status, example) => {
    if (example.source.startsWith('ecf/closed-cohorts')) {
      // The page's case: an ECT moved out of the closed 2021 cohort, moved back to it, then declared for.
      const moved = (await scenarios()).participants.moved_from_frozen_cohort;
      const back = await h.request(`/api/v3/participants/ecf/${moved}/change-schedule`, {
        method: 'PUT', token, headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: { type: 'participant-change-schedule', attributes: { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort: 2021 } } }),
      });
      const enrolment = (await api('GET', `/api/v3/participants/ecf/${moved}`)).data.attributes.ecf_enrolments[0];
      expect({ status: back.status, cohort: enrolment.cohort, moved: enrolment.cohort_changed_after_payments_frozen }).toEqual({ status: 200, cohort: '2021', moved: false });
      const out = { type: 'participant-change-schedule', attributes: { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction', cohort: 2024 } };
      return { values: { participant_id: moved }, cleanup: () => api('PUT', `/api/v3/participants/ecf/${moved}/change-schedule`, { data: out }) };
    }
    const participant = await freshEct();
    if (status === 422) await declare(participant, '2025-09-15T10:00:00Z');
    return { values: { participant_id: participant } };
  },
  'GET /api/v3/participant-declarations': async () => {
    await declare(await freshEct());
    return {};
  },
  'GET /api/v3/participant-declarations/{id}': async () => ({ id: await declare(await freshEct()) }),
  'PUT /api/v3/participant-declarations/{id}/void': async () => ({ id: await declare(await freshEct()) }),
  'GET /api/v3/statements/{id}': async () => ({ id: (await scenarios()).next_open_statement_by_cohort['2025'] }),
  'POST /api/sandbox/participants': async () => ({ values: { school_id: (await scenarios()).schools.partnered_2025 } }),
  'POST /api/sandbox/partnerships/{id}/challenge': async () => ({ id: (await myActivePartnerships()).at(-1).id }),
};

/** Replaces every id in the example with a prepared one; an id nobody prepared fails the test. */
function substitute(example: GuidanceExample, prepared: Prepared) {
  const missing: string[] = [];
  /** Documented id → the prepared one it was replaced with. */
  const idMap = new Map<string, string>();
  const resolve = (name: string, documented: string) => {
    const value = name === '{id}' ? prepared.id : prepared.values?.[name];
    if (!value) missing.push(name);
    else idMap.set(documented.toLowerCase(), value);
    return value ?? 'unresolved';
  };
  const [path, query] = example.target.split('?') as [string, string | undefined];
  let target = path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => resolve('{id}', id));
  if (query) {
    target += `?${query.split('&').map((pair) => {
      const [key, value] = pair.split('=') as [string, string];
      const name = /^filter\[(.+)\]$/.exec(key)?.[1] ?? key;
      return isUuid(value) ? `${key}=${resolve(name, value)}` : pair;
    }).join('&')}`;
  }
  const body = JSON.parse(JSON.stringify(example.body ?? null), (key, value) => (isUuid(value) ? resolve(key, value) : value));
  return { target, body: example.body === undefined ? undefined : body, missing, idMap };
}

/** The documented response with the ids the request used replaced by the real ones. */
const replaceIds = (value: unknown, idMap: Map<string, string>): unknown =>
  JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' && idMap.has(v.toLowerCase()) ? idMap.get(v.toLowerCase()) : v));

describe('the example requests in the guidance', () => {
  it('are found on the pages, and cover every v3 operation', () => {
    expect(examples.length).toBeGreaterThan(20);
    const documented = new Set(examples.map((e) => `${e.method} ${pathTemplate(e.target)}`));
    const doc = buildOpenApiDocument('v3', createV3Api()) as unknown as { paths: Record<string, Record<string, unknown>> };
    // Extensions (x-extension: true: the webhooks of the change feed) are described in prose on
    // the sync guidance; their behaviour is tested in test/events/. The feed itself has an example.
    const isExtension = (method: string, path: string) => (doc.paths[path]?.[method.toLowerCase()] as { 'x-extension'?: boolean } | undefined)?.['x-extension'] === true;
    const operations = operationsOf(doc).filter(({ method, path }) => !isExtension(method, path) || path === '/api/v3/events')
      .map(({ method, path }) => `${method} ${path.replace(/\{[^}]+\}/g, '{id}')}`);
    expect(operations.filter((op) => !documented.has(op)), 'v3 operations without an example in the guidance').toEqual([]);
  });

  it.each([0, 1])('take their ids from GET /api/sandbox/scenarios, which has each provider’s own (provider %i)', async (who) => {
    token = tokens[who]!.token;
    const found = await scenarios();
    const school = (await api('GET', `/api/v3/schools/ecf/${found.schools.partnered_2025}?filter[cohort]=2025`)).data;
    expect(school.attributes.in_partnership).toBe(true);
    const partnership = (await api('GET', `/api/v3/partnerships/ecf/${found.partnerships.active_2025}`)).data;
    expect(partnership.attributes).toMatchObject({ cohort: '2025', status: 'active' });
    const transfer = (await api('GET', `/api/v3/participants/ecf/${found.transfers.unknown_incomplete}/transfers`)).data;
    expect(transfer.attributes.transfers.map((t: Json) => `${t.transfer_type}_${t.status}`)).toContain('unknown_incomplete');
    expect((await api('GET', `/api/v3/unfunded-mentors/ecf/${found.unfunded_mentor}`)).data.id).toBe(found.unfunded_mentor);
    const statement = (await api('GET', `/api/v3/statements/${found.next_open_statement_by_cohort['2025']}`)).data;
    expect(statement.attributes).toMatchObject({ cohort: '2025', paid: false });
  });

  // Every example, as the first and as the last seeded provider: ids come from what that
  // provider's own sandbox has (mostly GET /api/sandbox/scenarios), never from another's.
  it.each([0, 1].flatMap((who) => examples.map((e) => [`${e.method} ${e.target} (${e.source}, provider ${who + 1})`, e, who] as const)))('%s', async (_name, example, who) => {
    token = tokens[who]!.token;
    const template = `${example.method} ${pathTemplate(example.target)}`;
    const prepared = (await prepare[template]?.(example.status, example)) ?? {};
    onTestFinished(async () => { await prepared.cleanup?.(); });
    const { target, body, missing, idMap } = substitute(example, prepared);
    // A person registers once in the whole sandbox, whichever provider registers them (the page
    // says to use your own details): the second provider sends another email address and TRN.
    if (template === 'POST /api/sandbox/participants' && who > 0) Object.assign(body.data.attributes, { email: `provider-${who}-${body.data.attributes.email}`, teacher_reference_number: String(8000000 + who) });
    expect(missing, `${example.source}: ids the test does not know how to provide for ${template} (add them to \`prepare\`)`).toEqual([]);

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(example.headers)) headers[name] = value.replace('<token>', token).replace('$TOKEN', token);
    const res = await h.request(target, { method: example.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    expect(res.status, `${example.source}: ${example.method} ${target} answered ${text.slice(0, 500)}`).toBe(example.status);
    if (example.response !== undefined) {
      const actual = JSON.parse(text);
      const problems = keyDifferences(example.response, actual, example.abridged);
      expect(problems, `${example.source}: the documented response does not match the real one`).toEqual([]);
      // The documented values too: the same record the request asked for, in the same state and cohort.
      const values = valueDifferences(replaceIds(example.response, idMap), actual, new Set(idMap.values()));
      expect(values, `${example.source}: the documented values differ from the real ones`).toEqual([]);
      // A list filtered by cohort shows records of that cohort (a statement or partnership of another cohort misleads).
      const cohortFilter = /filter\[cohort\]=([\d,]+)/.exec(example.target)?.[1]?.split(',');
      const listed = (example.response as { data?: unknown }).data;
      if (cohortFilter && Array.isArray(listed)) {
        const shown = listed.map((r: { attributes?: { cohort?: unknown } }) => r.attributes?.cohort).filter((c) => typeof c === 'string');
        expect(shown.filter((c) => !cohortFilter.includes(c as string)), `${example.source}: records of another cohort than filter[cohort]`).toEqual([]);
      }
    }
  });
});
