import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLibsql, type LibsqlConnection } from '../../db/libsql';
import { statementCacheStats } from '../../db/statement-cache';

// Embedded connections reuse prepared statements (db/statement-cache.ts). Reuse must never change
// an answer: each run sees the latest commits of other connections, holds nothing that stops a
// checkpoint, follows schema changes, and recovers from a failed run.

let dir: string;
let a: LibsqlConnection;
let b: LibsqlConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'statement-cache-'));
  const url = `file:${join(dir, 'db.sqlite')}`;
  a = connectLibsql(url);
  await a.client.execute('PRAGMA journal_mode = WAL');
  await a.client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  b = connectLibsql(url);
});
afterAll(() => {
  a.client.close();
  b.client.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (c: LibsqlConnection) => Number((await c.client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n);

describe('prepared statement reuse', () => {
  it('prepares a statement once and reuses it on the next call with the same SQL', async () => {
    await a.client.execute({ sql: 'SELECT ? AS x', args: [1] });
    const before = { ...statementCacheStats };
    const { rows } = await a.client.execute({ sql: 'SELECT ? AS x', args: [2] });
    expect(rows[0]!.x).toBe(2);
    expect(statementCacheStats.prepared).toBe(before.prepared);
    expect(statementCacheStats.reused).toBe(before.reused + 1);
  });

  it('sees what another connection committed after the statement was kept', async () => {
    expect(await count(a)).toBe(0);
    await b.client.execute({ sql: 'INSERT INTO t (v) VALUES (?)', args: ['one'] });
    expect(await count(a)).toBe(1);
  });

  it('holds no snapshot once it has run: a full checkpoint completes', async () => {
    await count(a);
    await b.client.execute({ sql: 'INSERT INTO t (v) VALUES (?)', args: ['two'] });
    const { rows } = await b.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(Number(rows[0]!.busy)).toBe(0);
  });

  it('follows a schema change made by another connection', async () => {
    const first = await a.client.execute('SELECT * FROM t ORDER BY id');
    expect(first.columns).toEqual(['id', 'v']);
    await b.client.execute("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'x'");
    const second = await a.client.execute('SELECT * FROM t ORDER BY id');
    expect(second.columns).toEqual(['id', 'v', 'w']);
    expect(second.rows[0]!.w).toBe('x');
  });

  it('runs again after a run that failed (a unique violation)', async () => {
    const insert = (v: string) => a.client.execute({ sql: 'INSERT INTO t (v) VALUES (?)', args: [v] });
    await expect(insert('one')).rejects.toThrow(/UNIQUE/);
    await insert('three');
    expect(await count(a)).toBe(3);
  });

  it('keeps at most 500 statements per connection, dropping the least recently used', async () => {
    const run = (i: number) => a.client.execute(`SELECT ${i} AS n`);
    for (let i = 0; i < 600; i++) await run(i);
    const before = { ...statementCacheStats };
    await run(599); // kept
    expect(statementCacheStats.prepared).toBe(before.prepared);
    await run(0); // dropped long ago
    expect(statementCacheStats.prepared).toBe(before.prepared + 1);
  });
});
