import type { Db } from '../../../db/client';
import { runBatch, type BatchStatement } from '../../../db/batch';

// Group commit for declaration submissions (issue 20). With synchronous=FULL every transaction
// waits for its fsync before the API may answer; concurrent submissions that reach their write in
// the same turn of the event loop are written in one batch (one transaction, one fsync) instead.
//
// Each submission stays all-or-nothing with its own answer:
//   - its statements run together, in order, inside the one transaction, so it is either written
//     whole or not at all, and nobody is answered before that transaction has committed (every
//     acknowledged write is on disk);
//   - if the shared batch fails for any reason (one submission's slot was taken: the unique index
//     refuses it), the whole transaction rolls back, so nothing of anyone's is written, and then
//     every submission of the group runs again in a batch of its own, as if it had come alone.
//     A failing guard in one submission therefore cannot undo, nor be mistaken for, another's: it
//     only ever fails the batch that holds its statements alone.
// Statements of one group run one after the other in one transaction, exactly as the same batches
// would have one after the other: each sees the writes of those before it (a slot just filled, a
// mentor's completion), as separate transactions would.
//
// On D1 (Workers) the same code runs; each request has its own handle, so groups are of one.

type Results = readonly unknown[];

interface Pending {
  statements: readonly BatchStatement[];
  resolve: (results: Results) => void;
  reject: (err: unknown) => void;
}

const queues = new WeakMap<Db, Pending[]>();

/** The next turn of the event loop, after the I/O callbacks already due (other requests). */
const soon: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

/** Runs one submission's statements as one transaction, sharing it with concurrent submissions. */
export function commitWithOthers(db: Db, statements: readonly BatchStatement[]): Promise<Results> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      soon(() => void flush(db));
    }
    queue.push({ statements, resolve, reject });
  });
}

async function flush(db: Db): Promise<void> {
  const group = queues.get(db) ?? [];
  queues.delete(db);
  if (group.length === 1) return alone(db, group[0]!);
  let results: Results;
  try {
    results = await runBatch(db, group.flatMap((p) => p.statements));
  } catch {
    // Nothing of the group was written: each submission again, on its own, gets its own outcome.
    for (const pending of group) await alone(db, pending);
    return;
  }
  let at = 0;
  for (const pending of group) {
    pending.resolve(results.slice(at, at + pending.statements.length));
    at += pending.statements.length;
  }
}

async function alone(db: Db, pending: Pending): Promise<void> {
  try {
    pending.resolve(await runBatch(db, pending.statements));
  } catch (err) {
    pending.reject(err);
  }
}
