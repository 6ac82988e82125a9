import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle as drizzleD1, type AnyD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

/**
 * The database handle every service receives. Both drivers (libSQL and Cloudflare D1) expose the
 * same drizzle SQLite API — select/insert/update/delete, `all`, `run` and `batch` — so we type the
 * handle as the libSQL flavour and adapt D1 to it. The one observable difference, the shape of a
 * write's result, is hidden by `rowsAffected()`.
 */
export type Db = LibSQLDatabase<typeof schema>;
export { schema };

interface BatchQuery {
  _prepare(): { stmt?: unknown; getQuery(): { sql: string } };
}

interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  run(): Promise<D1RunResult>;
  [key: string]: unknown;
}
interface D1RunResult { meta?: { changes?: number }; results?: { n?: number }[]; [key: string]: unknown }
interface D1Binding {
  prepare(sql: string): D1Statement;
  batch(statements: D1Statement[]): Promise<D1RunResult[]>;
  [key: string]: unknown;
}

/**
 * D1 counts the rows a statement's triggers change in `meta.changes` (one UPDATE of a profile
 * reports 2: the profile and the participant its trigger touches). Our guarded writes decide
 * "did I win?" from that count, so on D1 every write is followed, in the same batch, by SQLite's
 * own `changes()` (top-level rows only, as libSQL reports them), which replaces `meta.changes`.
 */
function withExactChanges(binding: D1Binding): D1Binding {
  const targets = new WeakMap<object, D1Statement>();
  const count = () => binding.prepare('SELECT changes() AS n');
  const exact = (result: D1RunResult, counted: D1RunResult) =>
    ({ ...result, meta: { ...result.meta, changes: Number(counted.results?.[0]?.n ?? result.meta?.changes ?? 0) } });
  const wrap = (stmt: D1Statement): D1Statement => {
    const proxy = new Proxy(stmt, {
      get(target, key) {
        if (key === 'bind') return (...values: unknown[]) => wrap(target.bind(...values));
        if (key === 'run') return async () => {
          const [result, counted] = await binding.batch([target, count()]);
          return exact(result!, counted!);
        };
        const value = target[key as string];
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    targets.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(binding, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      if (key === 'batch') return async (statements: D1Statement[]) => {
        const interleaved = statements.flatMap((s) => [targets.get(s) ?? s, count()]);
        const results = await target.batch(interleaved);
        return statements.map((_, i) => exact(results[2 * i]!, results[2 * i + 1]!));
      };
      const value = target[key as string];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function connectD1(d1: AnyD1Database): Db {
  const binding = withExactChanges(d1 as unknown as D1Binding);
  const db = drizzleD1(binding as unknown as AnyD1Database, { schema });
  // drizzle's D1 batch binds each query's prepared D1 statement (`stmt`), which a raw
  // `db.run(sql`...`)` does not have: with parameters it fails ("reading 'bind'"). Our writes are
  // raw INSERT ... SELECT statements in batches (D1 has no interactive transactions), so each one
  // is given its D1 statement first; the rest of drizzle's batch is unchanged.
  const session = (db as unknown as { session: { batch(queries: BatchQuery[]): Promise<unknown> } }).session;
  const batch = session.batch.bind(session);
  session.batch = (queries) => {
    for (const query of queries) {
      const prepared = query._prepare();
      if (prepared.stmt === undefined) prepared.stmt = binding.prepare(prepared.getQuery().sql);
    }
    return batch(queries);
  };
  return db as unknown as Db;
}

/** Rows changed by a write, whichever driver ran it (libSQL: rowsAffected, D1: meta.changes). */
export function rowsAffected(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number } };
  return r.rowsAffected ?? r.meta?.changes ?? 0;
}

/**
 * Settings for a server on an embedded file (per connection; api/server.ts, and the benchmark's
 * raw-SQL floor so it reads under the same conditions). synchronous stays FULL: every commit
 * reaches the disk before the API answers, so an acknowledged write survives a power cut, not
 * only a crash (NORMAL is faster for writes but can lose the last commits). A 128 MB page cache
 * holds a national database's hot index pages: measured on one, it reads a 2000-participant page
 * about twice as fast as 64 MB, and as fast as memory-mapping the whole file, while counting
 * honestly towards the process's memory. Sorts and temporary indexes stay in memory.
 */
export const embeddedServerPragmas = ['synchronous = FULL', 'cache_size = -131072', 'mmap_size = 0', 'temp_store = MEMORY'] as const;

/**
 * Settings of the second connection a server on an embedded file keeps for whole-file downloads
 * (the v1/v2 CSV files: AppDeps.exportDb). A file of the largest provider reads every page of its
 * records once, in order: through the main connection it would fill (and keep) the 128 MB cache
 * above and push out the index pages the paged lists keep hot. Its own 8 MB cache keeps the
 * B-tree's upper pages; the rest comes from the operating system's file cache, which is shared and
 * not the process's memory. Read-only, so an export can never write.
 */
export const embeddedExportPragmas = ['busy_timeout = 5000', 'cache_size = -8192', 'mmap_size = 0', 'temp_store = MEMORY', 'query_only = 1'] as const;
