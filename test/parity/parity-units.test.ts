import { describe, expect, it } from 'vitest';
import { parseCatalogue, queryString } from '../../api/cli/parity/catalogue';
import { compareBodies, compileExclusions, isDataOnly, shapeOf } from '../../api/cli/parity/compare';
import { fillPlaceholders, SourceItems } from '../../api/cli/parity/dynamic-values';
import { readBody, send } from '../../api/cli/parity/http-exchange';
import { parseTokens } from '../../api/cli/parity/tokens';

const none = compileExclusions([]);

describe('comparing bodies', () => {
  it('names each differing field by its path, and fields or rows on one side only', () => {
    const a = { data: [{ id: '1', attributes: { name: 'A', tags: ['x'] } }, { id: '2' }] };
    const b = { data: [{ id: '1', attributes: { name: 'B', tags: ['x', 'y'], extra: true } }] };
    expect(compareBodies(a, b, none)).toEqual([
      { path: 'data[0].attributes.name', kind: 'changed', a: 'A', b: 'B' },
      { path: 'data[0].attributes.tags[1]', kind: 'only in b', b: 'y' },
      { path: 'data[0].attributes.extra', kind: 'only in b', b: true },
      { path: 'data[1]', kind: 'only in a', a: { id: '2' } },
    ]);
    expect(compareBodies({ a: null }, { a: 0 }, none)).toEqual([{ path: 'a', kind: 'changed', a: null, b: 0 }]);
    expect(compareBodies({ a: [1] }, { a: { 0: 1 } }, none)).toHaveLength(1);
    expect(compareBodies('x', 'y', none)).toEqual([{ path: '(body)', kind: 'changed', a: 'x', b: 'y' }]);
  });

  it('leaves out excluded fields: a bare name anywhere, a path from the top with * for any key or index', () => {
    const a = { data: [{ attributes: { updated_at: 1, created_at: 1, nested: { updated_at: 1 } } }], meta: { created_at: 1 } };
    const b = { data: [{ attributes: { updated_at: 2, created_at: 2, nested: { updated_at: 2 } } }], meta: { created_at: 2 } };
    expect(compareBodies(a, b, compileExclusions(['updated_at'])).map((d) => d.path)).toEqual(['data[0].attributes.created_at', 'meta.created_at']);
    expect(compareBodies(a, b, compileExclusions(['updated_at', 'data.*.attributes.created_at'])).map((d) => d.path)).toEqual(['meta.created_at']);
    expect(compareBodies(a, b, compileExclusions(['updated_at', '$.data[*].attributes.created_at', '$.meta'])).map((d) => d.path)).toEqual([]);
    // An excluded field present on one side only is no difference either.
    expect(compareBodies({ x: 1, data: { id: 'a' } }, { x: 1 }, compileExclusions(['data.id']))).toEqual([{ path: 'data', kind: 'only in a', a: { id: 'a' } }]);
    expect(compareBodies({ x: 1, id: 'a' }, { x: 1 }, compileExclusions(['id']))).toEqual([]);
  });

  it('reads a CSV file as rows keyed by column, so exclusions name columns', () => {
    const a = readBody('id,name,updated_at\n1,Ann,2025\n2,Bob,2025\n', 'text/csv');
    const b = readBody('id,name,updated_at\n1,Ann,2026\n2,Rob,2026\n', 'text/csv; charset=utf-8');
    expect(a).toEqual({ kind: 'csv', value: [{ id: '1', name: 'Ann', updated_at: '2025' }, { id: '2', name: 'Bob', updated_at: '2025' }] });
    expect(compareBodies(a.value, b.value, compileExclusions(['updated_at']))).toEqual([{ path: '[1].name', kind: 'changed', a: 'Bob', b: 'Rob' }]);
    expect(readBody('{"a":1}', 'application/vnd.api+json')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(readBody('<html>', 'text/html')).toEqual({ kind: 'text', value: '<html>' });
  });
});

describe('comparing shapes', () => {
  it('keeps fields and types, and ignores what is only data: nulls and empty lists', () => {
    expect(shapeOf({ data: [{ id: 'x', n: 1, ok: true, none: null }, { other: 1 }], list: [] })).toEqual({ data: [{ id: 'string', n: 'number', ok: 'boolean', none: 'null' }], list: [] });
    const differences = compareBodies(shapeOf({ a: null, b: [], c: 's', d: 1 }), shapeOf({ a: 'x', b: [1], c: 2, d: 1, e: 0 }), none);
    expect(differences.filter((d) => !isDataOnly(d))).toEqual([
      { path: 'c', kind: 'changed', a: 'string', b: 'number' },
      { path: 'e', kind: 'only in b', b: 'number' },
    ]);
  });
});

describe('the catalogue', () => {
  it('reads the reference format: methods, one path per entry, options, merge keys', () => {
    const c = parseCatalogue([
      'exclude: [type]',
      'get:',
      '  - "/api/v3/statements":',
      '      paginate: true',
      '      query: { filter: { cohort: "2022,2023", updated_since: "2024-11-13T11:21:55Z" } }',
      '  - "/api/v3/statements/:id": { id: ":statement", exclude: [updated_at] }',
      'put:',
      '  - "/api/v3/x/{id}": &x { id: ":s", description: first }',
      '  - "/api/v3/y/{id}": { <<: *x, description: second }',
    ].join('\n'));
    expect(c.entries.map((e) => e.label)).toEqual([
      'GET /api/v3/statements?filter[cohort]=2022,2023&filter[updated_since]=2024-11-13T11:21:55Z',
      'GET /api/v3/statements/:id',
      'PUT /api/v3/x/{id} (first)',
      'PUT /api/v3/y/{id} (second)',
    ]);
    expect(c.entries[1]).toMatchObject({ id: ':statement', exclude: ['type', 'updated_at'], paginate: false, perPage: 100 });
    expect(c.entries[3]!.id).toBe(':s');
  });

  it('takes the reference catalogue\'s ecf_path (the old service is A) and named bodies', () => {
    const c = parseCatalogue([
      'sources:',
      '  partnership_id: { from: /api/v3/partnerships/ecf }',
      'bodies:',
      '  partnership_update_body: { data: { type: ecf-partnership-update, attributes: { delivery_partner_id: ":partnership_id.attributes.delivery_partner_id" } } }',
      'put:',
      '  - "/api/v3/partnerships/:id":',
      '      ecf_path: "/api/v3/partnerships/ecf/:id"',
      '      id: ":partnership_id"',
      '      body: partnership_update_body',
    ].join('\n'));
    expect(c.entries[0]).toMatchObject({ aPath: '/api/v3/partnerships/ecf/:id', body: { data: { type: 'ecf-partnership-update' } } });
    expect(() => parseCatalogue('put:\n  - "/x": { body: nowhere }\n')).toThrow(/names body "nowhere"/);
  });

  it('refuses a path with an id but no id option, unknown options and a bad shape', () => {
    expect(() => parseCatalogue('get:\n  - "/api/v3/statements/{id}": {}\n')).toThrow(/no "id" option/);
    expect(() => parseCatalogue('get:\n  - "/api/v3/statements": { pagiante: true }\n')).toThrow(/pagiante/);
    expect(() => parseCatalogue('get:\n  - "/a": {}\n    "/b": {}\n')).toThrow(/one path/);
    expect(() => parseCatalogue('gets: []\n')).toThrow(/gets/);
  });

  it('writes queries with readable brackets and encoded values', () => {
    expect(queryString({ filter: { cohort: 2025, urn: 'a b&c' }, sort: '-updated_at', page: { page: 2, per_page: 50 } }))
      .toBe('filter[cohort]=2025&filter[urn]=a%20b%26c&sort=-updated_at&page[page]=2&page[per_page]=50');
  });
});

describe('dynamic values', () => {
  const list = { data: [{ id: 'p1', attributes: { state: 'paid', cohort: '2024', enrolments: [{ course: 'ecf-mentor' }] } }, { id: 'p2', attributes: { state: 'submitted', cohort: '2025', enrolments: [{ course: 'ecf-induction' }] } }] };
  const sources = (seed = 1) => new SourceItems({
    first: { from: '/l', pick: 'first' },
    submitted: { from: '/l', pick: 'first', where: { 'attributes.state': 'submitted', 'attributes.cohort': 2025 } },
    random: { from: '/l', pick: 'random' },
    none: { from: '/l', pick: 'first', where: { 'attributes.state': 'gone' } },
  }, 'LP', seed, async () => list);

  it('fill ids, fields (keeping their type) and nested bodies from the picked items', async () => {
    const s = sources();
    const template = { id: ':first', body: { course: ':submitted.attributes.enrolments.0.course', all: [':submitted.attributes'] }, literal: 'x:first', time: '10:00' };
    expect(fillPlaceholders(template, await s.itemsFor(template))).toEqual({
      id: 'p1', body: { course: 'ecf-induction', all: [list.data[1]!.attributes] }, literal: 'x:first', time: '10:00',
    });
  });

  it('a random pick depends on the seed only, and a source with no match is an unresolved value', async () => {
    const picks = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (seed) => fillPlaceholders(':random', await sources(seed).itemsFor(':random'))));
    expect(new Set(picks)).toEqual(new Set(['p1', 'p2']));
    expect(fillPlaceholders(':random', await sources(3).itemsFor(':random'))).toBe(picks[2]);
    await expect(sources().itemsFor(':none')).rejects.toThrow(/no item of \/l matches/);
    await expect(sources().itemsFor(':unknown')).rejects.toThrow(/names no source/);
    expect(() => fillPlaceholders(':first.attributes.missing', { first: list.data[0] })).toThrow(/has no attributes.missing/);
  });
});

