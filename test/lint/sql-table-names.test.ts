import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';

// Raw SQL that names a table in a string passes `tsc` and fails at run time after a rename.
// Issue 20 moves every read onto drizzle references (`${participantDeclarations}`,
// `${participantDeclarations.state}`), which rename with the schema. Until that is finished,
// this check is a ratchet: a file may only lose string table names, and a new file may not have
// any. When a file improves, run with UPDATE_SQL_NAMES=1 to lower its count in the baseline.
// Migrations are SQL by nature and are not counted.

const repo = fileURLToPath(new URL('../..', import.meta.url));
const baselineFile = join(repo, 'test/lint/sql-table-names.baseline.json');
const tables = Object.values(schema).filter((t) => is(t, SQLiteTable)).map((t) => getTableName(t as SQLiteTable));

/** Lines of TypeScript where a table is named in SQL text: after FROM, JOIN, UPDATE or INTO. */
export function stringTableNames(source: string): number {
  const names = tables.join('|');
  const pattern = new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO|TABLE|ON)\\s+(?:${names})\\b`, 'g');
  return [...source.matchAll(pattern)].length;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'migrations'].includes(e.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of [...sourceFiles(join(repo, 'api')), ...sourceFiles(join(repo, 'db'))].sort()) {
    const n = stringTableNames(readFileSync(file, 'utf8'));
    if (n > 0) out[relative(repo, file)] = n;
  }
  return out;
}

describe('table names in SQL text (issue 20 ratchet)', () => {
  it('finds a named table, and not a drizzle reference', () => {
    expect(stringTableNames('sql`SELECT id FROM participant_declarations d JOIN statements s ON s.id = d.statement_id`')).toBe(2);
    expect(stringTableNames('sql`SELECT ${t.id} FROM ${participantDeclarations}`')).toBe(0);
    expect(stringTableNames('// the participant_declarations table')).toBe(0);
  });

  it('never grows: no file names more tables in SQL text than the baseline allows', () => {
    const now = counts();
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as Record<string, number>;
    if (process.env.UPDATE_SQL_NAMES === '1') {
      writeFileSync(baselineFile, `${JSON.stringify(now, null, 2)}\n`);
      return;
    }
    const grown = Object.entries(now).filter(([file, n]) => n > (baseline[file] ?? 0)).map(([file, n]) => `${file}: ${n} (baseline ${baseline[file] ?? 0})`);
    expect(grown).toEqual([]);
    const total = Object.values(now).reduce((a, b) => a + b, 0);
    console.log(`Table names in SQL text outside migrations: ${total} in ${Object.keys(now).length} files`);
  });
});
