import { parse } from 'csv-parse/sync';

// Reading an uploaded CSV of school URNs. Lenient about layout (any cell of any line is a URN;
// "URN 123456" reads as 123456; a header cell "URN" is skipped), strict about the file itself:
// at most 2 MB, text not binary.

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
/** More distinct URNs than there are schools in England is not a list of schools. */
export const MAX_CSV_ROWS = 50_000;

export interface CsvEntry {
  /** Position in the de-duplicated list of non-blank cells, from 1. */
  rowNumber: number;
  /** The cell as uploaded (trimmed, cut to 100 characters): shown back on the results page. */
  yourData: string;
  /** Its digits: the URN to look up (empty when the cell has none). */
  urn: string;
}

export type CsvProblem = 'missing' | 'empty' | 'too_large' | 'not_csv' | 'unreadable' | 'no_urns' | 'too_many_rows';

export type CsvReadResult = { ok: true; entries: CsvEntry[] } | { ok: false; problem: CsvProblem };

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

const HEADER_CELL = /^(school[\s_-]*)?urns?$/i;
const trimCell = (cell: string) => cell.replace(/^[\s\u200B\uFEFF]+|[\s\u200B\uFEFF]+$/g, '');

export function readUrnCsv(bytes: Uint8Array, fileName: string): CsvReadResult {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > MAX_CSV_BYTES) return { ok: false, problem: 'too_large' };
  if (NOT_CSV_EXTENSIONS.test(fileName) || looksBinary(bytes)) return { ok: false, problem: 'not_csv' };

  // Not UTF-8 (an old Excel "CSV"): unreadable bytes become U+FFFD, which is not a digit anyway.
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch {
    return { ok: false, problem: 'unreadable' };
  }

  const entries: CsvEntry[] = [];
  const seen = new Set<string>();
  let first = true;
  for (const record of records) {
    for (const raw of record) {
      const cell = trimCell(raw);
      if (cell === '') continue;
      if (first) {
        first = false;
        if (HEADER_CELL.test(cell)) continue;
      }
      const urn = cell.replace(/\D/g, '');
      // The same URN twice is one school; cells with no digits are kept apart by their text.
      const key = urn || `text:${cell}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (entries.length === MAX_CSV_ROWS) return { ok: false, problem: 'too_many_rows' };
      entries.push({ rowNumber: entries.length + 1, yourData: cell.slice(0, 100), urn: urn.slice(0, 20) });
    }
  }
  if (entries.length === 0) return { ok: false, problem: first ? 'empty' : 'no_urns' };
  return { ok: true, entries };
}
