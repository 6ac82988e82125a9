import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftedExports, exportPath } from '../../api/openapi/export';
import { createHarness, readJson, type Harness } from '../support/harness';

// The API reference pages are generated from docs/openapi/*.json, which `npm run docs:openapi`
// writes from the app. If the app's routes change, these committed documents must be regenerated.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe('the OpenAPI documents the guidance is generated from', () => {
  it('match what the app emits (run `npm run docs:openapi` after changing a route)', () => {
    expect(driftedExports()).toEqual([]);
  });

  it.each(['v1', 'v2', 'v3', 'sandbox', 'operator'] as const)('are the %s document the running app serves', async (name) => {
    const served = await readJson(await h.request(`/api-docs/${name}/openapi.json`));
    expect(JSON.parse(readFileSync(exportPath(name), 'utf8'))).toEqual(served);
  });
});
