import type { Context } from 'hono';

// CSV downloads. A cell that starts with = + - @ (or a tab or carriage return) would run as a
// formula when the file is opened in a spreadsheet, so it gets a leading apostrophe ("CSV
// injection"); school and delivery partner names come from outside DfE.

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvFile(c: Context, fileName: string, header: string[], rows: (string | number | null | undefined)[][]) {
  return c.body(toCsv(header, rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  });
}
