import { CIP_ONLY_TYPE_CODES, INELIGIBLE_TYPE_CODES } from '../../../api/domain/school-eligibility';
import { localAuthorityCodes } from '../../reference-data/local-authorities';
import type { Random } from '../random';

export const CHALLENGE_REASONS = ['another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake'] as const;
export const DEFERRAL_REASONS = ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other'] as const;
export const WITHDRAWAL_REASONS = ['left-teaching-profession', 'moved-school', 'switched-to-school-led', 'other'] as const;

// GIAS establishment types of funded schools, with weights that roughly follow how common they
// are. Which types are funded (and which CIP-only) is the domain's rule, the one the GIAS import
// applies too (api/domain/school-eligibility.ts): these are checked against it, not a copy.
export const ELIGIBLE_TYPES: [string, number][] = [
  ['1', 25], ['2', 8], ['3', 6], ['5', 5], ['6', 1], ['7', 4], ['8', 1], ['12', 1], ['14', 2], ['15', 1],
  ['18', 1], ['28', 15], ['33', 1], ['34', 25], ['35', 3], ['36', 1], ['44', 1],
];
for (const [type] of ELIGIBLE_TYPES) {
  if ((INELIGIBLE_TYPE_CODES as readonly string[]).includes(type)) throw new Error(`Seed: GIAS type ${type} is not one that can have funded training`);
}
export const CIP_ONLY_TYPES = CIP_ONLY_TYPE_CODES;

