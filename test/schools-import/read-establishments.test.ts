import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GiasFileError, readGiasEstablishments, type GiasEntry } from '../../api/services/schools/gias/read-establishments';
import { establishments, giasCsv, plainCsv, seededRandom, establishment, windows1252 } from '../support/gias-extract';

const sample = readFileSync(new URL('../fixtures/gias/establishments-sample.csv', import.meta.url));

async function read(bytes: Uint8Array | Uint8Array[]): Promise<GiasEntry[]> {
  const out: GiasEntry[] = [];
  for await (const e of readGiasEstablishments(Array.isArray(bytes) ? bytes : [bytes])) out.push(e);
  return out;
}
const schools = (entries: GiasEntry[]) => entries.flatMap((e) => ('school' in e ? [e.school] : []));
const problems = (entries: GiasEntry[]) => entries.flatMap((e) => ('problem' in e ? [{ line: e.line, problem: e.problem }] : []));

describe('reading a GIAS establishments extract', () => {
  it('reads the sample: every row but the three bad ones, with the fields the school keeps', async () => {
    const entries = await read(sample);
    expect(entries).toHaveLength(300);
    expect(schools(entries)).toHaveLength(297);
    const first = schools(entries)[0]!;
    const row = establishments(1, { seed: 18, firstUrn: 700001 })[0]!;
    expect(first).toEqual({
      urn: '700001',
      name: row['EstablishmentName'],
      schoolStatusCode: row['EstablishmentStatus (code)'],
      schoolTypeCode: row['TypeOfEstablishment (code)'],
      administrativeDistrictCode: row['DistrictAdministrative (code)'],
      section41Approved: false,
    });
  });

  it('finds columns by name, whatever their order, ignoring columns it does not know', async () => {
    const header = ['Unheard Of Column', 'Section41Approved (name)', 'DistrictAdministrative (code)', 'TypeOfEstablishment (code)',
      'EstablishmentStatus (code)', 'EstablishmentName', 'Postcode', 'URN'];
    const csv = plainCsv([header, ['x', 'Approved', 'E09000007', '11', '1', 'Fairholme School', 'AB1 2CD', '123456']]);
    expect(schools(await read(windows1252(csv)))).toEqual([{
      urn: '123456', name: 'Fairholme School', schoolStatusCode: '1', schoolTypeCode: '11',
      administrativeDistrictCode: 'E09000007', section41Approved: true,
    }]);
  });

  it('takes status and type from their (name) columns when the (code) ones are absent', async () => {
    const header = ['URN', 'EstablishmentName', 'EstablishmentStatus (name)', 'TypeOfEstablishment (name)', 'DistrictAdministrative (code)', 'Section41Approved (name)'];
    const csv = plainCsv([
      header,
      ['100001', 'Ashcombe Primary School', 'Open', 'Community school', 'E07000040', 'Not applicable'],
      ['100002', 'Kingsmead Academy', 'Open, but proposed to close', 'Academy converter', 'E08000035', 'Not applicable'],
      ['100003', 'Hawthorn Children’s Centre', 'Closed', 'Children’s centre', 'E08000035', 'Not applicable'],
      ['100004', 'Fenbury Secure Unit', 'Proposed to open', 'secure units', 'E07000146', ''],
      ['100005', 'Odd One', 'Open', 'Castle', 'E07000146', ''],
    ]);
    const entries = await read(windows1252(csv));
    expect(schools(entries).map((s) => [s.urn, s.schoolStatusCode, s.schoolTypeCode])).toEqual([
      ['100001', '1', '1'], ['100002', '3', '34'], ['100003', '2', '47'], ['100004', '4', '24'],
    ]);
    expect(problems(entries)).toEqual([{ line: 6, problem: 'TypeOfEstablishment "Castle" is not a GIAS establishment type' }]);
  });

  it('decodes Windows-1252: accents and typographic apostrophes come out as written', async () => {
    const names = schools(await read(sample)).map((s) => s.name);
    expect(names).toContain('St Thérèse of Lisieux Catholic Primary School');
    expect(names).toContain('St Mary’s Preparatory School');
    // The bytes in the file are single Windows-1252 bytes (0xE9 é, 0x92 ’), not UTF-8.
    expect(sample.includes(Buffer.from([0x54, 0x68, 0xe9, 0x72, 0xe8, 0x73, 0x65]))).toBe(true);
    expect(sample.includes(Buffer.from('é', 'utf8'))).toBe(false);
  });

  it('reads a file re-saved as UTF-8 with a byte order mark, even one split across chunks', async () => {
    const rng = seededRandom(1);
    const text = giasCsv([establishment(rng, { urn: 123123, name: 'École Saint-Étienne Primary School' })]);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    for (const chunks of [[bytes], [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)]]) {
      const [school] = schools(await read(chunks));
      expect(school).toMatchObject({ urn: '123123', name: 'École Saint-Étienne Primary School' });
    }
  });

  it('reports bad rows with their line numbers and goes on', async () => {
    expect(problems(await read(sample))).toEqual([
      { line: 40, problem: 'URN is missing' },
      { line: 75, problem: 'URN "70A075" is not a number' },
      { line: 120, problem: 'CloseDate "31-02-2019" is not a date (dd-mm-yyyy)' },
    ]);
    const header = ['URN', 'EstablishmentName', 'EstablishmentStatus (code)', 'TypeOfEstablishment (code)', 'DistrictAdministrative (code)', 'Section41Approved (name)', 'OpenDate'];
    const csv = plainCsv([
      header,
      ['200001', 'Good School', '1', '1', 'E09000007', '', '01-09-1998'],
      ['200002', '', '1', '1', 'E09000007', '', ''],
      ['200003', 'Short Row School'],
      ['200004', 'Odd Status School', '9', '1', 'E09000007', '', ''],
      ['200001', 'Good School Again', '1', '1', 'E09000007', '', ''],
      ['200005', 'Bad Open Date School', '1', '1', 'E09000007', '', '1998-09-01'],
      ['200006', 'Fine "Quoted" School', '1', '1', 'E09000007', '', '01/09/1998'],
    ]);
    const entries = await read(windows1252(csv));
    expect(schools(entries).map((s) => s.urn)).toEqual(['200001', '200006']);
    expect(problems(entries)).toEqual([
      { line: 3, problem: 'EstablishmentName is missing' },
      { line: 4, problem: 'EstablishmentStatus "" is not a GIAS status' },
      { line: 5, problem: 'EstablishmentStatus "9" is not a GIAS status' },
      { line: 6, problem: 'URN 200001 is also on line 2 (that row was imported)' },
      { line: 7, problem: 'OpenDate "1998-09-01" is not a date (dd-mm-yyyy)' },
    ]);
  });

  it('stops with a clear error for a file without a URN column (or another it needs)', async () => {
    const noUrn = plainCsv([['Name', 'Town'], ['Ashcombe Primary School', 'Ashcombe']]);
    await expect(read(windows1252(noUrn))).rejects.toThrow(GiasFileError);
    await expect(read(windows1252(noUrn))).rejects.toThrow(/no column "URN", no "EstablishmentName",.*GIAS establishment extract/);
    const noDistrict = plainCsv([['URN', 'EstablishmentName', 'EstablishmentStatus (name)', 'TypeOfEstablishment (name)', 'Section41Approved (name)'], ['1', 'A', 'Open', 'Community school', '']]);
    await expect(read(windows1252(noDistrict))).rejects.toThrow('the header row has no column "DistrictAdministrative (code)".');
    await expect(read(Buffer.alloc(0))).rejects.toThrow(/empty/);
  });
});
