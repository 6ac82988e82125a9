import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Client } from '@libsql/client';

// GET /api/v1/participants/ecf.csv for the largest provider: the whole file in one response.
// Measured first in a run, on a fresh server, so its memory is not hidden by what the other
// measurements allocate. The body is counted as it arrives and never kept (the client must not
// be what runs out of memory); the server's resident memory is sampled while it streams.

export interface CsvResult {
  seconds: number;
  bytes: number;
  rows: number;
  expectedRows: number;
  idleMb: number;
  peakMb: number;
  aboveIdleMb: number;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** The v1 list's rows for the provider: one per visible training record (api/services/participants/participant-rows.ts). */
export async function expectedCsvRows(client: Client, leadProviderId: string): Promise<number> {
  const { rows } = await client.execute({
    sql: 'SELECT count(*) AS n FROM provider_enrolments WHERE lead_provider_id = ? AND validated = 1 AND induction_record_id IS NOT NULL AND cohort_start_year > 2020',
    args: [leadProviderId],
  });
  return Number(rows[0]!.n);
}

export async function csvBench(base: URL, token: string, pid: number, client: Client, leadProviderId: string): Promise<CsvResult> {
  const expectedRows = await expectedCsvRows(client, leadProviderId);
  const idleMb = rssMb(pid);
  let peakMb = idleMb;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 10);
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
    peakMb = Math.max(peakMb, rssMb(pid));
    // No field holds a line break in this data, so lines are the header plus one per record.
    const rows = Math.max(0, lines - 1);
    if (rows !== expectedRows) throw new Error(`CSV has ${rows} rows; the provider has ${expectedRows} training records`);
    return { seconds, bytes, rows, expectedRows, idleMb, peakMb, aboveIdleMb: peakMb - idleMb };
  } finally {
    clearInterval(sampler);
  }
}
