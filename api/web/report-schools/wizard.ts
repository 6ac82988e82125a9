import { and, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client';
import { rowsAffected } from '../../../db/client';
import { cohorts, deliveryPartners, partnershipUploadRows, partnershipUploads, schools } from '../../../db/schema';
import { findCohortByYear, type CohortRow } from '../../services/cohorts/find-cohort';
import { loadSchoolFacts, schoolProblem, type SchoolProblem, type SchoolRow } from '../../services/partnerships/partnership-rules';
import type { WebUser } from '../context';
import type { CsvEntry, UploadNotes } from './csv-input';
import { runBatch, type BatchStatement } from '../../../db/batch';

// The "confirm your schools" wizard of one session, kept in the database: the cohort, the
// delivery partner, and the rows of the uploaded CSV with what is wrong with each.

export interface Wizard {
  id: string;
  status: 'choosing' | 'uploaded' | 'confirming' | 'confirmed';
  cohort: CohortRow;
  deliveryPartner: { id: string; name: string } | null;
  fileName: string | null;
  confirmedCount: number;
  /** What reading the uploaded file noticed (ignored columns, merged duplicates). */
  notes: UploadNotes | null;
}

const batch = (db: Db, statements: readonly BatchStatement[]) => runBatch(db, statements);

export async function loadWizard(db: Db, sessionIdHash: string, user: WebUser): Promise<Wizard | null> {
  const [row] = await db
    .select({ upload: partnershipUploads, cohort: cohorts, dpId: deliveryPartners.id, dpName: deliveryPartners.name })
    .from(partnershipUploads)
    .innerJoin(cohorts, eq(cohorts.id, partnershipUploads.cohortId))
    .leftJoin(deliveryPartners, eq(deliveryPartners.id, partnershipUploads.deliveryPartnerId))
    .where(and(eq(partnershipUploads.sessionIdHash, sessionIdHash), eq(partnershipUploads.leadProviderId, user.leadProvider.id)))
    .limit(1);
  if (!row) return null;
  return {
    id: row.upload.id,
    status: row.upload.status as Wizard['status'],
    cohort: row.cohort,
    deliveryPartner: row.dpId && row.dpName ? { id: row.dpId, name: row.dpName } : null,
    fileName: row.upload.fileName,
    confirmedCount: row.upload.confirmedCount,
    notes: parseNotes(row.upload.notes),
  };
}

function parseNotes(text: string | null): UploadNotes | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as UploadNotes;
  } catch {
    return null;
  }
}

const deleteWizardsOfSession = (db: Db, sessionIdHash: string): BatchStatement[] => [
  db.delete(partnershipUploadRows).where(inArray(
    partnershipUploadRows.uploadId,
    db.select({ id: partnershipUploads.id }).from(partnershipUploads).where(eq(partnershipUploads.sessionIdHash, sessionIdHash)),
  )) as never,
  db.delete(partnershipUploads).where(eq(partnershipUploads.sessionIdHash, sessionIdHash)) as never,
];

/** Starts again for a cohort: whatever this session had chosen or uploaded before is dropped. */
export async function startWizard(db: Db, sessionIdHash: string, user: WebUser, cohortId: string, now: Date) {
  await batch(db, [
    ...deleteWizardsOfSession(db, sessionIdHash),
    db.insert(partnershipUploads).values({
      id: crypto.randomUUID(), sessionIdHash, userId: user.id, leadProviderId: user.leadProvider.id, cohortId,
      status: 'choosing', createdAt: now, updatedAt: now,
    }),
  ]);
}

export async function clearWizard(db: Db, sessionIdHash: string) {
  await batch(db, deleteWizardsOfSession(db, sessionIdHash));
}

/** A new delivery partner means a new upload: earlier results are dropped. */
export async function chooseDeliveryPartner(db: Db, wizard: Wizard, deliveryPartnerId: string, now: Date) {
  await batch(db, [
    db.delete(partnershipUploadRows).where(eq(partnershipUploadRows.uploadId, wizard.id)),
    db.update(partnershipUploads).set({ deliveryPartnerId, status: 'choosing', fileName: null, rowCount: 0, errorCount: 0, notes: null, updatedAt: now })
      .where(eq(partnershipUploads.id, wizard.id)),
  ]);
}

export interface CheckedRow {
  rowNumber: number;
  yourData: string;
  schoolId: string | null;
  problem: SchoolProblem | null;
}

