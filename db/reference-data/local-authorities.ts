// Local authority names by the code GIAS gives a school as its administrative district (ONS
// codes: E06 unitary authorities, E08 metropolitan districts, E09 London boroughs, E10 counties,
// W06 Welsh unitary authorities). The schools table keeps only the code; people read the name.
// The sandbox seed draws its districts from this list (db/seed/sandbox/), so every seeded
// school has a name to show. A code not listed here is shown as it is.

const names: Record<string, string> = {
  // London boroughs
  E09000001: 'City of London', E09000002: 'Barking and Dagenham', E09000003: 'Barnet', E09000004: 'Bexley', E09000005: 'Brent',
  E09000006: 'Bromley', E09000007: 'Camden', E09000008: 'Croydon', E09000009: 'Ealing', E09000010: 'Enfield', E09000011: 'Greenwich',
  E09000012: 'Hackney', E09000013: 'Hammersmith and Fulham', E09000014: 'Haringey', E09000015: 'Harrow', E09000016: 'Havering',
  E09000017: 'Hillingdon', E09000018: 'Hounslow', E09000019: 'Islington', E09000020: 'Kensington and Chelsea',
  E09000021: 'Kingston upon Thames', E09000022: 'Lambeth', E09000023: 'Lewisham', E09000024: 'Merton', E09000025: 'Newham',
  E09000026: 'Redbridge', E09000027: 'Richmond upon Thames', E09000028: 'Southwark', E09000029: 'Sutton', E09000030: 'Tower Hamlets',
  E09000031: 'Waltham Forest', E09000032: 'Wandsworth', E09000033: 'Westminster',
  // Metropolitan districts (E08000020 is Gateshead's code before 2013)
  E08000001: 'Bolton', E08000002: 'Bury', E08000003: 'Manchester', E08000004: 'Oldham', E08000005: 'Rochdale', E08000006: 'Salford',
  E08000007: 'Stockport', E08000008: 'Tameside', E08000009: 'Trafford', E08000010: 'Wigan', E08000011: 'Knowsley', E08000012: 'Liverpool',
  E08000013: 'St. Helens', E08000014: 'Sefton', E08000015: 'Wirral', E08000016: 'Barnsley', E08000017: 'Doncaster', E08000018: 'Rotherham',
  E08000019: 'Sheffield', E08000020: 'Gateshead', E08000021: 'Newcastle upon Tyne', E08000022: 'North Tyneside', E08000023: 'South Tyneside',
  E08000024: 'Sunderland', E08000025: 'Birmingham', E08000026: 'Coventry', E08000027: 'Dudley', E08000028: 'Sandwell', E08000029: 'Solihull',
  E08000030: 'Walsall', E08000031: 'Wolverhampton', E08000032: 'Bradford', E08000033: 'Calderdale', E08000034: 'Kirklees', E08000035: 'Leeds',
  E08000036: 'Wakefield', E08000037: 'Gateshead',
  // Unitary authorities (some codes were replaced by later reorganisations; both are named)
  E06000001: 'Hartlepool', E06000002: 'Middlesbrough', E06000003: 'Redcar and Cleveland', E06000004: 'Stockton-on-Tees', E06000005: 'Darlington',
  E06000006: 'Halton', E06000007: 'Warrington', E06000008: 'Blackburn with Darwen', E06000009: 'Blackpool', E06000010: 'Kingston upon Hull, City of',
  E06000011: 'East Riding of Yorkshire', E06000012: 'North East Lincolnshire', E06000013: 'North Lincolnshire', E06000014: 'York', E06000015: 'Derby',
  E06000016: 'Leicester', E06000017: 'Rutland', E06000018: 'Nottingham', E06000019: 'Herefordshire, County of', E06000020: 'Telford and Wrekin',
  E06000021: 'Stoke-on-Trent', E06000022: 'Bath and North East Somerset', E06000023: 'Bristol, City of', E06000024: 'North Somerset',
  E06000025: 'South Gloucestershire', E06000026: 'Plymouth', E06000027: 'Torbay', E06000028: 'Bournemouth', E06000029: 'Poole', E06000030: 'Swindon',
  E06000031: 'Peterborough', E06000032: 'Luton', E06000033: 'Southend-on-Sea', E06000034: 'Thurrock', E06000035: 'Medway', E06000036: 'Bracknell Forest',
  E06000037: 'West Berkshire', E06000038: 'Reading', E06000039: 'Slough', E06000040: 'Windsor and Maidenhead', E06000041: 'Wokingham',
  E06000042: 'Milton Keynes', E06000043: 'Brighton and Hove', E06000044: 'Portsmouth', E06000045: 'Southampton', E06000046: 'Isle of Wight',
  E06000047: 'County Durham', E06000048: 'Northumberland', E06000049: 'Cheshire East', E06000050: 'Cheshire West and Chester', E06000051: 'Shropshire',
  E06000052: 'Cornwall', E06000053: 'Isles of Scilly', E06000054: 'Wiltshire', E06000055: 'Bedford', E06000056: 'Central Bedfordshire',
  E06000057: 'Northumberland', E06000058: 'Bournemouth, Christchurch and Poole', E06000059: 'Dorset', E06000060: 'Buckinghamshire',
  E06000061: 'North Northamptonshire', E06000062: 'West Northamptonshire', E06000063: 'Cumberland', E06000064: 'Westmorland and Furness',
  E06000065: 'North Yorkshire', E06000066: 'Somerset',
  // Counties (county councils; the numbers missing were never used)
  E10000002: 'Buckinghamshire', E10000003: 'Cambridgeshire', E10000006: 'Cumbria', E10000007: 'Derbyshire', E10000008: 'Devon', E10000009: 'Dorset',
  E10000011: 'East Sussex', E10000012: 'Essex', E10000013: 'Gloucestershire', E10000014: 'Hampshire', E10000015: 'Hertfordshire', E10000016: 'Kent',
  E10000017: 'Lancashire', E10000018: 'Leicestershire', E10000019: 'Lincolnshire', E10000020: 'Norfolk', E10000021: 'Northamptonshire',
  E10000023: 'North Yorkshire', E10000024: 'Nottinghamshire', E10000025: 'Oxfordshire', E10000027: 'Somerset', E10000028: 'Staffordshire',
  E10000029: 'Suffolk', E10000030: 'Surrey', E10000031: 'Warwickshire', E10000032: 'West Sussex', E10000034: 'Worcestershire',
  // Wales
  W06000001: 'Isle of Anglesey', W06000002: 'Gwynedd', W06000003: 'Conwy', W06000004: 'Denbighshire', W06000005: 'Flintshire', W06000006: 'Wrexham',
  W06000008: 'Ceredigion', W06000009: 'Pembrokeshire', W06000010: 'Carmarthenshire', W06000011: 'Swansea', W06000012: 'Neath Port Talbot',
  W06000013: 'Bridgend', W06000014: 'Vale of Glamorgan', W06000015: 'Cardiff', W06000016: 'Rhondda Cynon Taf', W06000018: 'Caerphilly',
  W06000019: 'Blaenau Gwent', W06000020: 'Torfaen', W06000021: 'Monmouthshire', W06000022: 'Newport', W06000023: 'Powys', W06000024: 'Merthyr Tydfil',
};

/** GIAS's code for schools with no local authority (independent schools abroad, some others). */
const NOT_APPLICABLE = '9999';

/** The local authority's name for a school's district code; the code itself when not known. */
export function localAuthorityName(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code === NOT_APPLICABLE) return 'No local authority';
  return names[code] ?? code;
}

/** The codes of one kind (E06, E08, E09, E10, W06) that have a name, in order. */
export function localAuthorityCodes(prefix: string): string[] {
  return Object.keys(names).filter((code) => code.startsWith(prefix)).sort();
}
