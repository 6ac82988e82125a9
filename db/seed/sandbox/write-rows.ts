import { getTableColumns, getTableName, sql, type Column } from 'drizzle-orm';
import type { Db } from '../../client';
import { insertInChunks } from '../../bulk';
import type { RowSink } from './options';
import { runBatch, type BatchStatement } from '../../batch';

export const INSERT_SLICE = 5_000;
// -------------------------------------------------------------------------------------------------
// Writing rows
export type AnyTable = Parameters<typeof insertInChunks>[1];

/**
 * Rows kept as arrays of the values the driver stores (timestamps in ms, booleans 0/1), in the
 * table's column order: for the millions of declaration rows, far less to allocate than objects
 * holding Dates, and ready to serialise. `index` gives each column's position; `row()` starts a
 * row with every column at its default (or null).
 */
export class PackedRows {
  readonly columns: [string, Column][];
  readonly index: Record<string, number>;
  private readonly blank: unknown[];
  rows: unknown[][] = [];

  constructor(readonly table: AnyTable) {
    this.columns = Object.entries(getTableColumns(table)) as [string, Column][];
    this.index = Object.fromEntries(this.columns.map(([key], i) => [key, i]));
    this.blank = this.columns.map(([, column]) => driverValue(column, undefined));
  }

  row(): unknown[] {
    const row = this.blank.slice();
    this.rows.push(row);
    return row;
  }

  /** As objects, for insertInChunks. */
  objects(): Record<string, unknown>[] {
    return this.rows.map((row) => Object.fromEntries(this.columns.map(([key, column], i) => [key, row[i] == null ? row[i] : column.mapFromDriverValue(row[i])])));
  }
}

export type Insert = [AnyTable, readonly unknown[]] | PackedRows;

/** Rows per statement of the json writer (a JSON array of up to a megabyte), statements per transaction. */
export const JSON_ROWS = 2_000;
export const JSON_BATCH = 25;

/** A column's value as the driver stores it (defaults applied, booleans 0/1, timestamps in ms). */
export function driverValue(column: Column, value: unknown): unknown {
  let v = value;
  if (v === undefined) {
    if (column.defaultFn) v = column.defaultFn();
    else if (column.default !== undefined && (typeof column.default !== 'object' || column.default === null)) v = column.default;
    else v = null;
  }
  return v === null ? null : column.mapToDriverValue(v);
}

/**
 * Lets the event loop turn. libsql frees a statement (and the copy of its parameters: here up to
 * a megabyte of JSON) in a finalizer that runs on the event loop; a seed that only ever awaits
 * work done synchronously never lets it run, and memory piles up (gigabytes at the national
 * scale).
 */
export const releaseStatements = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Writes the rows of several tables, in order (parents first), with the chosen writer. */
export async function writeRows(db: Db, mode: 'chunks' | 'json', inserts: Insert[], sink?: RowSink): Promise<void> {
  const tables = inserts.map((insert) => insert instanceof PackedRows
    ? { table: insert.table, count: insert.rows.length, objects: () => insert.objects(), arrays: (from: number, to: number) => insert.rows.slice(from, to) }
    : {
      table: insert[0], count: insert[1].length, objects: () => insert[1],
      arrays: (from: number, to: number) => {
        const columns = Object.entries(getTableColumns(insert[0])) as [string, Column][];
        return insert[1].slice(from, to).map((row) => columns.map(([key, column]) => driverValue(column, (row as Record<string, unknown>)[key])));
      },
    });
  if (mode === 'chunks') {
    // insertInChunks builds every statement before sending any: slices keep memory flat.
    for (const { table, objects } of tables) {
      const rows = objects();
      for (let i = 0; i < rows.length; i += INSERT_SLICE) await insertInChunks(db, table, rows.slice(i, i + INSERT_SLICE) as never[]);
    }
    return;
  }
  // One statement per JSON_ROWS rows: `INSERT ... SELECT value->>0, ... FROM json_each(?)`, one
  // bound parameter whatever the row count; a transaction per JSON_BATCH statements (parents
  // before children), serialised as they are sent so only a few are held at once.
  let statements: BatchStatement[] = [];
  let raw: { sql: string; args: string[] }[] = [];
  const send = async () => {
    if (sink) {
      if (raw.length > 0) await sink.write(raw);
      raw = [];
      return;
    }
    await runBatch(db, statements);
    statements = [];
    await releaseStatements();
  };
  for (const { table, count, arrays } of tables) {
    const columns = Object.values(getTableColumns(table)) as Column[];
    const select = `SELECT ${columns.map((_, i) => `value->>${i}`).join(', ')} FROM json_each(`;
    // drizzle lists every column of the table, in the order getTableColumns gives them; so does this.
    const insert = `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c.name}"`).join(', ')}) ${select}?)`;
    for (let i = 0; i < count; i += JSON_ROWS) {
      const json = JSON.stringify(arrays(i, i + JSON_ROWS));
      if (sink) raw.push({ sql: insert, args: [json] });
      else statements.push(db.insert(table).select(sql`${sql.raw(select)}${json})`));
      if (statements.length + raw.length >= JSON_BATCH) await send();
    }
  }
  await send();
}
