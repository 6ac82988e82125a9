import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse, CsvError } from 'csv-parse';
import { giasDate, giasStatusCode, giasTypeCode, isSection41Approved, type GiasSchool } from '../../../domain/gias-establishment';

// Reads a GIAS "all establishments" extract (edubasealldata*.csv): Windows-1252 text (UTF-8 when
// the file starts with a byte order mark, as one re-saved by a spreadsheet does), a header row
// naming ~130 columns. Columns are found by name, so their order and any we do not use do not
// matter. A bad row is reported with its line number and skipped; only a file we cannot read
// as an extract at all (not CSV, a column we need missing) stops the import.

/** The columns we read, as GIAS names them. */
export const GIAS_COLUMNS = {
  urn: 'URN',
  name: 'EstablishmentName',
  statusCode: 'EstablishmentStatus (code)',
  statusName: 'EstablishmentStatus (name)',
  typeCode: 'TypeOfEstablishment (code)',
  typeName: 'TypeOfEstablishment (name)',
  // The ONS code of the school's local authority district (E09000007, W06000015, 9999 for
  // none): what "in England" is decided from. `LA (code)` is GIAS's own three-digit number.
  district: 'DistrictAdministrative (code)',
  section41: 'Section41Approved (name)',
  openDate: 'OpenDate',
  closeDate: 'CloseDate',
} as const;
type Field = keyof typeof GIAS_COLUMNS;

/** Columns (or pairs of which one will do) without which no row could be imported. */
const REQUIRED: Field[][] = [['urn'], ['name'], ['statusCode', 'statusName'], ['typeCode', 'typeName'], ['district'], ['section41']];

/** The file cannot be imported at all (not a row's problem). */
export class GiasFileError extends Error {}

export type GiasEntry =
  | { line: number; school: GiasSchool }
  | { line: number; urn: string | null; problem: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Text of the file: Windows-1252 unless it starts with a UTF-8 byte order mark (dropped). */
async function* decode(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let head = new Uint8Array(0);
  const choose = (bytes: Uint8Array) => new TextDecoder(UTF8_BOM.every((b, i) => bytes[i] === b) ? 'utf-8' : 'windows-1252');
  for await (const chunk of source) {
    let bytes = chunk;
    if (!decoder) {
      // The byte order mark may straddle the first chunks.
      head = Buffer.concat([head, chunk]);
      if (head.length < UTF8_BOM.length) continue;
      decoder = choose(head);
      bytes = head;
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  if (!decoder) {
    const text = choose(head).decode(head);
    if (text) yield text;
  } else {
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}

const normalise = (header: string) => header.trim().toLowerCase().replace(/\s+/g, ' ');

/** Where each column we read is in the header row; throws when one we need is missing. */
export function mapHeader(header: string[]): Partial<Record<Field, number>> {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const n = normalise(name);
    if (!positions.has(n)) positions.set(n, i);
  });
  const columns: Partial<Record<Field, number>> = {};
  for (const [field, name] of Object.entries(GIAS_COLUMNS) as [Field, string][]) {
    const at = positions.get(normalise(name));
    if (at !== undefined) columns[field] = at;
  }
  const missing = REQUIRED.filter((options) => options.every((f) => columns[f] === undefined))
    .map((options) => options.map((f) => `"${GIAS_COLUMNS[f]}"`).join(' or '));
  if (missing.length) {
    throw new GiasFileError(`the header row has no column ${missing.join(', no ')}. Is it a GIAS establishment extract (edubasealldata*.csv)? Its first row must name the columns.`);
  }
  return columns;
}

/** One data row checked and turned into a school, or the reason it cannot be imported. */
function toEntry(record: string[], columns: Partial<Record<Field, number>>, line: number): GiasEntry {
  const get = (f: Field) => {
    const i = columns[f];
    return i === undefined ? '' : (record[i] ?? '').trim();
  };
  const urn = get('urn');
  const bad = (problem: string): GiasEntry => ({ line, urn: urn || null, problem });
  if (urn === '') return bad('URN is missing');
  if (!/^\d+$/.test(urn)) return bad(`URN "${urn}" is not a number`);
  const name = get('name');
  if (name === '') return bad('EstablishmentName is missing');
  const statusCode = giasStatusCode(get('statusCode'), get('statusName'));
  if (!statusCode) return bad(`EstablishmentStatus "${get('statusCode') || get('statusName')}" is not a GIAS status`);
  const typeCode = giasTypeCode(get('typeCode'), get('typeName'));
  if (!typeCode) return bad(`TypeOfEstablishment "${get('typeCode') || get('typeName')}" is not a GIAS establishment type`);
  for (const f of ['openDate', 'closeDate'] as const) {
    // Not kept, but a date that is not one says the row is damaged (shifted columns, a
    // spreadsheet's reformatting), so the rest of it is not trusted either.
    if (giasDate(get(f)) === null) return bad(`${GIAS_COLUMNS[f]} "${get(f)}" is not a date (dd-mm-yyyy)`);
  }
  return {
    line,
    school: {
      // Stored without leading zeros, as lookups by URN expect (a spreadsheet may pad them).
      urn: urn.replace(/^0+(?=\d)/, ''),
      name,
      schoolStatusCode: statusCode,
      schoolTypeCode: typeCode,
      administrativeDistrictCode: get('district'),
      section41Approved: isSection41Approved(get('section41')),
    },
  };
}

/**
 * The rows of an extract, in file order, each with its line number (the header is line 1).
 * Throws GiasFileError for a file that is not a readable extract.
 */
export async function* readGiasEstablishments(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<GiasEntry> {
  const parser = Readable.from(decode(source)).pipe(parse({
    // Tolerant of what hand-edited extracts contain: short or long rows (checked per row), a
    // stray quote inside a field, blank lines.
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  }));
  let columns: Partial<Record<Field, number>> | null = null;
  const seen = new Map<string, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = mapHeader(record);
        continue;
      }
      const entry = toEntry(record, columns, info.lines);
      if ('school' in entry) {
        const first = seen.get(entry.school.urn);
        if (first !== undefined) {
          yield { line: entry.line, urn: entry.school.urn, problem: `URN ${entry.school.urn} is also on line ${first} (that row was imported)` };
          continue;
        }
        seen.set(entry.school.urn, entry.line);
      }
      yield entry;
    }
  } catch (err) {
    if (err instanceof CsvError) throw new GiasFileError(`it is not readable as CSV (near line ${(err as CsvError & { lines?: number }).lines ?? '?'}): ${err.message}`);
    throw err;
  }
  if (!columns) throw new GiasFileError('it is empty: a GIAS extract starts with a header row naming its columns.');
}
