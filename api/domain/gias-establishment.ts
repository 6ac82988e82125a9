import type { SchoolGiasData } from './school-eligibility';

// The vocabulary of GIAS (Get Information About Schools) establishment data, as its "all
// establishments" extract spells it, turned into what a school row keeps. Pure: no I/O.
// Whether a school can have funded training is decided from these values by
// ./school-eligibility.ts, the one place that rule lives.

/** EstablishmentStatus (name) → (code). */
const STATUS_CODES: Record<string, string> = {
  'open': '1',
  'closed': '2',
  'open, but proposed to close': '3',
  'proposed to open': '4',
};

/** The status a school is closed with. */
export const CLOSED_STATUS_CODE = '2';

/**
 * TypeOfEstablishment (name) → (code). Files usually carry both columns; the code wins, the
 * name is for extracts cut down to the "(name)" columns.
 */
const TYPE_CODES: Record<string, string> = {
  'community school': '1',
  'voluntary aided school': '2',
  'voluntary controlled school': '3',
  'foundation school': '5',
  'city technology college': '6',
  'community special school': '7',
  'non-maintained special school': '8',
  'other independent special school': '10',
  'other independent school': '11',
  'foundation special school': '12',
  'pupil referral unit': '14',
  'local authority nursery school': '15',
  'further education': '18',
  'secure units': '24',
  'offshore schools': '25',
  "service children's education": '26',
  'miscellaneous': '27',
  'academy sponsor led': '28',
  'higher education institutions': '29',
  'welsh establishment': '30',
  'sixth form centres': '31',
  'special post 16 institution': '32',
  'academy special sponsor led': '33',
  'academy converter': '34',
  'free schools': '35',
  'free schools special': '36',
  'british schools overseas': '37',
  'free schools alternative provision': '38',
  'free schools 16 to 19': '39',
  'university technical college': '40',
  'studio schools': '41',
  'academy alternative provision converter': '42',
  'academy alternative provision sponsor led': '43',
  'academy special converter': '44',
  'academy 16-19 converter': '45',
  'academy 16 to 19 sponsor led': '46',
  "children's centre": '47',
  "children's centre linked site": '48',
  'online provider': '49',
  'institution funded by other government department': '56',
  'academy secure 16 to 19': '57',
};

// GIAS writes "Children's centre" with a straight or a curly apostrophe, and names in any case.
const key = (name: string) => name.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');

/** The status code for a status given by code or name; null when it is neither. */
export function giasStatusCode(code: string, name: string): string | null {
  if (code.trim() !== '') return Object.values(STATUS_CODES).includes(code.trim()) ? code.trim() : null;
  return STATUS_CODES[key(name)] ?? null;
}

/** The establishment type code for a type given by code or name; null when it is neither. */
export function giasTypeCode(code: string, name: string): string | null {
  if (code.trim() !== '') return /^\d{1,3}$/.test(code.trim()) ? String(Number(code.trim())) : null;
  return TYPE_CODES[key(name)] ?? null;
}

/** Section41Approved (name): "Approved", or "Not approved" / "Not applicable" / blank. */
export const isSection41Approved = (name: string) => key(name) === 'approved';

/**
 * A GIAS date (OpenDate, CloseDate: dd-mm-yyyy; a file saved by a spreadsheet may have
 * dd/mm/yyyy) as YYYY-MM-DD; '' for none; null when it is not a real date.
 */
export function giasDate(value: string): string | null | '' {
  const v = value.trim();
  if (v === '') return '';
  const m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(v);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** One establishment as a school row keeps it: the GIAS data eligibility is decided from. */
export interface GiasSchool extends SchoolGiasData {
  urn: string;
  name: string;
}

/** The imported fields of two versions of a school differ (a write is needed). */
export function giasSchoolDiffers(a: GiasSchool, b: GiasSchool): boolean {
  return a.name !== b.name || a.schoolStatusCode !== b.schoolStatusCode || a.schoolTypeCode !== b.schoolTypeCode
    || a.administrativeDistrictCode !== b.administrativeDistrictCode || a.section41Approved !== b.section41Approved;
}
