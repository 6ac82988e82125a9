import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseChecksum } from '../support/checksum';
import { createCliDatabase } from '../support/cli-database';
import { plainCsv, windows1252 } from '../support/gias-extract';

// `npm run schools:import` as an operator runs it: a child process against DATABASE_URL.

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const sample = join(root, 'test/fixtures/gias/establishments-sample.csv');
const dir = mkdtempSync(join(tmpdir(), 'gias-cli-'));
let url: string;
let close: () => void;
let client: Client;

beforeAll(async () => {
  ({ url, close } = await createCliDatabase());
  client = createClient({ url });
});
afterAll(() => {
  client.close();
  close();
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome { code: number; stdout: string; stderr: string }
async function importCli(args: string[], env: Record<string, string> = { DATABASE_URL: url }): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(join(root, 'node_modules/.bin/tsx'), ['api/cli/schools-import.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const schoolCount = async () => Number((await client.execute('SELECT count(*) AS n FROM schools')).rows[0]!.n);

describe('npm run schools:import', () => {
  it('a dry run reports what it would do and writes nothing', async () => {
    const checksum = await databaseChecksum(client);
    const { code, stdout } = await importCli(['--file', sample, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toBe('Dry run, nothing written: establishments-sample.csv: 300 rows: 297 added, 0 changed, 0 closed, 0 unchanged, 3 skipped '
      + '(eligible for funding 252, core induction materials only 19, not eligible 26).\n');
    expect(await databaseChecksum(client)).toBe(checksum);
    expect(await schoolCount()).toBe(0);
  });

  it('imports the sample, lists the skipped rows by line on stderr, with plain progress lines off a terminal', async () => {
    const { code, stdout, stderr } = await importCli(['--file', sample]);
    expect(code).toBe(0);
    expect(stdout).toBe('establishments-sample.csv: 300 rows: 297 added, 0 changed, 0 closed, 0 unchanged, 3 skipped '
      + '(eligible for funding 252, core induction materials only 19, not eligible 26).\n');
    expect(stderr).toContain('Skipped line 40: URN is missing.\n');
    expect(stderr).toContain('Skipped line 75: URN "70A075" is not a number.\n');
    expect(stderr).toContain('Skipped line 120: CloseDate "31-02-2019" is not a date (dd-mm-yyyy).\n');
    expect(stderr).toContain('Importing schools: 100% of the file, 300 rows: 297 added, 0 changed, 0 closed, 3 skipped\n');
    // No terminal: no bar redrawn with carriage returns or cursor codes.
    expect(stderr).not.toMatch(/\r|\u001b\[/);
    expect(await schoolCount()).toBe(297);
  });

  it('run again with the same file (--database over DATABASE_URL): nothing added or changed', async () => {
    const checksum = await databaseChecksum(client);
    const again = await importCli(['--file', sample, '--database', url], { DATABASE_URL: 'file:/nonexistent/dir/never.db' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('300 rows: 0 added, 0 changed, 0 closed, 297 unchanged, 3 skipped');
    expect(await databaseChecksum(client)).toBe(checksum);
  });

  it('exits non-zero with a clear message for a file it cannot read or that is not a GIAS extract', async () => {
    const missing = await importCli(['--file', join(dir, 'nope.csv')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`Cannot read ${join(dir, 'nope.csv')}: no such file.\n`);

    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, windows1252(plainCsv([['School', 'Town'], ['Ashcombe Primary School', 'Ashcombe']])));
    const notGias = await importCli(['--file', wrong]);
    expect(notGias).toMatchObject({ code: 1, stdout: '' });
    expect(notGias.stderr).toContain(`Cannot import ${wrong}: the header row has no column "URN"`);

    const unmigrated = await importCli(['--file', sample, '--database', `file:${join(dir, 'empty.db')}`]);
    expect(unmigrated).toMatchObject({ code: 1, stdout: '' });
    expect(unmigrated.stderr).toContain('The database has no schools table: run npm run db:migrate on it first');

    const usage = await importCli([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run schools:import -- --file');
  });

  it('bad rows alone are no reason to fail', async () => {
    const bad = join(dir, 'bad.csv');
    const header = ['URN', 'EstablishmentName', 'EstablishmentStatus (name)', 'TypeOfEstablishment (name)', 'DistrictAdministrative (code)', 'Section41Approved (name)'];
    writeFileSync(bad, windows1252(plainCsv([header, ['', 'No URN School', 'Open', 'Community school', 'E09000007', ''], ['12x', 'Letters School', 'Open', 'Community school', 'E09000007', '']])));
    const { code, stdout, stderr } = await importCli(['--file', bad]);
    expect(code).toBe(0);
    expect(stdout).toContain('2 rows: 0 added, 0 changed, 0 closed, 0 unchanged, 2 skipped');
    expect(stderr).toContain('Skipped line 2: URN is missing.');
    expect(stderr).toContain('Skipped line 3: URN "12x" is not a number.');
  });
}, 60_000);