describe('tokens file and requests', () => {
  it('reads YAML or JSON, one entry per lead provider', () => {
    expect(parseTokens('Ambition Institute:\n  a: t1\n  b: t2\n')).toEqual([{ name: 'Ambition Institute', a: 't1', b: 't2' }]);
    expect(parseTokens('{"Teach First": {"a": "x", "b": "y"}}')).toEqual([{ name: 'Teach First', a: 'x', b: 'y' }]);
    expect(() => parseTokens('')).toThrow(/lead provider/);
    expect(() => parseTokens('X:\n  a: only-one\n')).toThrow(/b/);
  });

  it('waits out a 429 as Retry-After says, then compares the real answer', async () => {
    const answers = [new Response('', { status: 429, headers: { 'Retry-After': '2' } }), Response.json({ ok: true })];
    const slept: number[] = [];
    const res = await send({ method: 'GET', url: 'http://x/a', token: 't' }, { fetch: async () => answers.shift()!, sleep: async (ms) => { slept.push(ms); } });
    expect(res).toMatchObject({ status: 200, body: { kind: 'json', value: { ok: true } } });
    expect(slept).toEqual([2000]);
    const down = await send({ method: 'GET', url: 'http://x/a', token: 't' }, { fetch: async () => { throw new Error('connect ECONNREFUSED'); } });
    expect(down).toMatchObject({ status: 0, error: 'connect ECONNREFUSED' });
  });
});
