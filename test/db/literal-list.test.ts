import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literalList } from '../../db/literal-list';
import { statementLineItems } from '../../db/schema';
import { BILLABLE_STATES } from '../../api/domain/declarations';
import { createHarness, type Harness } from '../support/harness';

// State lists from api/domain go into SQL as literals, so SQLite can use the partial indexes
// declared with literal lists (statement_line_items_billable_unique …); bound parameters cannot.

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(() => h.close());

const dialect = new SQLiteSyncDialect();

describe('literalList', () => {
  it('renders constants as literals, with no parameters', () => {
    const q = dialect.sqlToQuery(sql`state IN ${literalList(BILLABLE_STATES)}`);
    expect(q.sql).toBe("state IN ('eligible', 'payable', 'paid')");
    expect(q.params).toEqual([]);
  });

  it('refuses anything that is not a plain constant', () => {
    expect(() => literalList(["paid') OR 1=1 --"])).toThrow(/not a constant/);
    expect(() => literalList(['Paid'])).toThrow(/not a constant/);
  });

  it('lets SQLite use the partial index that a parameter list would miss', async () => {
    const plan = async (states: ReturnType<typeof sql>) => {
      const q = dialect.sqlToQuery(sql`EXPLAIN QUERY PLAN SELECT ${statementLineItems.statementId} FROM ${statementLineItems}
        WHERE ${statementLineItems.participantDeclarationId} = 'x' AND ${statementLineItems.state} IN ${states}`);
      const rows = (await h.client.execute({ sql: q.sql, args: q.params as string[] })).rows;
      return rows.map((r) => String(r.detail)).join('\n');
    };
    expect(await plan(literalList(BILLABLE_STATES))).toMatch(/statement_line_items_billable_unique/);
    expect(await plan(sql`(${sql.join(BILLABLE_STATES.map((s) => sql`${s}`), sql`, `)})`)).not.toMatch(/statement_line_items_billable_unique/);
  });
});
