import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Client } from '@libsql/client';

// GET /api/v1/participants/ecf.csv for the largest provider: the whole file in one response.
// Measured first in a run, on a fresh server, so its memory is not hidden by what the other
// measurements allocate. The body is counted as it arrives and never kept (the client must not
// be what runs out of memory). While it streams, the server's memory is sampled two ways:
// - resident memory (/proc): everything the process holds, SQLite's page caches included. The
//   file reads through the server's export connection, whose cache is 8 MB (db/client.ts
//   embeddedExportPragmas), so a fresh server's first download no longer fills the 128 MB cache
//   of the main connection;
// - the JavaScript side (heap, buffers: GET /__bench/memory), which is what would grow with the
//   file if rows were held instead of streamed.
// The file is downloaded twice: the second download shows what one more download costs. The
// target (no more than 64 MB above idle) applies to the largest of the three figures.

interface Download {
  seconds: number;
  bytes: number;
  rows: number;
  idleRssMb: number;
  peakRssMb: number;
  idleJsMb: number;
  peakJsMb: number;
  /** Samples of the JavaScript side taken while the file streamed. */
  jsSamples: number;
}

export interface CsvResult {
  seconds: number;
  bytes: number;
  rows: number;
  expectedRows: number;
  /** First download, fresh server: resident memory above idle (the export connection's small cache filling included). */
  firstRssAboveIdleMb: number;
  /** Second download: resident memory above the idle server after the first. */
  secondRssAboveIdleMb: number;
  /** JavaScript heap and buffers above idle, the larger of the two downloads. */
  jsAboveIdleMb: number;
  firstJsAboveIdleMb: number;
  secondJsAboveIdleMb: number;
  /** Samples of the JavaScript side during the two downloads (0 would make jsAboveIdleMb meaningless). */
  jsSamples: number;
  /** What the target is checked against: the largest of the resident and JavaScript figures. */
  aboveIdleMb: number;
  idleMb: number;
  peakMb: number;
}

const MB = 2 ** 20;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** One sample, on a connection of its own (a kept-alive one can be closed by the server under us). */
function memoryUsage(base: URL): Promise<{ heapTotal: number; external: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path: '/__bench/memory', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (err) {
          reject(err);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function jsMb(base: URL): Promise<number> {
  const m = await memoryUsage(base);
  // arrayBuffers are part of external; heapTotal is what V8 holds for the heap, garbage included.
  return (m.heapTotal + m.external) / MB;
}

/** The v1 list's rows for the provider: one per visible training record (api/services/participants/participant-rows.ts). */
export async function expectedCsvRows(client: Client, leadProviderId: string): Promise<number> {
  const { rows } = await client.execute({
    sql: 'SELECT count(*) AS n FROM provider_enrolments WHERE lead_provider_id = ? AND validated = 1 AND induction_record_id IS NOT NULL AND cohort_start_year > 2020',
    args: [leadProviderId],
  });
  return Number(rows[0]!.n);
}

async function download(base: URL, token: string, pid: number): Promise<Download> {
  const idleRssMb = rssMb(pid);
  const idleJsMb = await jsMb(base);
  let peakRssMb = idleRssMb;
  let peakJsMb = idleJsMb;
  let streaming = true;
  let jsSamples = 0;
  const rssSampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(pid))), 10);
  // Served by the same event loop between two batches of the file.
  const jsSampler = (async () => {
    while (streaming) {
      peakJsMb = Math.max(peakJsMb, await jsMb(base));
      jsSamples += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  try {
    const { bytes, lines } = await new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
      const req = request({ host: base.hostname, port: base.port, path: '/api/v1/participants/ecf.csv', headers: { Authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200 || res.headers['content-type'] !== 'text/csv') {
          reject(new Error(`GET /api/v1/participants/ecf.csv → ${res.statusCode} ${res.headers['content-type']}`));
          res.resume();
          return;
        }
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
        });
        res.on('end', () => resolve({ bytes, lines }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    const seconds = (performance.now() - started) / 1000;
    // No field holds a line break in this data, so lines are the header plus one per record.
    return { seconds, bytes, rows: Math.max(0, lines - 1), idleRssMb, peakRssMb: Math.max(peakRssMb, rssMb(pid)), idleJsMb, peakJsMb, jsSamples };
  } finally {
    streaming = false;
    clearInterval(rssSampler);
    await jsSampler;
  }
}

export async function csvBench(base: URL, token: string, pid: number, client: Client, leadProviderId: string): Promise<CsvResult> {
  const expectedRows = await expectedCsvRows(client, leadProviderId);
  const first = await download(base, token, pid);
  const second = await download(base, token, pid);
  for (const d of [first, second]) {
    if (d.rows !== expectedRows) throw new Error(`CSV has ${d.rows} rows; the provider has ${expectedRows} training records`);
    if (d.jsSamples === 0) throw new Error('The server answered no memory sample while the CSV streamed');
  }
  const secondRssAboveIdleMb = second.peakRssMb - second.idleRssMb;
  const jsAboveIdleMb = Math.max(first.peakJsMb - first.idleJsMb, second.peakJsMb - second.idleJsMb);
  return {
    seconds: first.seconds,
    bytes: first.bytes,
    rows: first.rows,
    expectedRows,
    firstRssAboveIdleMb: first.peakRssMb - first.idleRssMb,
    secondRssAboveIdleMb,
    jsAboveIdleMb,
    firstJsAboveIdleMb: first.peakJsMb - first.idleJsMb,
    secondJsAboveIdleMb: second.peakJsMb - second.idleJsMb,
    jsSamples: first.jsSamples + second.jsSamples,
    aboveIdleMb: Math.max(first.peakRssMb - first.idleRssMb, secondRssAboveIdleMb, jsAboveIdleMb),
    idleMb: first.idleRssMb,
    peakMb: Math.max(first.peakRssMb, second.peakRssMb),
  };
}
