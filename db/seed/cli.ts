import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { connectLibsql } from '../client';
import { applyMigrations } from '../migrate';
import { isDatabaseEmpty, seedDatabase } from './index';
import type { SeedScale } from './sandbox';

// Seeds a database with reference data and the sandbox data set, then prints one new API token
// per lead provider.
//
//   npx tsx db/seed/cli.ts [--scale default|national|N] [--database file:...]
//
// N is participants per lead provider per cohort. The database defaults to DATABASE_URL, else
// the local development file. A database that already has lead providers is left alone.

const usage = 'Usage: npx tsx db/seed/cli.ts [--scale default|national|N] [--database file:...]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseScale(value: string): SeedScale {
  if (value === 'default' || value === 'national') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--scale must be 'default', 'national' or a whole number of participants per lead provider per cohort (got '${value}').\n${usage}`);
  return n;
}

function progressReporter(): { report: (done: number, total: number, label: string) => void; finish: () => void } {
  const tty = process.stderr.isTTY;
  const width = 30;
  let lastPhase = '';
  return {
    report(done, total, label) {
      if (tty) {
        const filled = total > 0 ? Math.round((done / total) * width) : 0;
        const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
        const line = `[${bar}] ${String(done).padStart(String(total).length)}/${total} ${label}`;
        const columns = process.stderr.columns || 100;
        // Carriage return + clear line: the bar redraws in place.
        process.stderr.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
      } else {
        // One line per phase ("participants of Capita"), not per table written.
        const phase = label.split(':')[0]!;
        if (phase !== lastPhase) process.stderr.write(`${done}/${total} ${phase}\n`);
        lastPhase = phase;
      }
    },
    finish() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string', default: 'default' },
        database: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }

  const scale = parseScale(values.scale ?? 'default');
  const url = values.database ?? process.env.DATABASE_URL ?? 'file:.data/lead-provider-api.db';
  if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });

  const { db, client } = connectLibsql(url, process.env.DATABASE_AUTH_TOKEN);
  try {
    if (url.startsWith('file:')) {
      // As the Node host does: WAL, so a running server can keep reading while the seed writes.
      await client.execute('PRAGMA journal_mode = WAL');
      await client.execute('PRAGMA busy_timeout = 5000');
    }
    await applyMigrations(db);
    if (!(await isDatabaseEmpty(db))) {
      fail(`The database ${redact(url)} already has lead providers, so it was not seeded. Seed an empty database (use --database file:<new file>, or delete the file first).`);
    }

    const now = new Date();
    const started = Date.now();
    process.stderr.write(`Seeding ${redact(url)} (scale: ${String(scale)})\n`);
    const progress = progressReporter();
    const providers = await seedDatabase(db, { now, scale, onProgress: progress.report });
    progress.finish();
    process.stderr.write(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)}s.\n`);

    process.stdout.write('One API token per lead provider (shown once, keep them):\n');
    for (const lp of providers) {
      const token = await createApiToken(db, lp.id, now, 'Created by db/seed/cli.ts');
      process.stdout.write(`  ${lp.name.padEnd(32)} ${token}\n`);
    }
  } finally {
    client.close();
  }
}

function redact(url: string) {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
