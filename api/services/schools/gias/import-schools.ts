import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { jsonRows } from '../../../../db/json-rows';
import { schools } from '../../../../db/schema';
import { CLOSED_STATUS_CODE, giasSchoolDiffers, type GiasSchool } from '../../../domain/gias-establishment';
import { fundingCategory, type FundingCategory } from '../../../domain/school-eligibility';
import type { GiasEntry } from './read-establishments';

// Upserts schools from GIAS rows (./read-establishments.ts). A school is written only when an
// imported field differs, so an unchanged school keeps its `updated_at`, which is what the API's
// `filter[updated_since]` and the partnerships that show the school follow. Eligibility is not
// stored: it is derived from these fields wherever it is needed (api/domain/school-eligibility.ts).

export interface ImportProgress {
  rows: number;
  added: number;
  changed: number;
  closed: number;
  skipped: number;
}

export interface SkippedRow {
  line: number;
  urn: string | null;
  problem: string;
}

export interface ImportSchoolsResult extends ImportProgress {
  unchanged: number;
  skippedRows: SkippedRow[];
  /** Schools in the database that the file does not mention (left as they are). */
  notInFile: number;
  /** The imported schools by what they can have, from their new data. */
  funding: Record<FundingCategory, number>;
  dryRun: boolean;
}

export interface ImportSchoolsOptions {
  db: Db;
  /** Read once per batch written: a batch's rows carry the time they were committed at. */
  clock: () => Date;
  dryRun?: boolean;
  /** Schools per database batch (one transaction). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

/** SQLite's (and D1's) limit on bound parameters per statement, and the columns we bind. */
const MAX_PARAMS = 100;
const COLUMNS = 9;
const ROWS_PER_STATEMENT = Math.floor(MAX_PARAMS / COLUMNS);

async function existingSchools(db: Db): Promise<Map<string, GiasSchool>> {
  const rows = await jsonRows(db, sql`
    SELECT urn, name, school_status_code AS status, school_type_code AS type,
      administrative_district_code AS district, section_41_approved AS s41
    FROM ${schools}`, ['urn', 'name', 'status', 'type', 'district', 's41'], 'urn');
  return new Map(rows.map((r) => [String(r.urn), {
    urn: String(r.urn), name: String(r.name), schoolStatusCode: String(r.status), schoolTypeCode: String(r.type),
    administrativeDistrictCode: String(r.district), section41Approved: r.s41 === 1,
  }]));
}

/** New schools and changed ones in one statement per chunk, each change guarded in SQL. */
function upserts(db: Db, batch: GiasSchool[], now: Date) {
  const statements = [];
  for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
    const values = batch.slice(i, i + ROWS_PER_STATEMENT).map((s) => ({
      id: crypto.randomUUID(), urn: s.urn, name: s.name, schoolStatusCode: s.schoolStatusCode, schoolTypeCode: s.schoolTypeCode,
      administrativeDistrictCode: s.administrativeDistrictCode, section41Approved: s.section41Approved, createdAt: now, updatedAt: now,
    }));
    statements.push(db.insert(schools).values(values).onConflictDoUpdate({
      target: schools.urn,
      set: {
        name: sql`excluded.name`,
        schoolStatusCode: sql`excluded.school_status_code`,
        schoolTypeCode: sql`excluded.school_type_code`,
        administrativeDistrictCode: sql`excluded.administrative_district_code`,
        section41Approved: sql`excluded.section_41_approved`,
        updatedAt: sql`excluded.updated_at`,
      },
      // Another import that got there first leaves nothing to do: no second updated_at.
      setWhere: sql`schools.name IS NOT excluded.name OR schools.school_status_code IS NOT excluded.school_status_code
        OR schools.school_type_code IS NOT excluded.school_type_code
        OR schools.administrative_district_code IS NOT excluded.administrative_district_code
        OR schools.section_41_approved IS NOT excluded.section_41_approved`,
    }));
  }
  return statements;
}

export async function importSchools(entries: AsyncIterable<GiasEntry>, options: ImportSchoolsOptions): Promise<ImportSchoolsResult> {
  const { db, clock, dryRun = false, batchSize = 500, onProgress } = options;
  const existing = await existingSchools(db);
  const result: ImportSchoolsResult = {
    rows: 0, added: 0, changed: 0, closed: 0, skipped: 0, unchanged: 0, skippedRows: [], notInFile: 0,
    funding: { eligible: 0, cip_only: 0, not_eligible: 0 }, dryRun,
  };
  const progress = () => onProgress?.({ rows: result.rows, added: result.added, changed: result.changed, closed: result.closed, skipped: result.skipped });
  let matched = 0;
  let pending: GiasSchool[] = [];
  const flush = async () => {
    if (pending.length && !dryRun) {
      const [first, ...rest] = upserts(db, pending, clock());
      await db.batch([first!, ...rest]);
    }
    pending = [];
  };

  for await (const entry of entries) {
    result.rows++;
    if (!('school' in entry)) {
      result.skipped++;
      result.skippedRows.push({ line: entry.line, urn: entry.urn, problem: entry.problem });
    } else {
      const school = entry.school;
      result.funding[fundingCategory(school)]++;
      const before = existing.get(school.urn);
      if (before) matched++;
      if (!before) result.added++;
      else if (!giasSchoolDiffers(before, school)) result.unchanged++;
      else if (school.schoolStatusCode === CLOSED_STATUS_CODE && before.schoolStatusCode !== CLOSED_STATUS_CODE) result.closed++;
      else result.changed++;
      if (!before || giasSchoolDiffers(before, school)) pending.push(school);
      if (pending.length >= batchSize) await flush();
    }
    if (result.rows % batchSize === 0) progress();
  }
  await flush();
  result.notInFile = existing.size - matched;
  progress();
  return result;
}
