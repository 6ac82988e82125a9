import { TextDecoder } from 'node:util';

// Invented GIAS "all establishments" extracts in the real file's shape: its header (the column
// names the real edubasealldata*.csv uses, in its order), Windows-1252 bytes, dd-mm-yyyy dates.
// Every school, town and person here is made up. Used by the import tests, the committed sample
// (test/fixtures/gias/make-sample.ts) and the benchmark's 25,000-row file.

export const GIAS_HEADER = [
  'URN', 'LA (code)', 'LA (name)', 'EstablishmentNumber', 'EstablishmentName', 'TypeOfEstablishment (code)', 'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (code)', 'EstablishmentTypeGroup (name)', 'EstablishmentStatus (code)', 'EstablishmentStatus (name)',
  'ReasonEstablishmentOpened (code)', 'ReasonEstablishmentOpened (name)', 'OpenDate', 'ReasonEstablishmentClosed (code)',
  'ReasonEstablishmentClosed (name)', 'CloseDate', 'PhaseOfEducation (code)', 'PhaseOfEducation (name)', 'StatutoryLowAge',
  'StatutoryHighAge', 'Boarders (code)', 'Boarders (name)', 'NurseryProvision (name)', 'OfficialSixthForm (code)', 'OfficialSixthForm (name)',
  'Gender (code)', 'Gender (name)', 'ReligiousCharacter (code)', 'ReligiousCharacter (name)', 'ReligiousEthos (name)', 'Diocese (code)',
  'Diocese (name)', 'AdmissionsPolicy (code)', 'AdmissionsPolicy (name)', 'SchoolCapacity', 'SpecialClasses (code)', 'SpecialClasses (name)',
  'CensusDate', 'NumberOfPupils', 'NumberOfBoys', 'NumberOfGirls', 'PercentageFSM', 'TrustSchoolFlag (code)', 'TrustSchoolFlag (name)',
  'Trusts (code)', 'Trusts (name)', 'SchoolSponsorFlag (name)', 'SchoolSponsors (name)', 'FederationFlag (name)', 'Federations (code)',
  'Federations (name)', 'UKPRN', 'FEHEIdentifier', 'FurtherEducationType (name)', 'OfstedLastInsp', 'LastChangedDate', 'Street', 'Locality',
  'Address3', 'Town', 'County (name)', 'Postcode', 'SchoolWebsite', 'TelephoneNum', 'HeadTitle (name)', 'HeadFirstName', 'HeadLastName',
  'HeadPreferredJobTitle', 'BSOInspectorateName (name)', 'InspectorateReport', 'DateOfLastInspectionVisit', 'NextInspectionVisit',
  'TeenMoth (name)', 'TeenMothPlaces', 'CCF (name)', 'SENPRU (name)', 'EBD (name)', 'PlacesPRU', 'FTProv (name)', 'EdByOther (name)',
  'Section41Approved (name)', 'SEN1 (name)', 'SEN2 (name)', 'SEN3 (name)', 'SEN4 (name)', 'TypeOfResourcedProvision (name)',
  'ResourcedProvisionOnRoll', 'ResourcedProvisionCapacity', 'SenUnitOnRoll', 'SenUnitCapacity', 'GOR (code)', 'GOR (name)',
  'DistrictAdministrative (code)', 'DistrictAdministrative (name)', 'AdministrativeWard (code)', 'AdministrativeWard (name)',
  'ParliamentaryConstituency (code)', 'ParliamentaryConstituency (name)', 'UrbanRural (code)', 'UrbanRural (name)', 'GSSLACode (name)',
  'Easting', 'Northing', 'MSOA (name)', 'LSOA (name)', 'InspectorateName (name)', 'SENStat', 'SENNoStat', 'BoardingEstablishment (name)',
  'PropsName', 'PreviousLA (code)', 'PreviousLA (name)', 'PreviousEstablishmentNumber', 'OfstedRating (name)', 'RSCRegion (name)',
  'Country (name)', 'UPRN', 'SiteName', 'QABName (code)', 'QABName (name)', 'EstablishmentAccredited (code)', 'EstablishmentAccredited (name)',
  'QABReport', 'CHNumber', 'MSOA (code)', 'LSOA (code)', 'FSM', 'AccreditationExpiryDate',
] as const;

