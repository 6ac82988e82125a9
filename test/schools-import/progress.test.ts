import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../api/cli/import-progress';

// The import's progress on stderr: a bar on a terminal, plain lines in a log.

function stream(isTTY: boolean) {
  let text = '';
  const s = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as Writable & { isTTY?: boolean; columns?: number };
  s.isTTY = isTTY;
  s.columns = 160;
  return { s, text: () => text };
}
const counts = (rows: number) => ({ rows, added: rows - 2, changed: 1, closed: 1, skipped: 0 });

describe('import progress', () => {
  it('draws a bar with the counts on a terminal', () => {
    const out = stream(true);
    const progress = createProgress(out.s, 1000);
    progress.update(500, counts(50));
    progress.stop();
    expect(out.text()).toMatch(/Importing schools \[█+░+\] 50% \| 50 rows: 48 added, 1 changed, 1 closed, 0 skipped/);
  });

  it('writes a plain line every 10% of the file otherwise, and one at the end', () => {
    const out = stream(false);
    const progress = createProgress(out.s, 1000);
    for (let done = 50; done <= 1000; done += 50) progress.update(done, counts(done / 10));
    progress.stop();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Importing schools: 10% of the file, 10 rows: 8 added, 1 changed, 1 closed, 0 skipped');
    expect(lines[8]).toMatch(/^Importing schools: 90% of the file/);
    expect(lines[9]).toBe('Importing schools: 100% of the file, 100 rows: 98 added, 1 changed, 1 closed, 0 skipped');
    expect(out.text()).not.toMatch(/\r|\u001b/);
  });
});
