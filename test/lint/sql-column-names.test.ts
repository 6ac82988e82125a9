import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { countInSources, repo } from './source-counts';

// A column named in a string (`d.user_id` in SQL text, `r.user_id` read off a row, `"users"."id"`)
// passes `tsc` and fails at run time after a rename; a drizzle reference (`${d.userId}`) renames
// with the schema. Issue 20 moves every read model onto db/read-model.ts; until every query is
// moved, this is a ratchet: a file may only lose string column names, and a new file may not
// have any. When a file improves, run with UPDATE_SQL_COLUMNS=1 to lower its count in the
// baseline. Comments, migrations and db/derived (the triggers a migration is written from) are
// not counted.

const baselineFile = join(repo, 'test/lint/sql-column-names.baseline.json');
const tables = Object.values(schema).filter((t) => is(t, SQLiteTable)) as SQLiteTable[];
const tableNames = tables.map((t) => getTableName(t));
// Only snake_case names and the distinctive single words: `x.id` or `x.name` are everywhere in JS.
const columnNames = [...new Set(tables.flatMap((t) => Object.values(getTableColumns(t)).map((c) => c.name)))].filter((n) => n.includes('_'));

/** Places in TypeScript source where a table column is named in a string. */
export function stringColumnNames(source: string): number {
  const code = source.split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line)).join('\n');
  const qualified = new RegExp(`\\b[a-z][a-z_]{0,11}\\.(?:${columnNames.join('|')})\\b`, 'g');
  const quoted = new RegExp(`"(?:${tableNames.join('|')})"\\."[a-z_]+"`, 'g');
  return [...code.matchAll(qualified)].length + [...code.matchAll(quoted)].length;
}

const counts = () => countInSources(stringColumnNames, ['migrations', 'derived']);

describe('column names in SQL text and row reads (issue 20 ratchet)', () => {
  it('finds a column named in a string, and not a drizzle reference or a comment', () => {
    expect(stringColumnNames('sql`SELECT d.user_id FROM x d WHERE "users"."api_updated_at" > 1`; String(r.lead_provider_id)')).toBe(3);
    expect(stringColumnNames('sql`SELECT ${d.userId} FROM ${participantDeclarations} AS ${d}`')).toBe(0);
    expect(stringColumnNames('  // reads e.user_id from the index')).toBe(0);
  });

  it('never grows: no file names more columns in strings than the baseline allows', () => {
    const now = counts();
    if (process.env.UPDATE_SQL_COLUMNS === '1') {
      writeFileSync(baselineFile, `${JSON.stringify(now, null, 2)}\n`);
      return;
    }
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as Record<string, number>;
    const grown = Object.entries(now).filter(([file, n]) => n > (baseline[file] ?? 0)).map(([file, n]) => `${file}: ${n} (baseline ${baseline[file] ?? 0})`);
    expect(grown).toEqual([]);
  });
});
