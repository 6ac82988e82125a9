import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_SEGMENT, loadCatalogue, type CatalogueEntry } from '../../api/cli/parity/catalogue';
import { placeholdersIn } from '../../api/cli/parity/dynamic-values';
import { DEFAULT_CATALOGUE } from '../../api/cli/parity/main';
import { documentedOperations, type DocumentedOperation } from '../support/documents';
import { createHarness, type Harness } from '../support/harness';

// The shipped catalogue must replay every operation the v1, v2 and v3 documents list (the /ecf
// paths and v3's successor paths), so a new route without an entry fails here.

let h: Harness;
let operations: DocumentedOperation[];
const catalogue = loadCatalogue(DEFAULT_CATALOGUE);

beforeAll(async () => {
  h = await createHarness();
  operations = await documentedOperations(h);
});
afterAll(() => h.close());

const template = (path: string) => path.replace(ID_SEGMENT, '{id}');
const key = (method: string, path: string) => `${method} ${template(path)}`;
/** The operations an entry sends: its path on B, and on A (the /ecf twin of a successor path). */
const sent = (e: CatalogueEntry) => [e.bPath ?? e.path, e.aPath ?? e.path].map((p) => key(e.method, p));

// Operations marked `x-extension: true` are this service's own additions (the change feed and
// webhooks): the old service has nothing to compare them with, so the catalogue leaves them out.
const isExtension = (op: DocumentedOperation) => op.operation['x-extension'] === true;

describe('the shipped parity catalogue', () => {
  it('has an entry for every documented operation of v1, v2 and v3', () => {
    const covered = new Set(catalogue.entries.flatMap(sent));
    const missing = operations.filter((op) => !isExtension(op)).map((op) => key(op.method, op.path)).filter((k) => !covered.has(k));
    expect(operations.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('sends only documented operations', () => {
    const documented = new Set(operations.map((op) => key(op.method, op.path)));
    expect(catalogue.entries.flatMap(sent).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('names only sources it defines, and a successor path goes to its /ecf twin on A', () => {
    for (const e of catalogue.entries) {
      for (const name of placeholdersIn([e.id, e.query, e.body])) expect(catalogue.sources, `${e.label} uses :${name}`).toHaveProperty(name);
      if (e.aPath) expect(template(e.aPath)).toBe(template(e.path).replace(/^\/api\/v3\/(participants|partnerships|schools|unfunded-mentors)/, '/api/v3/$1/ecf'));
    }
  });

  it('pages through every documented list it reads, and sends writes only as POST or PUT', () => {
    // Extensions (the change feed, webhooks) are not in the catalogue: the other service has none.
    const lists = operations.filter((op) => !isExtension(op) && op.method === 'GET' && op.operation.parameters?.some((p: { name: string }) => p.name === 'page'));
    for (const op of lists) {
      expect(catalogue.entries.some((e) => e.method === 'GET' && template(e.path) === op.path && e.paginate), op.path).toBe(true);
    }
    expect(new Set(catalogue.entries.map((e) => e.method))).toEqual(new Set(['GET', 'POST', 'PUT']));
  });
});
