import { stringify } from 'csv-stringify/sync';

// The v1/v2 CSV files, written the way the reference service wrote them (V1-V2.md §3 and
// decision 2), because clients parse them byte for byte: a header `id` then the attribute names
// in serializer order, LF line ends, values as text (null → "" written quoted, booleans as
// true/false), a field quoted only when it holds a comma, quote, CR or LF, and no formula
// prefixing (these are machine data; a prefix would change values). No rows → an empty body,
// without a header.

export const CSV_CONTENT_TYPE = 'text/csv';

type Flat = { id: string; attributes: Record<string, unknown> };

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
// csv-stringify quotes delimiters, quotes and LF itself; Ruby's CSV also quotes a bare CR.
const options = { quoted_empty: true, record_delimiter: '\n', quoted_match: /\r/ } as const;

/** CSV text of some rows; the header only when `header` is set. */
export function csvChunk(rows: Flat[], header: boolean): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!.attributes);
  const records = rows.map((r) => [r.id, ...columns.map((c) => text(r.attributes[c]))]);
  return stringify(header ? [['id', ...columns], ...records] : records, options);
}

/** Lets the event loop run other requests' I/O before the next batch (see csvStream). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A body that writes every row `nextBatch` yields, one batch at a time, so the whole file never
 * sits in memory: each pull reads one batch from the database and encodes it. `nextBatch` gets
 * the last row of the previous batch (keyset paging) and returns [] at the end.
 *
 * Each pull first yields to the event loop: the embedded libSQL driver answers synchronously, and
 * a local client drains the socket as fast as it is written, so without it the pulls chain as
 * microtasks and one large file holds every other request until it ends (seconds, at national
 * scale).
 */
export function csvStream<R>(nextBatch: (after: R | null) => Promise<R[]>, serialize: (row: R) => Flat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: R | null = null;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await yieldToEventLoop();
      const batch = await nextBatch(after);
      if (batch.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvChunk(batch.map(serialize), first)));
      first = false;
      after = batch[batch.length - 1]!;
    },
  }, { highWaterMark: 0 });
}