const CHUNK = 2_000;
const r = alias(partnershipUploadRows, 'r');
const s = alias(schools, 's');
/** An upload row not taken off the list and with nothing wrong: a school to confirm. */
const toConfirm = sql`${r.problem} IS NULL AND ${r.removed} = 0`;

// Upload rows are inserted from one JSON parameter (INSERT … SELECT, which drizzle's insert
// builder does not write); the column list is taken from the schema's columns, bare as an
// INSERT's column list wants them.
const uploadRowColumns = sql`(${sql.join(
  [partnershipUploadRows.uploadId, partnershipUploadRows.rowNumber, partnershipUploadRows.yourData, partnershipUploadRows.schoolId,
    partnershipUploadRows.problem, partnershipUploadRows.removed].map((c) => sql.identifier(c.name)),
  sql`, `,
)})`;
const jsonIds = (values: string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

/**
 * Applies the partnership rules to every row: schools looked up by URN (then without leading
 * zeros), their facts loaded a few thousand at a time, one pure rule per row.
 */
export async function checkRows(db: Db, entries: CsvEntry[], cohort: CohortRow, leadProviderId: string): Promise<CheckedRow[]> {
  const urns = new Set<string>();
  for (const e of entries) {
    if (!e.urn) continue;
    urns.add(e.urn);
    urns.add(e.urn.replace(/^0+/, ''));
  }
  const byUrn = new Map<string, SchoolRow>();
  const urnList = [...urns].filter(Boolean);
  for (let i = 0; i < urnList.length; i += CHUNK) {
    for (const s of await db.select().from(schools).where(sql`${schools.urn} IN ${jsonIds(urnList.slice(i, i + CHUNK))}`)) byUrn.set(s.urn, s);
  }
  const found = new Map<string, SchoolRow>();
  const schoolOf = (e: CsvEntry) => (e.urn ? byUrn.get(e.urn) ?? byUrn.get(e.urn.replace(/^0+/, '')) ?? null : null);
  for (const e of entries) {
    const s = schoolOf(e);
    if (s) found.set(s.id, s);
  }
  const previous = await findCohortByYear(db, cohort.startYear - 1);
  const facts = await loadSchoolFacts(db, [...found.values()], cohort, previous);

  const rows: CheckedRow[] = [];
  const seenSchools = new Set<string>();
  for (const e of entries) {
    const school = schoolOf(e);
    // "0123456" and "123456" name one school: it is listed once.
    if (school && seenSchools.has(school.id)) continue;
    if (school) seenSchools.add(school.id);
    const problem = schoolProblem(school ? facts.get(school.id)! : { school: null, confirmedWith: null, confirmedLastCohort: false, hasSchoolCohort: false }, leadProviderId);
    rows.push({ rowNumber: e.rowNumber, yourData: e.yourData, schoolId: school?.id ?? null, problem });
  }
  return rows;
}

/** Replaces the wizard's rows with a new upload's, in one batch. */
export async function storeUpload(db: Db, wizard: Wizard, fileName: string, rows: CheckedRow[], notes: UploadNotes, now: Date) {
  const statements: BatchStatement[] = [db.delete(partnershipUploadRows).where(eq(partnershipUploadRows.uploadId, wizard.id))];
  // Thousands of rows per statement as one JSON parameter: fast, and within D1's 100 parameters.
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + CHUNK).map((r) => [r.rowNumber, r.yourData, r.schoolId, r.problem]));
    statements.push(db.run(sql`
      INSERT INTO ${partnershipUploadRows} ${uploadRowColumns}
      SELECT ${wizard.id}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), 0
      FROM json_each(${chunk})
    `));
  }
  const errors = rows.filter((r) => r.problem).length;
  statements.push(db.update(partnershipUploads)
    .set({ status: 'uploaded', fileName: fileName.slice(0, 200), rowCount: rows.length, errorCount: errors, notes: JSON.stringify(notes), updatedAt: now })
    .where(eq(partnershipUploads.id, wizard.id)));
  await batch(db, statements);
}

export async function rowCounts(db: Db, uploadId: string) {
  // Sums of 0/1 conditions, 0 (not null) when the upload has no rows.
  const [row] = await db.select({
    total: count(),
    errors: sql`coalesce(sum(${r.problem} IS NOT NULL), 0)`.mapWith(Number),
    valid: sql`coalesce(sum(${toConfirm}), 0)`.mapWith(Number),
    removed: sql`coalesce(sum(${r.problem} IS NULL AND ${r.removed} = 1), 0)`.mapWith(Number),
  }).from(r).where(eq(r.uploadId, uploadId));
  return { total: row?.total ?? 0, errors: row?.errors ?? 0, valid: row?.valid ?? 0, removed: row?.removed ?? 0 };
}

