import { describe, expect, it } from 'vitest';
import { csvStream } from '../../api/http/csv-stream';

// The CSV body reads one batch per pull. The embedded libSQL driver answers synchronously, so a
// batch source here resolves at once, as it does there.

async function drain(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
  }
}

describe('csvStream', () => {
  const batches = 200;
  const source = (calls: { n: number }) => async (after: number | null) => {
    calls.n += 1;
    const start = after === null ? 0 : after + 1;
    return start >= batches * 3 ? [] : [start, start + 1, start + 2];
  };
  const serialize = (n: number) => ({ id: `id-${n}`, attributes: { n, note: n === 0 ? '=1+1, "quoted"' : null } });

  it('writes the header once, then every row of every batch, reading one batch per pull', async () => {
    const calls = { n: 0 };
    const lines = (await drain(csvStream(source(calls), serialize))).trimEnd().split('\n');
    expect(lines[0]).toBe('id,n,note');
    expect(lines[1]).toBe('id-0,0,"=1+1, ""quoted"""');
    expect(lines[2]).toBe('id-1,1,""');
    expect(lines).toHaveLength(batches * 3 + 1);
    expect(calls.n).toBe(batches + 1);
  });

  it('lets other work run between batches, so one large file does not hold every other request', async () => {
    let otherWorkRanAt = -1;
    const calls = { n: 0 };
    setTimeout(() => (otherWorkRanAt = calls.n), 0);
    await drain(csvStream(source(calls), serialize));
    // A timer queued before the download runs while it is still early, not after its last batch.
    expect(otherWorkRanAt).toBeGreaterThanOrEqual(0);
    expect(otherWorkRanAt).toBeLessThan(5);
  });
});
