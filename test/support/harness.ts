import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { type Db } from '../../db/client';
import { connectExportReader, connectLibsql } from '../../db/libsql';
import { enablePageSeeking } from '../../api/services/paging/page-seek';
import { applyMigrations } from '../../db/migrate';
import { loadReferenceData } from '../../db/reference-data/load';
import { createApp } from '../../api/app';
import type { z } from 'zod';
import { configSchema } from '../../api/env';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';

export interface Harness {
  app: ReturnType<typeof createApp>;
  db: Db;
  /** The raw libSQL client, for tests that check the data with plain SQL. */
  client: Client;
  /** The database file's URL, for a test that opens a second connection to it. */
  url: string;
  /** The clock the app reads when no X-With-Server-Date is sent; tests may move it. */
  clock: { now: Date };
  /** Counts statements sent to the database, to prove lists use a constant number of queries. */
  queries: { count: number };
  /** Counts statements sent through the export connection (CSV downloads), which the harness opens as the Node server does. */
  exportQueries: { count: number };
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** How many database calls `work` makes. */
  countQueries(work: () => Promise<unknown>): Promise<number>;
  close(): void;
}

/**
 * Boots the real app on a fresh, migrated database with reference data loaded. A temp file per
 * harness (libSQL's `:memory:` forgets the schema after the first transaction).
 */
export interface HarnessOptions {
  /** Delay every database call, as a remote database (libSQL server, D1) would: lets tests
   *  interleave concurrent requests for real, to prove races end cleanly. */
  latencyMs?: number;
}

/** `overrides` are configuration as the environment gives it (parsed like the real hosts do). */
export async function createHarness(overrides: Partial<z.input<typeof configSchema>> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'lpapi-'));
  const url = `file:${join(dir, 'test.db')}`;
  const { db, client } = connectLibsql(url);
  enablePageSeeking(db); // as the Node server does on its embedded file: every list suite runs through it
  await applyMigrations(db);
  const clock = { now: new Date('2025-11-15T10:00:00Z') };
  await loadReferenceData(db, clock.now);

  const queries = { count: 0 };
  const exportQueries = { count: 0 };
  const exporter = await connectExportReader(url);
  for (const [counted, counter] of [[client, queries], [exporter.client, exportQueries]] as const) {
    for (const method of ['execute', 'batch'] as const) {
      const original = counted[method].bind(counted) as (...args: unknown[]) => unknown;
      (counted as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        counter.count += 1;
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        return original(...args);
      };
    }
  }

  // Suites send thousands of requests without a valid token on purpose (401 checks, fuzzing):
  // the failed-authentication limit gets its own tests, which set it.
  const config = configSchema.parse({ APP_ENV: 'test', UNAUTHENTICATED_RATE_LIMIT_REQUESTS: 1_000_000, ...overrides });
  const app = createApp({
    db,
    exportDb: exporter.db,
    config,
    clock: () => clock.now,
    rateLimiter: createMemoryRateLimiter(),
  });
  return {
    app,
    db,
    client,
    url,
    clock,
    queries,
    exportQueries,
    request(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      return Promise.resolve(app.request(path, { ...rest, headers }));
    },
    async countQueries(work) {
      const before = queries.count;
      await work();
      return queries.count - before;
    },
    close() {
      exporter.client.close();
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Response bodies in tests are checked field by field, so they are read untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export const readJson = (res: Response): Promise<Json> => res.json() as Promise<Json>;

/** Every row of a list endpoint, page by page at 3,000 rows (each page must answer 200). */
export async function allPages(h: Pick<Harness, 'request'>, path: string, token: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let page = 1; ; page++) {
    const res = await h.request(`${path}${path.includes('?') ? '&' : '?'}page[per_page]=3000&page[page]=${page}`, { token });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    const data = (await readJson(res)).data as Json[];
    out.push(...data);
    if (data.length < 3000) return out;
  }
}
