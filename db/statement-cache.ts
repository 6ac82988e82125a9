import Database from 'libsql';

// Prepared statements, kept and reused per embedded connection (issue 20, speed).
//
// @libsql/client prepares every statement again on every call (sqlite3_prepare), and for our
// larger statements that costs more than running them: measured on the national database, the
// declaration submission's one read took 0.40 ms to prepare and 0.07 ms to run. The client gives
// no way to keep a statement, so the driver's `prepare` (the `libsql` package, which the client
// calls for every statement) keeps the most recently used ones per connection, by their SQL text.
//
// Why reuse is safe here: the client only ever runs a statement to its end synchronously (`all`
// or `run`), so no two uses of one statement overlap, and a statement that has finished holds no
// lock or snapshot. After a schema change (a migration, from any connection) SQLite would run a
// kept statement correctly but the driver would still describe its old columns, so a connection
// drops what it kept when the schema version moves (one tiny read per statement), and first reads
// the new schema: reading the version does not load it, and a statement prepared before it loads
// is described with the old columns too (the plain client has that fault on the first statement
// after another connection's migration; this one does not). Our SQL takes its
// values as parameters, so the number of distinct texts is small; the limit bounds the memory if
// some code builds values into the text.

const LIMIT = 500;

type Prepare = (this: object, sql: string) => unknown;
type RawStatement = { raw(on: boolean): { all(): unknown[][] } };
interface Kept {
  statements: Map<string, unknown>;
  /** `PRAGMA schema_version` of this connection, prepared once. */
  version: { all(): unknown[][] };
  schemaVersion: unknown;
}
const caches = new WeakMap<object, Kept>();
let installed = false;
/** Statements prepared and reused since start (tests and benchmarks read them). */
export const statementCacheStats = { prepared: 0, reused: 0 };

/** Makes every embedded libSQL connection of this process reuse its prepared statements. */
export function cacheStatements(): void {
  if (installed) return;
  installed = true;
  const proto = Database.prototype as unknown as { prepare: Prepare };
  const prepare = proto.prepare;
  proto.prepare = function cachedPrepare(sql) {
    let kept = caches.get(this);
    if (!kept) {
      kept = { statements: new Map(), version: (prepare.call(this, 'PRAGMA schema_version') as RawStatement).raw(true), schemaVersion: null };
      caches.set(this, kept);
    }
    const schemaVersion = kept.version.all()[0]?.[0];
    if (schemaVersion !== kept.schemaVersion) {
      if (kept.schemaVersion !== null) (prepare.call(this, 'SELECT 1 FROM sqlite_schema LIMIT 1') as { all(): unknown }).all();
      kept.statements.clear();
      kept.schemaVersion = schemaVersion;
    }
    const cache = kept.statements;
    const statement = cache.get(sql);
    if (statement !== undefined) {
      // Most recently used last: the first key is the one to drop.
      cache.delete(sql);
      cache.set(sql, statement);
      statementCacheStats.reused++;
      return statement;
    }
    const prepared = prepare.call(this, sql);
    statementCacheStats.prepared++;
    cache.set(sql, prepared);
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
    return prepared;
  };
}