export type GiasRow = Partial<Record<(typeof GIAS_HEADER)[number] | string, string>>;

/** Windows-1252 bytes of a text (every character must exist in that code page). */
export function windows1252(text: string): Buffer {
  const decoder = new TextDecoder('windows-1252');
  const byChar = new Map<string, number>();
  for (let b = 0; b < 256; b++) byChar.set(decoder.decode(Uint8Array.of(b)), b);
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = byChar.get(text[i]!);
    if (b === undefined) throw new Error(`${JSON.stringify(text[i])} has no Windows-1252 byte`);
    out[i] = b;
  }
  return out;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text of rows under a header (GIAS quotes every field; so do we). */
export function giasCsv(rows: GiasRow[], header: readonly string[] = GIAS_HEADER): string {
  const lines = [header.map((h) => `"${h}"`).join(',')];
  for (const row of rows) lines.push(header.map((h) => `"${(row[h] ?? '').replace(/"/g, '""')}"`).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** CSV text with some fields left unquoted (as a spreadsheet saves it). */
export function plainCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}

// Made-up places with an invented local authority each (the ONS-style codes are real codes of
// real districts, as any English school has one; the towns and streets are invented).
const PLACES: [town: string, county: string, la: [string, string], district: [string, string], region: string][] = [
  ['Ashcombe', 'Devon', ['878', 'Devon'], ['E07000040', 'East Devon'], 'South West'],
  ['Bramley Vale', 'Derbyshire', ['830', 'Derbyshire'], ['E07000033', 'Bolsover'], 'East Midlands'],
  ['Caverton', 'Kent', ['886', 'Kent'], ['E07000105', 'Ashford'], 'South East'],
  ['Dunmere', '', ['909', 'Cumbria'], ['E07000028', 'Carlisle'], 'North West'],
  ['Elmsworth', 'Hampshire', ['850', 'Hampshire'], ['E07000093', 'Test Valley'], 'South East'],
  ['Fenbury', 'Norfolk', ['926', 'Norfolk'], ['E07000146', "King's Lynn and West Norfolk"], 'East of England'],
  ['Greyhaven', '', ['202', 'Camden'], ['E09000007', 'Camden'], 'London'],
  ['Harlow Green', '', ['336', 'Wolverhampton'], ['E08000031', 'Wolverhampton'], 'West Midlands'],
  ['Ivybridge Moor', 'Lancashire', ['888', 'Lancashire'], ['E07000117', 'Burnley'], 'North West'],
  ['Kingsmead', '', ['383', 'Leeds'], ['E08000035', 'Leeds'], 'Yorkshire and the Humber'],
  ['Longford St Mary', 'Suffolk', ['935', 'Suffolk'], ['E07000200', 'Babergh'], 'East of England'],
  ['Marlow Edge', '', ['871', 'Reading'], ['E06000038', 'Reading'], 'South East'],
  ['Northby', '', ['391', 'Newcastle upon Tyne'], ['E08000021', 'Newcastle upon Tyne'], 'North East'],
  ['Oakhurst', 'Surrey', ['936', 'Surrey'], ['E07000209', 'Guildford'], 'South East'],
  ['Pendleford', '', ['330', 'Birmingham'], ['E08000025', 'Birmingham'], 'West Midlands'],
  ['Queensbridge', '', ['207', 'Kensington and Chelsea'], ['E09000020', 'Kensington and Chelsea'], 'London'],
  ['Redcliffe Down', '', ['801', 'Bristol, City of'], ['E06000023', 'Bristol, City of'], 'South West'],
  ['Stainforth Hill', 'North Yorkshire', ['815', 'North Yorkshire'], ['E06000065', 'North Yorkshire'], 'Yorkshire and the Humber'],
  ['Thornbury Cross', 'Leicestershire', ['855', 'Leicestershire'], ['E07000134', 'North West Leicestershire'], 'East Midlands'],
  ['Wexcombe', 'Wiltshire', ['865', 'Wiltshire'], ['E06000054', 'Wiltshire'], 'South West'],
];
const WELSH: [string, [string, string], [string, string]] = ['Llanfair Newydd', ['681', 'Cardiff'], ['W06000015', 'Cardiff']];
const STREETS = ['Church Lane', 'School Road', 'Mill Street', 'Park Avenue', 'Station Road', 'Victoria Road', 'Orchard Way', 'The Green', 'Hill Rise', 'Meadow Close'];
const SAINTS = ['Mary', 'Peter', 'Andrew', 'Anne', 'Michael', 'Bede', 'Hilda', 'Aidan', 'Chad', 'Cuthbert'];
const FIRST = ['Helen', 'David', 'Sarah', 'James', 'Priya', 'Andrew', 'Claire', 'Tom', 'Aisha', 'Mark'];
const LAST = ['Harper', 'Okafor', 'Whitfield', 'Ranger', 'Shah', 'Lindqvist', 'Doyle', 'Barnes', 'Moss', 'Tennant'];

/** [code, name, type group code, group name, phase] of the types drawn (weights follow how common they are). */
const TYPES: [string, string, string, string, number][] = [
  ['1', 'Community school', '4', 'Local authority maintained schools', 30],
  ['2', 'Voluntary aided school', '4', 'Local authority maintained schools', 10],
  ['3', 'Voluntary controlled school', '4', 'Local authority maintained schools', 8],
  ['5', 'Foundation school', '4', 'Local authority maintained schools', 4],
  ['7', 'Community special school', '5', 'Special schools', 3],
  ['14', 'Pupil referral unit', '4', 'Local authority maintained schools', 2],
  ['15', 'Local authority nursery school', '4', 'Local authority maintained schools', 1],
  ['28', 'Academy sponsor led', '10', 'Academies', 12],
  ['34', 'Academy converter', '10', 'Academies', 25],
  ['35', 'Free schools', '11', 'Free Schools', 4],
  ['36', 'Free schools special', '11', 'Free Schools', 1],
  ['44', 'Academy special converter', '10', 'Academies', 2],
  ['11', 'Other independent school', '3', 'Independent schools', 5],
  ['10', 'Other independent special school', '3', 'Independent schools', 1],
  ['29', 'Higher education institutions', '2', 'Universities', 1],
  ['56', 'Institution funded by other government department', '9', 'Other types', 1],
  // Only when asked for (weight 0): they need a Welsh or overseas address.
  ['30', 'Welsh establishment', '6', 'Welsh schools', 0],
  ['37', 'British schools overseas', '3', 'Independent schools', 0],
];

/** A small deterministic generator (mulberry32), so the sample file is the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    weighted: <T extends { 4: number }>(xs: readonly T[]) => {
      let r = next() * xs.reduce((s, x) => s + x[4], 0);
      for (const x of xs) if ((r -= x[4]) < 0) return x;
      return xs[xs.length - 1]!;
    },
  };
}

const date = (d: number, m: number, y: number) => `${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}-${y}`;

export interface EstablishmentOptions {
  urn: number;
  name?: string;
  type?: [code: string, name: string];
  status?: '1' | '2' | '3' | '4';
  welsh?: boolean;
  overseas?: boolean;
  section41?: boolean;
}

const STATUS_NAMES = { 1: 'Open', 2: 'Closed', 3: 'Open, but proposed to close', 4: 'Proposed to open' } as const;

/** One establishment's row, with plausible values in the columns GIAS fills for such a school. */
export function establishment(rng: ReturnType<typeof random>, o: EstablishmentOptions): GiasRow {
  const [typeCode, typeName, groupCode, groupName] = o.type ? (TYPES.find((t) => t[0] === o.type![0]) ?? [...o.type, '9', 'Other types']) : rng.weighted(TYPES);
  const place = rng.pick(PLACES);
  const [town, county, la, district, region] = o.welsh ? [WELSH[0], '', WELSH[1], WELSH[2], 'Wales (pseudo)'] : place;
  const saint = rng.pick(SAINTS);
  const primary = rng.next() < 0.7;
  const name = o.name ?? (typeCode === '2' ? `St ${saint}'s Catholic ${primary ? 'Primary' : 'High'} School`
    : typeCode === '3' ? `${town} Church of England ${primary ? 'Primary' : 'Junior'} School`
      : ['28', '34', '35'].includes(typeCode) ? `${town} ${rng.pick(['', 'Park ', 'Vale ', 'Hill '])}${primary ? 'Primary Academy' : 'Academy'}`
        : ['7', '36', '44'].includes(typeCode) ? `${rng.pick(['Brookside', 'Willow Bank', 'Hawthorn', 'Riverside'])} School`
          : typeCode === '14' ? `${town} Learning Centre`
            : typeCode === '15' ? `${town} Nursery School`
              : ['10', '11'].includes(typeCode) ? `${rng.pick(['Fairholme', 'Ravensworth', 'Beechgrove', 'Kingsley Hall'])} ${typeCode === '10' ? 'School' : 'Preparatory School'}`
                : typeCode === '29' ? `University of ${town}`
                  : `${town} ${primary ? 'Primary' : 'Community'} School`);
  const status = o.status ?? '1';
  const opened = date(1, rng.pick([1, 4, 9]), rng.int(1950, 2022));
  const [first, last] = [rng.pick(FIRST), rng.pick(LAST)];
  const pupils = rng.int(40, primary ? 450 : 1600);
  const boys = Math.round(pupils * (0.45 + rng.next() * 0.1));
  return {
    'URN': String(o.urn),
    'LA (code)': o.overseas ? '704' : la[0], 'LA (name)': o.overseas ? 'Overseas' : la[1],
    'EstablishmentNumber': String(rng.int(1000, 7999)),
    'EstablishmentName': name,
    'TypeOfEstablishment (code)': typeCode, 'TypeOfEstablishment (name)': typeName,
    'EstablishmentTypeGroup (code)': groupCode, 'EstablishmentTypeGroup (name)': groupName,
    'EstablishmentStatus (code)': status, 'EstablishmentStatus (name)': STATUS_NAMES[status],
    'ReasonEstablishmentOpened (code)': '00', 'ReasonEstablishmentOpened (name)': 'Not applicable',
    'OpenDate': rng.next() < 0.6 ? opened : '',
    'ReasonEstablishmentClosed (code)': status === '2' ? '01' : '00',
    'ReasonEstablishmentClosed (name)': status === '2' ? 'Academy converter' : 'Not applicable',
    'CloseDate': status === '2' ? date(31, 8, rng.int(2015, 2025)) : status === '3' ? date(31, 8, 2026) : '',
    'PhaseOfEducation (code)': primary ? '2' : '4', 'PhaseOfEducation (name)': primary ? 'Primary' : 'Secondary',
    'StatutoryLowAge': primary ? '4' : '11', 'StatutoryHighAge': primary ? '11' : '18',
    'Boarders (code)': '1', 'Boarders (name)': 'No boarders', 'NurseryProvision (name)': primary ? 'Has Nursery Classes' : 'No Nursery Classes',
    'OfficialSixthForm (code)': primary ? '2' : '1', 'OfficialSixthForm (name)': primary ? 'Does not have a sixth form' : 'Has a sixth form',
    'Gender (code)': '3', 'Gender (name)': 'Mixed',
    'ReligiousCharacter (code)': typeCode === '2' ? '03' : '00', 'ReligiousCharacter (name)': typeCode === '2' ? 'Roman Catholic' : 'Does not apply',
    'Diocese (code)': '0000', 'Diocese (name)': 'Not applicable',
    'AdmissionsPolicy (code)': '0', 'AdmissionsPolicy (name)': 'Not applicable',
    'SchoolCapacity': String(pupils + rng.int(0, 120)), 'SpecialClasses (code)': '2', 'SpecialClasses (name)': 'No Special Classes',
    'CensusDate': '16-01-2025', 'NumberOfPupils': String(pupils), 'NumberOfBoys': String(boys), 'NumberOfGirls': String(pupils - boys),
    'PercentageFSM': (rng.next() * 45).toFixed(1),
    'TrustSchoolFlag (code)': '0', 'TrustSchoolFlag (name)': 'Not applicable',
    'UKPRN': String(10000000 + rng.int(0, 99999)),
    'OfstedLastInsp': date(rng.int(1, 28), rng.int(1, 12), rng.int(2016, 2024)),
    'LastChangedDate': date(rng.int(1, 28), rng.int(1, 12), 2025),
    'Street': `${rng.int(1, 120)} ${rng.pick(STREETS)}`, 'Locality': rng.next() < 0.3 ? `${rng.pick(['Upper', 'Lower', 'East', 'West'])} ${town}` : '',
    'Address3': '', 'Town': town, 'County (name)': county,
    'Postcode': `${rng.pick(['AB', 'CD', 'EX', 'GU', 'LS', 'NE', 'BS', 'DE'])}${rng.int(1, 29)} ${rng.int(1, 9)}${rng.pick(['AA', 'BD', 'HQ', 'TZ', 'XY'])}`,
    'SchoolWebsite': `www.${name.toLowerCase().replace(/[^a-z]+/g, '')}.example.sch.uk`,
    'TelephoneNum': `0${rng.int(1000, 1999)}${rng.int(100000, 999999)}`,
    'HeadTitle (name)': rng.pick(['Mrs', 'Mr', 'Ms', 'Dr']), 'HeadFirstName': first, 'HeadLastName': last,
    'HeadPreferredJobTitle': 'Headteacher',
    'Section41Approved (name)': o.section41 ? 'Approved' : ['10', '11'].includes(typeCode) ? 'Not approved' : 'Not applicable',
    'GOR (code)': 'X', 'GOR (name)': o.overseas ? 'Not Applicable' : region,
    'DistrictAdministrative (code)': o.overseas ? '9999' : district[0], 'DistrictAdministrative (name)': o.overseas ? '' : district[1],
    'UrbanRural (code)': 'C1', 'UrbanRural (name)': '(England/Wales) Urban city and town',
    'GSSLACode (name)': o.overseas ? '' : district[0],
    'Easting': String(rng.int(200000, 600000)), 'Northing': String(rng.int(50000, 600000)),
    'InspectorateName (name)': 'Not applicable', 'BoardingEstablishment (name)': 'Not applicable',
    'OfstedRating (name)': rng.pick(['Good', 'Outstanding', 'Requires improvement', '']),
    'Country (name)': o.overseas ? 'Portugal' : '', 'UPRN': String(rng.int(100000000, 999999999)),
    'FSM': String(Math.round(pupils * 0.2)),
  };
}

/**
 * `count` establishments with URNs from `firstUrn`: mostly open schools of funded types, with
 * closed ones, independent (some section 41 approved), Welsh and overseas ones among them.
 */
export function establishments(count: number, { seed = 18, firstUrn = 700001 } = {}): GiasRow[] {
  const rng = random(seed);
  const rows: GiasRow[] = [];
  for (let i = 0; i < count; i++) {
    const urn = firstUrn + i;
    const r = rng.next();
    const o: EstablishmentOptions = { urn };
    if (r < 0.06) o.status = '2';
    else if (r < 0.08) o.status = '3';
    else if (r < 0.09) o.status = '4';
    else if (r < 0.1) Object.assign(o, { welsh: true, type: ['30', 'Welsh establishment'] });
    else if (r < 0.105) Object.assign(o, { overseas: true, type: ['37', 'British schools overseas'] });
    else if (r < 0.115) Object.assign(o, { type: ['11', 'Other independent school'], section41: true });
    rows.push(establishment(rng, o));
  }
  return rows;
}

export { random as seededRandom };
