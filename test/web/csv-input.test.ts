import { describe, expect, it } from 'vitest';
import { columnLetter, readUrnCsv, urnOf } from '../../api/web/report-schools/csv-input';

const read = (text: string) => readUrnCsv(new TextEncoder().encode(text), 'schools.csv');

describe('reading a CSV of URNs', () => {
  it('reads a URN the way spreadsheets export it', () => {
    expect(urnOf('127228')).toBe('127228');
    expect(urnOf('127228.0')).toBe('127228');
    expect(urnOf('127228.00')).toBe('127228');
    expect(urnOf('1.27228E+05')).toBe('127228');
    expect(urnOf('URN 127228')).toBe('127228');
    expect(urnOf('127228.5')).toBe('');
    expect(urnOf('12-34')).toBe('');
    expect(urnOf('1.5E+01')).toBe('15');
    expect(urnOf('n/a')).toBe('');
  });

  it('takes column A only, from comma, semicolon or tab separated files, with any line endings', () => {
    const result = read('URN;Previous URN\r\n100001;100002\n100003\t100004\r100005,,\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries).toEqual([
      { rowNumber: 2, yourData: '100001', urn: '100001' },
      { rowNumber: 3, yourData: '100003', urn: '100003' },
      { rowNumber: 4, yourData: '100005', urn: '100005' },
    ]);
    expect(result.notes.ignoredColumns).toEqual(['B']);
  });

  it('counts blank rows and quoted line breaks as the spreadsheet does, and merges repeated URNs (leading zeros too)', () => {
    const result = read('\uFEFFURN\n\n"100001"\n,\n0100001\n"100002\nsecond line"\n100002\n100001.0\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((e) => [e.rowNumber, e.urn])).toEqual([[3, '100001'], [6, '100002']]);
    expect(result.notes.duplicates).toEqual([{ urn: '100001', rows: [3, 5, 8] }, { urn: '100002', rows: [6, 7] }]);
    expect(result.notes.ignoredColumns).toEqual([]);
  });

  it('explains a file with nothing in column A', () => {
    expect(read(',100001\n,100002\n')).toEqual({ ok: false, problem: 'no_urns' });
    expect(read('\n\n ,\n')).toEqual({ ok: false, problem: 'empty' });
    expect(read('URN\n')).toEqual({ ok: false, problem: 'no_urns' });
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
