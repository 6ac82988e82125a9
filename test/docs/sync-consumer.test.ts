import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResource, syncOnce, type CursorStore, type FeedEvent } from '../../docs/examples/sync-consumer/consumer';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';

// The guidance's sample consumer of the change feed (docs/examples/sync-consumer/), run against
// the app: `npm run typecheck` checks it against the generated types (this file imports it), and
// the types must be what openapi-typescript makes of our current v3 document.

let h: Harness;
let lp: LeadProviderFixture;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2024, 2025] });
});
afterAll(() => h.close());

const memoryStore = (): CursorStore & { cursor?: string } => ({
  async load() { return this.cursor; },
  async save(cursor) { this.cursor = cursor; },
});

describe('sample sync consumer', () => {
  it('uses types generated from the current v3 document', async () => {
    // The CLI, as the guidance says to run it (the library refuses the contract's repeated operation ids; the CLI warns).
    const dir = mkdtempSync(join(tmpdir(), 'schema-'));
    const out = join(dir, 'schema.d.ts');
    execFileSync(process.execPath, [new URL('../../node_modules/openapi-typescript/bin/cli.js', import.meta.url).pathname, 'docs/openapi/v3.json', '-o', out], { stdio: 'ignore' });
    const expected = readFileSync(out, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    expect(readFileSync(new URL('../../docs/examples/sync-consumer/schema.d.ts', import.meta.url), 'utf8'),
      'run: npx openapi-typescript docs/openapi/v3.json -o docs/examples/sync-consumer/schema.d.ts').toBe(expected);
  });

  it('reads everything once, then only what changed, and reads each resource back', async () => {
    const store = memoryStore();
    const seen: FeedEvent[] = [];
    const read: unknown[] = [];
    const options = {
      baseUrl: 'http://localhost', token: lp.token, store, pageSize: 7,
      fetch: async (request: Request) => h.app.fetch(request),
      handle: async (event: FeedEvent, client: Parameters<typeof readResource>[0]) => {
        seen.push(event);
        read.push(await readResource(client, event));
      },
    };
    const statements = (await h.client.execute({ sql: 'SELECT id FROM statements WHERE lead_provider_id = ? AND output_fee = 1', args: [lp.id] })).rows.map((r) => String(r.id));
    expect(await syncOnce(options)).toBe(statements.length);
    expect(new Set(seen.map((e) => e.attributes.resource_id))).toEqual(new Set(statements));
    expect(read.every((r) => (r as { type: string }).type === 'statement')).toBe(true);
    expect(await syncOnce(options)).toBe(0);
    await h.client.execute({ sql: 'UPDATE statements SET updated_at = updated_at + 1000 WHERE id = ?', args: [statements[3]!] });
    seen.length = 0;
    expect(await syncOnce(options)).toBe(1);
    expect(seen[0]!.attributes).toMatchObject({ resource_type: 'statement', resource_id: statements[3], path: `/api/v3/statements/${statements[3]}` });
    expect(store.cursor).toBe(seen[0]!.attributes.cursor);
  });
});