export const FIRST_NAMES = [
  'Amelia', 'Olivia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya',
  'Florence', 'Willow', 'Evie', 'Poppy', 'Ella', 'Charlotte', 'Aisha', 'Maryam', 'Zara', 'Priya', 'Hannah',
  'Chloe', 'Emily', 'Sarah', 'Rebecca', 'Laura', 'Megan', 'Niamh', 'Siobhan', 'Fatima', 'Amara', 'Chidi',
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Muhammad', 'Harry', 'Oscar', 'Archie', 'Henry', 'Jack',
  'Theo', 'Freddie', 'Alfie', 'Charlie', 'Thomas', 'James', 'William', 'Daniel', 'Samuel', 'Joseph',
  'Adam', 'Yusuf', 'Ibrahim', 'Arjun', 'Rohan', 'Kwame', 'Tomasz', 'Luca', 'Mateo', 'Ethan', 'Ryan',
  'David', 'Michael', 'Andrew', 'Christopher', 'Matthew', 'Rhys', 'Owen', 'Callum', 'Jamal', 'Kofi',
];
export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel',
  'Khan', 'Ahmed', 'Ali', 'Hussain', 'Begum', 'Singh', 'Kaur', 'Shah', 'Okafor', 'Adeyemi', 'Mensah',
  'Nowak', 'Kowalski', 'Murphy', "O'Brien", 'Kelly', 'Walsh', 'Byrne', 'Lewis', 'Harris', 'Martin', 'Cooper',
  'King', 'Lee', 'Baker', 'Harrison', 'Morgan', 'Hughes', 'Edwards', 'Turner', 'Hill', 'Moore', 'Allen',
  'Scott', 'Young', 'Mitchell', 'Watson', 'Campbell', 'Anderson', 'Chapman', 'Ward', 'Bennett', 'Carter',
  'Phillips', 'Parker', 'Collins', 'Richardson', 'Marshall', 'Bailey', 'Cox', 'Bell', 'Fisher', 'Russell',
  'Chen', 'Wang', 'Nguyen', 'Rossi', 'Silva', 'Santos', 'Fernandes', 'Mahmood', 'Iqbal', 'Rahman',
];
export const PLACES = [
  'Abbey Wood', 'Acton', 'Aldershot', 'Alnwick', 'Ashford', 'Aylesbury', 'Banbury', 'Barking', 'Barnsley',
  'Basingstoke', 'Bedford', 'Beeston', 'Beverley', 'Bexhill', 'Bicester', 'Birkenhead', 'Blackburn',
  'Bolton', 'Bootle', 'Bournemouth', 'Bracknell', 'Bradford', 'Brentwood', 'Bridgwater', 'Brighton',
  'Bristol', 'Bromley', 'Burnley', 'Bury', 'Camberwell', 'Cambridge', 'Canterbury', 'Carlisle', 'Chatham',
  'Chelmsford', 'Cheltenham', 'Chester', 'Chesterfield', 'Chichester', 'Clapham', 'Colchester', 'Corby',
  'Coventry', 'Crawley', 'Crewe', 'Croydon', 'Darlington', 'Dartford', 'Derby', 'Doncaster', 'Dorchester',
  'Dover', 'Dudley', 'Durham', 'Ealing', 'Eastbourne', 'Enfield', 'Exeter', 'Fareham', 'Folkestone',
  'Gateshead', 'Gloucester', 'Gravesend', 'Grimsby', 'Guildford', 'Halifax', 'Harlow', 'Harrogate',
  'Hartlepool', 'Hastings', 'Hereford', 'Hexham', 'Hitchin', 'Horsham', 'Huddersfield', 'Hull', 'Ipswich',
  'Kendal', 'Kettering', 'Kingston', 'Lancaster', 'Leeds', 'Leicester', 'Lewisham', 'Lincoln', 'Liverpool',
  'Loughborough', 'Luton', 'Macclesfield', 'Maidstone', 'Manchester', 'Mansfield', 'Margate', 'Middlesbrough',
  'Milton Keynes', 'Morpeth', 'Newark', 'Newbury', 'Newcastle', 'Northampton', 'Norwich', 'Nottingham',
  'Oldham', 'Oxford', 'Peckham', 'Penrith', 'Penzance', 'Peterborough', 'Plymouth', 'Poole', 'Portsmouth',
  'Preston', 'Reading', 'Redditch', 'Richmond', 'Ripon', 'Rochdale', 'Rotherham', 'Rugby', 'Salford',
  'Salisbury', 'Scarborough', 'Scunthorpe', 'Sheffield', 'Shrewsbury', 'Slough', 'Solihull', 'Southampton',
  'Southend', 'Southport', 'Stafford', 'Stevenage', 'Stockport', 'Stoke', 'Stroud', 'Sunderland', 'Swindon',
  'Tamworth', 'Taunton', 'Telford', 'Thurrock', 'Torquay', 'Truro', 'Tunbridge Wells', 'Wakefield', 'Walsall',
  'Warrington', 'Watford', 'Wellingborough', 'Weymouth', 'Whitby', 'Wigan', 'Winchester', 'Windsor',
  'Woking', 'Wolverhampton', 'Worcester', 'Worthing', 'Yeovil', 'York',
];
export const WELSH_PLACES = ['Cardiff', 'Swansea', 'Newport', 'Wrexham', 'Bangor', 'Aberystwyth', 'Llanelli', 'Barry'];
export const SAINTS = ['Mary', 'Joseph', 'Peter', 'Paul', 'John', 'Anne', 'Michael', 'Thomas', 'Bede', 'Patrick', 'Teresa', 'Francis'];
export const SCHOOL_PATTERNS: ((place: string, saint: string) => string)[] = [
  (p) => `${p} Primary School`,
  (p) => `${p} Primary School`,
  (p) => `${p} Infant School`,
  (p) => `${p} Junior School`,
  (p) => `${p} Church of England Primary School`,
  (p) => `${p} Community Primary School`,
  (_, s) => `St ${s}'s Catholic Primary School`,
  (_, s) => `St ${s}'s Church of England Academy`,
  (p) => `${p} Academy`,
  (p) => `${p} High School`,
  (p) => `${p} School`,
  (p) => `${p} Community College`,
  (p) => `${p} Park Academy`,
  (p) => `${p} Grammar School`,
];
export const DELIVERY_PARTNER_PATTERNS = [
  (p: string) => `${p} Teaching School Hub`,
  (p: string) => `${p} Learning Partnership`,
  (p: string) => `${p} Schools Alliance`,
  (p: string) => `${p} Teaching Alliance`,
  (p: string) => `${p} Education Trust`,
  (p: string) => `${p} Research School`,
];

export const slug = (s: string) => s.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_]+/g, '-');


/** Real local authority codes only (they have names to show); the same draws as ever from `rng`. */
export const districtCodes = new Map(['E09', 'E08', 'E06', 'E10'].map((prefix) => [prefix, localAuthorityCodes(prefix)]));

export function englishDistrict(rng: Random): string {
  const [prefix, max] = rng.weighted<[string, number]>([[['E09', 33], 3], [['E08', 36], 3], [['E06', 60], 3], [['E10', 34], 2]]);
  const codes = districtCodes.get(prefix)!;
  return codes[(rng.int(1, max) - 1) % codes.length]!;
}
