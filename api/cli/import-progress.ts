import { Presets, SingleBar } from 'cli-progress';

// Progress of a long import on stderr: a bar on a terminal, a plain line now and then otherwise
// (a log file or a pipe would fill with redrawn bars). stdout is kept for the summary.

export interface ProgressCounts {
  rows: number;
  added: number;
  changed: number;
  closed: number;
  skipped: number;
}

export interface Progress {
  /** `done` and `total` are bytes of the file: known before the rows are counted. */
  update(done: number, counts: ProgressCounts): void;
  stop(): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

const describe = (c: ProgressCounts) => `${c.rows} rows: ${c.added} added, ${c.changed} changed, ${c.closed} closed, ${c.skipped} skipped`;

export function createProgress(stream: Stream, total: number, { linesEvery = 10 } = {}): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'Importing schools [{bar}] {percentage}% | {summary} | {duration_formatted}',
      barsize: 30,
      hideCursor: true,
    }, Presets.shades_classic);
    bar.start(Math.max(total, 1), 0, { summary: describe({ rows: 0, added: 0, changed: 0, closed: 0, skipped: 0 }) });
    return {
      update: (done, counts) => bar.update(Math.min(done, total), { summary: describe(counts) }),
      stop: () => bar.stop(),
    };
  }
  // One line per `linesEvery` percent of the file.
  let next = linesEvery;
  let last: ProgressCounts | null = null;
  return {
    update(done, counts) {
      last = counts;
      const percent = total ? Math.floor((done / total) * 100) : 100;
      if (percent < next || percent >= 100) return;
      stream.write(`Importing schools: ${percent}% of the file, ${describe(counts)}\n`);
      next = percent - (percent % linesEvery) + linesEvery;
    },
    stop() {
      if (last) stream.write(`Importing schools: 100% of the file, ${describe(last)}\n`);
    },
  };
}
