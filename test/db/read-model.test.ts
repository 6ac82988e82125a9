import { alias } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { expression, nullable, preparedRead, readModel, required } from '../../db/read-model';
import { cohorts, statements } from '../../db/schema';
import type { StatementState } from '../../api/domain/statements';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';

// The typed read-model helper (db/read-model.ts): one declaration of fields gives the SELECT
// list, the JSON-array order and the row type; values come back decoded as the columns' own
// types (dates, booleans, enum text), expressions through their decoders.

let h: Harness;
let lp: LeadProviderFixture;
beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db, { withStatements: true, cohorts: [2024, 2025] });
});
afterAll(() => h.close());

const s = alias(statements, 's');
const c = alias(cohorts, 'c');
const statementModel = readModel({
  id: s.id,
  state: s.state,
  outputFee: s.outputFee,
  createdAt: s.createdAt,
  markedAsPaidAt: s.markedAsPaidAt,
  cohortYear: expression.number(sql`${c.startYear}`),
  label: expression.text(sql`${s.name} || ' (' || ${c.startYear} || ')'`),
});

describe('readModel', () => {
  it('reads rows decoded as the columns say, in the order asked for', async () => {
    const rows = await statementModel.read(h.db, sql`SELECT ${statementModel.selectList} FROM ${statements} AS ${s} JOIN ${cohorts} AS ${c} ON ${c.id} = ${s.cohortId} WHERE ${s.leadProviderId} = ${lp.id}`, ['cohortYear', 'id']);
    const plain = (await h.client.execute({ sql: 'SELECT s.id, s.state, s.output_fee, s.created_at, s.marked_as_paid_at, c.start_year, s.name FROM statements s JOIN cohorts c ON c.id = s.cohort_id WHERE s.lead_provider_id = ? ORDER BY c.start_year, s.id', args: [lp.id] })).rows;
    expect(rows.length).toBe(plain.length);
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((row, i) => {
      const p = plain[i]!;
      expect(row.id).toBe(p.id);
      expect(row.state).toBe(p.state);
      expect(row.outputFee).toBe(Boolean(p.output_fee));
      expect(row.createdAt).toEqual(new Date(Number(p.created_at)));
      expect(row.markedAsPaidAt).toEqual(p.marked_as_paid_at === null ? null : new Date(Number(p.marked_as_paid_at)));
      expect(row.cohortYear).toBe(Number(p.start_year));
      expect(row.label).toBe(`${String(p.name)} (${String(p.start_year)})`);
    });
    // (an aliased table interpolated alone renders as its alias: FROM ${table} AS ${alias})
    expect(rows.some((r) => r.markedAsPaidAt === null) && rows.some((r) => r.markedAsPaidAt instanceof Date)).toBe(true);
    expect(statementModel.columns).toEqual(['id', 'state', 'outputFee', 'createdAt', 'markedAsPaidAt', 'cohortYear', 'label']);
  });

  it('gives the row type from the declaration', () => {
    type Row = Awaited<ReturnType<typeof statementModel.read>>[number];
    expectTypeOf<Row['state']>().toEqualTypeOf<StatementState>();
    expectTypeOf<Row['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<Row['markedAsPaidAt']>().toEqualTypeOf<Date | null>();
    expectTypeOf<Row['outputFee']>().toEqualTypeOf<boolean>();
    expectTypeOf<Row['label']>().toEqualTypeOf<string>();
  });

  it('a prepared read, built once, answers as read does for each set of values', async () => {
    const select = sql`SELECT ${statementModel.selectList} FROM ${statements} AS ${s} JOIN ${cohorts} AS ${c} ON ${c.id} = ${s.cohortId}
      WHERE ${s.leadProviderId} = ${sql.placeholder('lp')} AND ${c.startYear} = ${sql.placeholder('year')}`;
    const read = preparedRead(statementModel, select, ['id']);
    for (const year of [2024, 2025]) {
      const direct = await statementModel.read(h.db, sql`SELECT ${statementModel.selectList} FROM ${statements} AS ${s} JOIN ${cohorts} AS ${c} ON ${c.id} = ${s.cohortId}
        WHERE ${s.leadProviderId} = ${lp.id} AND ${c.startYear} = ${year}`, ['id']);
      expect(direct.length).toBeGreaterThan(0);
      expect(await read(h.db, { lp: lp.id, year })).toEqual(direct);
    }
    await expect(read(h.db, { lp: lp.id })).rejects.toThrow(/no value for year/);
    expect(() => preparedRead(statementModel, sql`SELECT ${statementModel.selectList} FROM ${statements} AS ${s} JOIN ${cohorts} AS ${c} ON 1 WHERE ${s.name} = '?'`, ['id']))
      .toThrow(/must not contain \?/);
  });

  it('reads an outer-joined column as nullable, and refuses a null where the read requires a value', async () => {
    const model = readModel({ id: s.id, paidAt: nullable(s.markedAsPaidAt), requiredPaidAt: required(s.markedAsPaidAt) });
    const select = (where: ReturnType<typeof sql>) => sql`SELECT ${model.selectList} FROM ${statements} AS ${s} WHERE ${s.leadProviderId} = ${lp.id} AND ${where}`;
    const paid = await model.read(h.db, select(sql`${s.markedAsPaidAt} IS NOT NULL`), ['id']);
    expect(paid.length).toBeGreaterThan(0);
    for (const row of paid) expect(row.requiredPaidAt).toBeInstanceOf(Date);
    expectTypeOf(paid[0]!.paidAt).toEqualTypeOf<Date | null>();
    await expect(model.read(h.db, select(sql`${s.markedAsPaidAt} IS NULL`), ['id'])).rejects.toThrow(/marked_as_paid_at is null/);
  });
});
