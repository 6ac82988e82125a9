import { fillPlaceholders, Param, Placeholder, sql, SQL, StringChunk } from 'drizzle-orm';
import { SQLiteAsyncDialect, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import { jsonArrays, jsonArraysQuery, parseArrays } from './json-rows';

/**
 * A read model declared once: each field is a drizzle column (`d.state`, decoded the way the
 * column's own type decodes driver values, typed from the schema, enum columns included) or an
 * SQL expression with a decoder. From that one declaration come the SELECT list, the order of the
 * JSON-array columns (db/json-rows.ts) and the row type, so a renamed column fails `tsc`.
 */
export interface ExpressionField<T> { expression: SQL; decode: (value: unknown) => T }
export type Field = SQLiteColumn | ExpressionField<unknown>;

type ColumnValue<C extends SQLiteColumn> = C['_']['notNull'] extends true ? C['_']['data'] : C['_']['data'] | null;
export type RowOf<F extends Record<string, Field>> = {
  [K in keyof F]: F[K] extends SQLiteColumn ? ColumnValue<F[K]> : F[K] extends ExpressionField<infer T> ? T : never;
};

/** An SQL expression read as it comes (text or number), or null. */
export const expression = {
  text: (e: SQL): ExpressionField<string> => ({ expression: e, decode: (v) => String(v) }),
  nullableText: (e: SQL): ExpressionField<string | null> => ({ expression: e, decode: (v) => (v === null || v === undefined ? null : String(v)) }),
  number: (e: SQL): ExpressionField<number> => ({ expression: e, decode: (v) => Number(v) }),
  nullableNumber: (e: SQL): ExpressionField<number | null> => ({ expression: e, decode: (v) => (v === null || v === undefined ? null : Number(v)) }),
  boolean: (e: SQL): ExpressionField<boolean> => ({ expression: e, decode: (v) => Boolean(v) }),
};

const isExpression = (f: Field): f is ExpressionField<unknown> => 'decode' in f && 'expression' in f;

const fromDriver = (column: SQLiteColumn) => (v: unknown) => (v === null || v === undefined ? null : column.mapFromDriverValue(v));

/** A column read through an outer join: decoded as the column decodes, null where nothing joined. */
export const nullable = <C extends SQLiteColumn>(column: C): ExpressionField<C['_']['data'] | null> =>
  ({ expression: sql`${column}`, decode: fromDriver(column) as (v: unknown) => C['_']['data'] | null });

/**
 * A nullable column that this read's own conditions guarantee is set (e.g. provider_enrolments'
 * derived columns on a placed row): typed without null, and a null fails loudly, not silently.
 */
export const required = <C extends SQLiteColumn>(column: C): ExpressionField<C['_']['data']> => {
  const decode = fromDriver(column);
  return {
    expression: sql`${column}`,
    decode: (v) => {
      const value = decode(v);
      if (value === null) throw new Error(`${column.name} is null where the read requires it`);
      return value as C['_']['data'];
    },
  };
};

export interface ReadModel<F extends Record<string, Field>> {
  /** `expr AS "name", ...` for the model's SELECT. */
  selectList: SQL;
  /** Result column names, in SELECT order (the JSON array's order). */
  columns: readonly (keyof F & string)[];
  /** Runs `select` (a SELECT of `selectList`) and decodes its rows, ordered by the given fields. */
  read(db: Db, select: SQL, orderBy: readonly (keyof F & string)[]): Promise<RowOf<F>[]>;
  /** Decodes rows read as JSON arrays in `columns` order. */
  decode(arrays: unknown[][]): RowOf<F>[];
}

/**
 * A read whose statement is built once. Building a large statement from drizzle references costs
 * JavaScript time on every call (the declaration submission's facts read: about 0.45 ms, more
 * than SQLite takes to run it), so a hot read is written with `sql.placeholder(name)` for its
 * values, rendered to text once, and each call only binds the values.
 */
export function preparedRead<F extends Record<string, Field>, P extends string>(
  model: ReadModel<F>, select: SQL, orderBy: readonly (keyof F & string)[],
): (db: Db, values: Record<P, unknown>) => Promise<RowOf<F>[]> {
  const query = dialect.sqlToQuery(jsonArraysQuery(select, model.columns, orderBy));
  const parts = query.sql.split('?');
  // Each `?` is a parameter: a literal or identifier holding one would misplace the values.
  if (parts.length !== query.params.length + 1) throw new Error('a prepared read must not contain ? outside its parameters');
  const text = parts.map((p) => new StringChunk(p));
  const names = query.params.map((p) => (p instanceof Placeholder ? p.name : null));
  return async (db, values) => {
    const missing = names.find((n) => n !== null && !(n in values));
    if (missing) throw new Error(`no value for ${missing}`);
    const filled = fillPlaceholders(query.params, values);
    const chunks: (StringChunk | Param)[] = [text[0]!];
    for (let i = 0; i < filled.length; i++) chunks.push(new Param(filled[i]), text[i + 1]!);
    return model.decode(parseArrays(await db.all<{ r: string }>(new SQL(chunks))));
  };
}

const dialect = new SQLiteAsyncDialect();

/** The decoded row of a read model. */
export type ModelRow<M> = M extends ReadModel<infer F> ? RowOf<F> : never;

export function readModel<F extends Record<string, Field>>(fields: F): ReadModel<F> {
  const entries = Object.entries(fields);
  const columns = entries.map(([name]) => name) as (keyof F & string)[];
  const decoders = entries.map(([, f]) => (isExpression(f) ? f.decode : fromDriver(f as SQLiteColumn)));
  const selectList = sql.join(
    entries.map(([name, f]) => sql`${isExpression(f) ? f.expression : f} AS ${sql.identifier(name)}`),
    sql`, `,
  );
  const decode = (arrays: unknown[][]): RowOf<F>[] => {
    const out: RowOf<F>[] = new Array(arrays.length);
    for (let n = 0; n < arrays.length; n++) {
      const values = arrays[n]!;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = decoders[i]!(values[i]);
      out[n] = row as RowOf<F>;
    }
    return out;
  };
  return {
    selectList,
    columns,
    decode,
    read: async (db, select, orderBy) => decode(await jsonArrays(db, select, columns, orderBy)),
  };
}
