import { parse } from 'csv-parse/sync';

// Reading an uploaded CSV of school URNs. The page promises that only column A is read, so only
// column A is: a "Previous URN" column next to it must never put a second school on the list.
// Data in other columns is reported once, never read as rows. Row numbers are the spreadsheet's
// (the header and blank rows count), so a provider can find each row in the file they uploaded.
// Strict about the file itself: at most 2 MB, text not binary.

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
/** More distinct URNs than there are schools in England is not a list of schools. */
export const MAX_CSV_ROWS = 50_000;

export interface CsvEntry {
  /** The row in the spreadsheet, from 1 (the header and blank rows count). */
  rowNumber: number;
  /** Column A as uploaded (trimmed, cut to 100 characters): shown back on the results page. */
  yourData: string;
  /** The URN to look up (empty when the cell is not one). */
  urn: string;
}

/** What reading the file noticed besides its rows, shown with the results. */
export interface UploadNotes {
  /** Letters of the columns other than A that had data in them (ignored). */
  ignoredColumns: string[];
  /** URNs on more than one row: the school is listed once, from the first row. */
  duplicates: { urn: string; rows: number[] }[];
}

export type CsvProblem = 'missing' | 'empty' | 'too_large' | 'not_csv' | 'unreadable' | 'no_urns' | 'too_many_rows';

export type CsvReadResult = { ok: true; entries: CsvEntry[]; notes: UploadNotes } | { ok: false; problem: CsvProblem };

/** Spreadsheet, document, archive and image files, by their first bytes. */
const BINARY_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04], // zip: xlsx, docx, ods
  [0xd0, 0xcf, 0x11, 0xe0], // old Office: xls, doc
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x1f, 0x8b], // gzip
];
const NOT_CSV_EXTENSIONS = /\.(xlsx|xlsm|xls|ods|numbers|docx?|pdf|png|jpe?g|gif|zip|gz|exe|json|xml|html?)$/i;

export function looksBinary(bytes: Uint8Array): boolean {
  if (BINARY_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) return true;
  // Text files have no NUL bytes and hardly any other control characters.
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control += 1;
  }
  return control > sample.length / 100;
}

/** A heading in column A of the first row: no digits, and names the URN. */
const HEADER_CELL = /\burns?\b|unique reference number/i;
const trimCell = (cell: string) => cell.replace(/^[\s\u200B\uFEFF]+|[\s\u200B\uFEFF]+$/g, '');

/** A, B, ..., Z, AA, AB, ... */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * The URN in a cell. Spreadsheets export numbers their own way: `127228.0` (a decimal column)
 * and `1.27228E+05` (scientific notation) are 127228. Text around one run of digits is forgiven
 * ("URN 127228"); anything else (`127228.5`, `12-34`) is not a URN and shows as an error.
 */
export function urnOf(cell: string): string {
  if (/^\d+$/.test(cell)) return cell;
  const decimal = /^(\d+)\.0+$/.exec(cell);
  if (decimal) return decimal[1]!;
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(cell)) {
    const n = Number(cell);
    return Number.isSafeInteger(n) ? String(n) : '';
  }
  const single = /^\D*?(\d+)\D*$/.exec(cell);
  return single && !/\d\D+\d/.test(cell) ? single[1]! : '';
}

export function readUrnCsv(bytes: Uint8Array, fileName: string): CsvReadResult {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > MAX_CSV_BYTES) return { ok: false, problem: 'too_large' };
  if (NOT_CSV_EXTENSIONS.test(fileName) || looksBinary(bytes)) return { ok: false, problem: 'not_csv' };

  // Not UTF-8 (an old Excel "CSV"): unreadable bytes become U+FFFD, which is not a digit anyway.
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  let records: string[][];
  try {
    // Every line is a record, blank ones too, so a record's position is its spreadsheet row. Any
    // line ending; commas, or the semicolons and tabs of other spreadsheets' exports, separate
    // columns (so column A is found whichever was used).
    records = parse(text, {
      bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'], delimiter: [',', ';', '\t'],
    }) as string[][];
  } catch {
    return { ok: false, problem: 'unreadable' };
  }

  const entries: CsvEntry[] = [];
  const ignored = new Set<number>();
  const firstRowOf = new Map<string, number>();
  const duplicates = new Map<string, number[]>();
  let sawColumnA = false;
  records.forEach((record, index) => {
    const rowNumber = index + 1;
    for (let col = 1; col < record.length; col++) if (trimCell(record[col] ?? '') !== '') ignored.add(col);
    const cell = trimCell(record[0] ?? '');
    if (cell === '') return;
    const isFirst = !sawColumnA;
    sawColumnA = true;
    if (isFirst && !/\d/.test(cell) && HEADER_CELL.test(cell)) return;
    const urn = urnOf(cell);
    // The same URN twice is one school ("0123456" and "123456" too): listed once, from its
    // first row, and the results say which rows were merged.
    if (urn) {
      const key = urn.replace(/^0+(?=\d)/, '');
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        duplicates.set(key, [...(duplicates.get(key) ?? [first]), rowNumber]);
        return;
      }
      firstRowOf.set(key, rowNumber);
    }
    entries.push({ rowNumber, yourData: cell.slice(0, 100), urn: urn.slice(0, 20) });
  });
  if (entries.length > MAX_CSV_ROWS) return { ok: false, problem: 'too_many_rows' };
  if (entries.length === 0) return { ok: false, problem: sawColumnA || ignored.size > 0 ? 'no_urns' : 'empty' };
  return {
    ok: true,
    entries,
    notes: {
      ignoredColumns: [...ignored].sort((x, y) => x - y).map(columnLetter),
      duplicates: [...duplicates].map(([urn, rows]) => ({ urn, rows })),
    },
  };
}
