import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { operatorExternalIds } from '../../../db/schema';
import { ApiError, DomainError, NotFoundError, type ErrorItem } from '../../errors/api-error';
import type { BatchItem } from '../school-events/register-participant';

// Bulk operator writes (thousands of registrations or programme choices from the school-facing
// service): NDJSON or CSV in, one result per row out. Each row is all or nothing (its writes,
// its audit row and its external id in one batch) and idempotent by its `external_id`: a row
// sent again gets its first result back and writes nothing.

export const MAX_BULK_ROWS = 10_000;

export type BulkRow = { row: number; fields: Record<string, unknown> } | { row: number; error: string };

/** Reads the body's rows: NDJSON (one JSON object a line) or CSV with a header row. */
export function parseBulkRows(contentType: string | undefined, text: string): BulkRow[] {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let rows: BulkRow[];
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') {
    rows = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const value = JSON.parse(line);
        if (value && typeof value === 'object' && !Array.isArray(value)) rows.push({ row: i + 1, fields: value as Record<string, unknown> });
        else rows.push({ row: i + 1, error: 'Each line must be one JSON object.' });
      } catch {
        rows.push({ row: i + 1, error: 'This line is not valid JSON.' });
      }
    });
  } else if (type === 'text/csv') {
    let records: Record<string, string>[];
    try {
      records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    } catch (err) {
      throw ApiError.badRequest(`The CSV could not be read: ${(err as Error).message}. Send a header row, then one row per record.`);
    }
    // Row numbers as a spreadsheet shows them: the header is row 1.
    rows = records.map((r, i) => ({ row: i + 2, fields: Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')) }));
  } else {
    throw new ApiError('unsupported_media_type', [{ title: 'Content-Type', detail: 'Send rows as application/x-ndjson (one JSON object a line) or text/csv (with a header row).' }]);
  }
  if (rows.length === 0) throw ApiError.badRequest('The body has no rows.');
  if (rows.length > MAX_BULK_ROWS) throw ApiError.badRequest(`Send at most ${MAX_BULK_ROWS} rows at a time; this body has ${rows.length}.`);
  return rows;
}

export interface BulkRowResult {
  row: number;
  external_id: string | null;
  status: 'created' | 'already_created' | 'failed';
  result?: unknown;
  errors?: ErrorItem[];
}

async function firstResult(db: Db, operation: string, externalId: string): Promise<unknown | undefined> {
  const [row] = await db.select({ result: operatorExternalIds.result }).from(operatorExternalIds)
    .where(and(eq(operatorExternalIds.operation, operation), eq(operatorExternalIds.externalId, externalId))).limit(1);
  return row ? JSON.parse(row.result) : undefined;
}

/** The external id's row, to write in the same batch as the row it belongs to. */
export const externalIdStatement = (db: Db, operation: string, externalId: string, result: unknown, now: Date) =>
  db.insert(operatorExternalIds).values({ operation, externalId, result: JSON.stringify(result), createdAt: now });

/**
 * Runs each row in turn. `write` does the row's work, adding `also(result)` to its batch, and
 * returns the row's result (what a re-sent row gets back).
 */
export async function runBulk<R>(
  db: Db, operation: string, rows: BulkRow[],
  write: (fields: Record<string, unknown>, recordExternalId: (result: R) => BatchItem) => Promise<R>,
  now: Date,
): Promise<{ rows: number; created: number; already_created: number; failed: number; results: BulkRowResult[] }> {
  const results: BulkRowResult[] = [];
  for (const r of rows) {
    if ('error' in r) {
      results.push({ row: r.row, external_id: null, status: 'failed', errors: [{ title: 'row', detail: r.error }] });
      continue;
    }
    const raw = r.fields.external_id;
    const externalId = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
    if (!externalId || externalId.length > 200) {
      results.push({ row: r.row, external_id: null, status: 'failed', errors: [{ title: 'external_id', detail: 'Enter an external_id (at most 200 characters): your own id for this row, so that sending it again does nothing.' }] });
      continue;
    }
    const done = await firstResult(db, operation, externalId);
    if (done !== undefined) {
      results.push({ row: r.row, external_id: externalId, status: 'already_created', result: done });
      continue;
    }
    try {
      // The row's fields as sent, external_id too (services ignore it; the audit row keeps it).
      const result = await write(r.fields, (res) => externalIdStatement(db, operation, externalId, res, now));
      results.push({ row: r.row, external_id: externalId, status: 'created', result });
    } catch (err) {
      // The same external id sent twice at once: the database kept the first, this batch wrote nothing.
      const raced = isUniqueViolation(err) ? await firstResult(db, operation, externalId) : undefined;
      if (raced !== undefined) results.push({ row: r.row, external_id: externalId, status: 'already_created', result: raced });
      else if (err instanceof DomainError || err instanceof ApiError) results.push({ row: r.row, external_id: externalId, status: 'failed', errors: err.errors });
      else if (err instanceof NotFoundError) results.push({ row: r.row, external_id: externalId, status: 'failed', errors: [{ title: err.what, detail: `No ${err.what} was found with that id.` }] });
      else if (isUniqueViolation(err)) results.push({ row: r.row, external_id: externalId, status: 'failed', errors: [{ title: 'row', detail: 'This row clashes with a record written at the same moment (for example the same email address). Nothing was written; check it and send it again.' }] });
      else throw err;
    }
  }
  const count = (s: BulkRowResult['status']) => results.filter((x) => x.status === s).length;
  return { rows: results.length, created: count('created'), already_created: count('already_created'), failed: count('failed'), results };
}
