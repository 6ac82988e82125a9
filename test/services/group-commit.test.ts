import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { commitWithOthers } from '../../api/services/declarations/group-commit';
import { createHarness, type Harness } from '../support/harness';

// Group commit of declaration submissions (issue 20): concurrent submissions share one
// transaction, and each stays all-or-nothing with its own answer, even when another's fails.

let h: Harness;
let batches: number;
let db: Db;
beforeAll(async () => {
  h = await createHarness();
  await h.db.run(sql`CREATE TABLE group_commit_probe (k TEXT PRIMARY KEY, submission TEXT NOT NULL)`);
  // Counts the transactions the database is asked for, passing everything else through.
  const batch = h.db.batch.bind(h.db);
  db = new Proxy(h.db, {
    get: (target, key, receiver) => (key === 'batch'
      ? (...a: Parameters<Db['batch']>) => { batches++; return batch(...a); }
      : Reflect.get(target, key, receiver)),
  });
});
afterAll(() => h.close());

/** One submission's statements: rows `keys`, tagged with the submission's name. */
const submission = (name: string, keys: string[]) => keys.map((k) => db.run(sql`INSERT INTO group_commit_probe (k, submission) VALUES (${k}, ${name})`));
const rows = async () => (await h.db.all<{ k: string; submission: string }>(sql`SELECT k, submission FROM group_commit_probe ORDER BY k`));

describe('group commit', () => {
  it('writes concurrent submissions in one transaction, each answered with its own results', async () => {
    batches = 0;
    const results = await Promise.all([
      commitWithOthers(db, submission('a', ['a1', 'a2'])),
      commitWithOthers(db, submission('b', ['b1'])),
      commitWithOthers(db, submission('c', ['c1', 'c2', 'c3'])),
    ]);
    expect(batches).toBe(1);
    expect(results.map((r) => r.length)).toEqual([2, 1, 3]);
    expect(await rows()).toEqual([
      { k: 'a1', submission: 'a' }, { k: 'a2', submission: 'a' }, { k: 'b1', submission: 'b' },
      { k: 'c1', submission: 'c' }, { k: 'c2', submission: 'c' }, { k: 'c3', submission: 'c' },
    ]);
  });

  it('a submission whose guard fails is refused alone: the others are written whole, it writes nothing', async () => {
    batches = 0;
    const outcomes = await Promise.allSettled([
      commitWithOthers(db, submission('d', ['d1'])),
      // Its second row clashes with a1 (the primary key): its first row must not stay either.
      commitWithOthers(db, submission('e', ['e1', 'a1'])),
      commitWithOthers(db, submission('f', ['f1', 'f2'])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The shared transaction, rolled back whole, then each submission on its own.
    expect(batches).toBe(4);
    const written = await rows();
    expect(written.filter((r) => ['d', 'e', 'f'].includes(r.submission))).toEqual([
      { k: 'd1', submission: 'd' }, { k: 'f1', submission: 'f' }, { k: 'f2', submission: 'f' },
    ]);
    expect(written.find((r) => r.k === 'a1')).toEqual({ k: 'a1', submission: 'a' });
  });

  it('a submission on its own is one transaction of its own', async () => {
    batches = 0;
    await commitWithOthers(db, submission('g', ['g1']));
    expect(batches).toBe(1);
  });
});
