import { sql, type SQL } from 'drizzle-orm';

// Which schools can take DfE-funded (provider-led) training, from their GIAS data. Pure rules,
// with the same rules as SQL for queries that must not load every school.

/** GIAS establishment types that cannot have funded training (all others can). */
export const INELIGIBLE_TYPE_CODES = ['10', '11', '24', '25', '26', '27', '29', '30', '37', '49', '56'] as const;
/** Open schools of these types can only use DfE's core induction materials (CIP). */
export const CIP_ONLY_TYPE_CODES = ['10', '11', '30', '37'] as const;
/** 1 Open, 3 Open but proposed to close. */
export const OPEN_STATUS_CODES = ['1', '3'] as const;

export interface SchoolGiasData {
  schoolStatusCode: string;
  schoolTypeCode: string;
  administrativeDistrictCode: string;
  section41Approved: boolean;
}

const isOpen = (s: SchoolGiasData) => (OPEN_STATUS_CODES as readonly string[]).includes(s.schoolStatusCode);
const inEngland = (s: SchoolGiasData) => /^e/i.test(s.administrativeDistrictCode) || s.administrativeDistrictCode === '9999';
const eligibleType = (s: SchoolGiasData) => !(INELIGIBLE_TYPE_CODES as readonly string[]).includes(s.schoolTypeCode);

export function isEligibleForFunding(s: SchoolGiasData): boolean {
  return isOpen(s) && inEngland(s) && (eligibleType(s) || s.section41Approved);
}

export function isCipOnly(s: SchoolGiasData): boolean {
  return !isEligibleForFunding(s) && isOpen(s) && (CIP_ONLY_TYPE_CODES as readonly string[]).includes(s.schoolTypeCode);
}

/** Which of the three a school is, for reports (imports, the sandbox): the rules above, once. */
export type FundingCategory = 'eligible' | 'cip_only' | 'not_eligible';
export function fundingCategory(s: SchoolGiasData): FundingCategory {
  return isEligibleForFunding(s) ? 'eligible' : isCipOnly(s) ? 'cip_only' : 'not_eligible';
}

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** `isEligibleForFunding` over the `schools` table (alias-free column names). */
export function eligibleSchoolSql(): SQL {
  return sql`(
    "schools"."school_status_code" IN (${list(OPEN_STATUS_CODES)})
    AND (lower(substr("schools"."administrative_district_code", 1, 1)) = 'e' OR "schools"."administrative_district_code" = '9999')
    AND ("schools"."school_type_code" NOT IN (${list(INELIGIBLE_TYPE_CODES)}) OR "schools"."section_41_approved" = 1)
  )`;
}
