import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { countInSources } from './source-counts';

// Raw SQL that names a table in a string passes `tsc` and fails at run time after a rename.
// Every query names tables through drizzle references instead (`${participantDeclarations}`,
// `${participantDeclarations.state}`), which rename with the schema (issue 20). Migrations are
// SQL by nature and are not checked.

const tables = Object.values(schema).filter((t) => is(t, SQLiteTable)).map((t) => getTableName(t as SQLiteTable));

/** Lines of TypeScript where a table is named in SQL text: after FROM, JOIN, UPDATE or INTO. */
export function stringTableNames(source: string): number {
  const names = tables.join('|');
  const pattern = new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO|TABLE|ON)\\s+(?:${names})\\b`, 'g');
  return [...source.matchAll(pattern)].length;
}

const counts = () => countInSources(stringTableNames, ['migrations']);

describe('table names in SQL text', () => {
  it('finds a named table, and not a drizzle reference', () => {
    expect(stringTableNames('sql`SELECT id FROM participant_declarations d JOIN statements s ON s.id = d.statement_id`')).toBe(2);
    expect(stringTableNames('sql`SELECT ${t.id} FROM ${participantDeclarations}`')).toBe(0);
    expect(stringTableNames('// the participant_declarations table')).toBe(0);
  });

  it('no file outside migrations names a table in SQL text', () => {
    expect(counts()).toEqual({});
  });
});