/** Rows with errors in row order; every one of them when no limit is given (the CSV download). */
export async function errorRows(db: Db, uploadId: string, limit = -1) {
  return db
    // `problem` is a rule code checkRows wrote (a SchoolProblem), never null under this condition.
    .select({ rowNumber: r.rowNumber, yourData: r.yourData, schoolName: s.name, problem: sql<SchoolProblem>`${r.problem}` })
    .from(r)
    .leftJoin(s, eq(s.id, r.schoolId))
    .where(and(eq(r.uploadId, uploadId), isNotNull(r.problem)))
    .orderBy(r.rowNumber)
    .limit(limit);
}

export async function validRows(db: Db, uploadId: string, page: number, perPage: number) {
  return db
    .select({ rowNumber: r.rowNumber, schoolId: s.id, name: s.name, urn: s.urn, district: s.administrativeDistrictCode })
    .from(r)
    .innerJoin(s, eq(s.id, r.schoolId))
    .where(sql`${r.uploadId} = ${uploadId} AND ${toConfirm}`)
    .orderBy(r.rowNumber)
    .limit(perPage)
    .offset((page - 1) * perPage);
}

export async function validSchoolIds(db: Db, uploadId: string): Promise<string[]> {
  const rows = await db.select({ schoolId: r.schoolId }).from(r)
    .where(sql`${r.uploadId} = ${uploadId} AND ${toConfirm} AND ${r.schoolId} IS NOT NULL`)
    .orderBy(r.rowNumber);
  // Never null here (the query asks for a school); the check tells the compiler.
  return rows.flatMap((row) => (row.schoolId === null ? [] : [row.schoolId]));
}

/** Takes a school off the list; returns its name, or null when it was not on the list. */
export async function removeSchool(db: Db, uploadId: string, schoolId: string): Promise<string | null> {
  const result = await db.update(partnershipUploadRows).set({ removed: true })
    .where(and(eq(partnershipUploadRows.uploadId, uploadId), eq(partnershipUploadRows.schoolId, schoolId), isNull(partnershipUploadRows.problem), eq(partnershipUploadRows.removed, false)));
  if (rowsAffected(result) === 0) return null;
  const [school] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  return school?.name ?? null;
}

/** Records problems found at confirmation time (the data changed since the upload). */
export async function markProblems(db: Db, uploadId: string, problems: Map<string, SchoolProblem>, now: Date) {
  const entries = JSON.stringify([...problems.entries()]);
  await batch(db, [
    db.update(partnershipUploadRows)
      .set({ problem: sql`(SELECT json_extract(value, '$[1]') FROM json_each(${entries}) WHERE json_extract(value, '$[0]') = ${partnershipUploadRows.schoolId})` })
      .where(sql`${partnershipUploadRows.uploadId} = ${uploadId} AND ${partnershipUploadRows.problem} IS NULL AND ${partnershipUploadRows.removed} = 0
        AND ${partnershipUploadRows.schoolId} IN (SELECT json_extract(value, '$[0]') FROM json_each(${entries}))`),
    db.update(partnershipUploads).set({ status: 'uploaded', updatedAt: now }).where(eq(partnershipUploads.id, uploadId)),
  ]);
}

/** Moves the wizard from one status to the next; false when another request got there first. */
export async function moveStatus(db: Db, uploadId: string, from: Wizard['status'], to: Wizard['status'], now: Date, extra: { confirmedCount?: number } = {}) {
  const result = await db.update(partnershipUploads).set({ status: to, updatedAt: now, ...extra })
    .where(and(eq(partnershipUploads.id, uploadId), eq(partnershipUploads.status, from)));
  return rowsAffected(result) === 1;
}

/** Wizards untouched for a day are abandoned: their rows can go. */
export async function deleteAbandonedWizards(db: Db, now: Date) {
  const cutoff = now.getTime() - 24 * 60 * 60 * 1000;
  await batch(db, [
    db.delete(partnershipUploadRows).where(inArray(
      partnershipUploadRows.uploadId,
      db.select({ id: partnershipUploads.id }).from(partnershipUploads).where(sql`${partnershipUploads.updatedAt} < ${cutoff}`),
    )),
    db.delete(partnershipUploads).where(sql`${partnershipUploads.updatedAt} < ${cutoff}`),
  ]);
}
