import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { connectLibsql } from '../../db/libsql';
import { nodeConfigSchema, parseConfig } from '../env';
import { importSchools, type ImportSchoolsResult } from '../services/schools/gias/import-schools';
import { GiasFileError, readGiasEstablishments } from '../services/schools/gias/read-establishments';
import { createProgress } from './import-progress';

// Operator command: imports schools from GIAS's "all establishments" extract
// (edubasealldata*.csv, from get-information-schools.service.gov.uk), adding new schools and
// updating changed ones. Safe to run again with the same or a newer file.
//   npm run schools:import -- --file edubasealldata20250101.csv [--database <url>] [--dry-run]
// Bad rows are listed on stderr with their line numbers and skipped; the exit code is non-zero
// only when the file or the database cannot be used at all.

const usage = 'Usage: npm run schools:import -- --file <GIAS establishments CSV> [--database <url>] [--dry-run] [--batch-size 500]';
/** Bad rows listed one by one; past this, only counted (a wrong file would list every row). */
const LISTED_PROBLEMS = 100;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function summary(file: string, r: ImportSchoolsResult): string {
  const counts = `${r.rows} rows: ${r.added} added, ${r.changed} changed, ${r.closed} closed, ${r.unchanged} unchanged, ${r.skipped} skipped`;
  const funding = `eligible for funding ${r.funding.eligible}, core induction materials only ${r.funding.cip_only}, not eligible ${r.funding.not_eligible}`;
  const others = r.notInFile ? `; ${r.notInFile} schools in the database are not in the file (left as they are)` : '';
  return `${r.dryRun ? 'Dry run, nothing written: ' : ''}${basename(file)}: ${counts} (${funding})${others}.`;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { file: { type: 'string' }, database: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, 'batch-size': { type: 'string', default: '500' } },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${usage}`, 2);
  }
  const file = values.file;
  if (!file) fail(usage, 2);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1) fail(`--batch-size must be a whole number of schools (got '${values['batch-size']}').\n${usage}`, 2);

  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) fail(`Cannot read ${file}: it is not a file.`);
    size = info.size;
  } catch (err) {
    fail(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
  }

  // The same database settings as the server (DATABASE_URL, DATABASE_AUTH_TOKEN); --database wins.
  const config = parseConfig(nodeConfigSchema, process.env);
  const { db, client } = connectLibsql(values.database ?? config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  let read = 0;
  async function* counted() {
    for await (const chunk of createReadStream(file!) as AsyncIterable<Buffer>) {
      read += chunk.length;
      yield chunk;
    }
  }
  const progress = createProgress(process.stderr, size);
  try {
    const result = await importSchools(readGiasEstablishments(counted()), {
      db,
      clock: () => new Date(),
      dryRun: values['dry-run'],
      batchSize,
      onProgress: (counts) => progress.update(read, counts),
    });
    progress.stop();
    for (const p of result.skippedRows.slice(0, LISTED_PROBLEMS)) process.stderr.write(`Skipped line ${p.line}: ${p.problem}.\n`);
    if (result.skippedRows.length > LISTED_PROBLEMS) process.stderr.write(`... and ${result.skippedRows.length - LISTED_PROBLEMS} more skipped rows.\n`);
    process.stdout.write(`${summary(file, result)}\n`);
  } catch (err) {
    progress.stop();
    if (err instanceof GiasFileError) fail(`Cannot import ${file}: ${err.message}`);
    // drizzle wraps the driver's error (with the whole query) around the reason.
    const reason = err instanceof Error && err.cause instanceof Error ? err.cause.message : String((err as Error).message ?? err);
    if (/no such table/i.test(reason)) fail(`The database has no schools table: run npm run db:migrate on it first (${reason}).`);
    fail(`The import stopped: ${reason}`);
  } finally {
    client.close();
  }
}

main().catch((err) => fail(`The import stopped: ${err instanceof Error ? err.message : String(err)}`));
