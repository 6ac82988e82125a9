import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../schema';

const byName = new Map<string, SQLiteTable>(
  (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable)).map((t) => [getTableName(t), t]),
);

/** A table of the schema by its SQL name. */
export function tableNamed(name: string): SQLiteTable {
  const table = byName.get(name);
  if (!table) throw new Error(`No table ${name} in the schema`);
  return table;
}

/** The SQL names of a table's columns, in the schema's order. */
export const columnNames = (name: string): string[] => Object.values(getTableColumns(tableNamed(name))).map((c) => c.name);

export const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;
