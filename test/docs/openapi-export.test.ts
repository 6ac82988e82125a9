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
    const committed = JSON.parse(readFileSync(exportPath(name), 'utf8'));
    // Only the servers differ: a deployment other than DfE's (here the default SERVICE_URL) lists itself first.
    expect(served.servers).toEqual([{ url: 'http://localhost:8787', description: 'This deployment' }, ...committed.servers]);
    expect({ ...committed, servers: [] }).toEqual({ ...served, servers: [] });
  });
});

describe('the servers of the OpenAPI documents', () => {
  it('are absolute: DfE’s sandbox and production by default (the sandbox control API only the sandbox)', () => {
    for (const name of ['v1', 'v2', 'v3', 'operator'] as const) {
      expect(JSON.parse(readFileSync(exportPath(name), 'utf8')).servers).toEqual([
        { url: 'https://sb.manage-training-for-early-career-teachers.education.gov.uk', description: 'Sandbox' },
        { url: 'https://manage-training-for-early-career-teachers.education.gov.uk', description: 'Production' },
      ]);
    }
    expect(JSON.parse(readFileSync(exportPath('sandbox'), 'utf8')).servers)
      .toEqual([{ url: 'https://sb.manage-training-for-early-career-teachers.education.gov.uk', description: 'Sandbox' }]);
  });

  it('come from configuration, and a deployment at one of them does not list itself twice', async () => {
    const configured = await createHarness({ PRODUCTION_URL: 'https://lp-api.example.gov.uk/', SANDBOX_URL: 'https://sandbox.lp-api.example.gov.uk', SERVICE_URL: 'https://sandbox.lp-api.example.gov.uk' });
    try {
      const doc = await readJson(await configured.request('/api-docs/v3/openapi.json'));
      expect(doc.servers).toEqual([
        { url: 'https://sandbox.lp-api.example.gov.uk', description: 'Sandbox' },
        { url: 'https://lp-api.example.gov.uk', description: 'Production' },
      ]);
      const yaml = await (await configured.request('/api-docs/v3/openapi.yaml')).text();
      expect(yaml).toContain('url: https://lp-api.example.gov.uk');
    } finally {
      configured.close();
    }
  });
});

describe('the X-With-Server-Date header', () => {
  it('is documented on every operation of every document, as optional, with the range the API accepts', () => {
    for (const name of ['v1', 'v2', 'v3', 'sandbox', 'operator'] as const) {
      const doc = JSON.parse(readFileSync(exportPath(name), 'utf8'));
      for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean; description: string }[] }>>)) {
        for (const [method, operation] of Object.entries(item)) {
          if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
          const header = operation.parameters?.find((p) => p.in === 'header' && p.name === 'X-With-Server-Date');
          expect(header, `${name} ${method} ${path}`).toMatchObject({ required: false });
          expect(header!.description).toContain('2020 and 2040');
        }
      }
    }
  });
});
