import { and, eq, sql } from 'drizzle-orm';
import { inductionProgrammes, schoolCohorts, schools } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import { ErrorCollector } from '../../errors/api-error';
import { findCohortByYear } from '../cohorts/find-cohort';
import { operatorAudit } from '../operators/audit';
import type { BatchItem } from '../school-events/register-participant';
import { runBatch } from '../../../db/batch';

export const programmeChoices = [
  'full_induction_programme', 'school_funded_fip', 'core_induction_programme', 'design_our_own', 'no_early_career_teachers', 'not_yet_known',
] as const;
export type ProgrammeChoice = (typeof programmeChoices)[number];

/**
 * The programme a school's new participants join, by choice: provider-led choices use the
 * school's provider-led programme (linked to its partnership when a provider confirms one; until
 * then participants cannot be registered), school-led choices a programme of their own, and "no
 * ECTs" or "not yet known" none.
 */
const defaultProgrammeType = (choice: ProgrammeChoice): string | null => {
  if (choice === 'full_induction_programme' || choice === 'school_funded_fip') return 'full_induction_programme';
  if (choice === 'core_induction_programme' || choice === 'design_our_own') return choice;
  return null;
};

export interface ProgrammeChoiceResult { school_cohort_id: string; school_id: string; cohort: number; induction_programme_choice: ProgrammeChoice }

/**
 * A school records its choice of training for a cohort (the school-facing service's question
 * "how will you train your ECTs?"). One batch, with whatever the caller adds (`also`).
 */
export async function chooseSchoolProgramme(
  ctx: OperatorContext, input: { school_id?: unknown; cohort?: unknown; induction_programme_choice?: unknown },
  opts: { also?: (result: ProgrammeChoiceResult) => BatchItem[]; audit?: boolean } = {},
): Promise<ProgrammeChoiceResult> {
  const errors = new ErrorCollector();
  const schoolId = typeof input.school_id === 'string' ? input.school_id : '';
  const [school] = schoolId ? await ctx.db.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId)).limit(1) : [];
  if (!school) errors.add('school_id', 'There is no school with that school_id.');
  const cohort = await findCohortByYear(ctx.db, input.cohort);
  if (!cohort) errors.add('cohort', 'Enter the start year of a cohort, for example "2025".');
  const choice = (programmeChoices as readonly unknown[]).includes(input.induction_programme_choice) ? input.induction_programme_choice as ProgrammeChoice : null;
  if (!choice) errors.add('induction_programme_choice', `induction_programme_choice must be one of ${programmeChoices.join(', ')}.`);
  errors.throwIfAny();

  const [existing] = await ctx.db.select({ id: schoolCohorts.id }).from(schoolCohorts)
    .where(and(eq(schoolCohorts.schoolId, schoolId), eq(schoolCohorts.cohortId, cohort!.id))).limit(1);
  const schoolCohortId = existing?.id ?? crypto.randomUUID();
  const result: ProgrammeChoiceResult = { school_cohort_id: schoolCohortId, school_id: schoolId, cohort: cohort!.startYear, induction_programme_choice: choice! };
  const t = ctx.now.getTime();
  const programmeType = defaultProgrammeType(choice!);
  const ofThisSchoolCohort = sql`(SELECT id FROM ${schoolCohorts} WHERE school_id = ${schoolId} AND cohort_id = ${cohort!.id})`;
  const writes: BatchItem[] = [
    ctx.db.insert(schoolCohorts).values({ id: schoolCohortId, schoolId, cohortId: cohort!.id, inductionProgrammeChoice: choice!, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [schoolCohorts.schoolId, schoolCohorts.cohortId], set: { inductionProgrammeChoice: choice!, updatedAt: ctx.now } }),
  ];
  if (programmeType && programmeType !== 'full_induction_programme') {
    writes.push(ctx.db.run(sql`
      INSERT INTO ${inductionProgrammes} (id, school_cohort_id, partnership_id, training_programme, created_at, updated_at)
      SELECT ${crypto.randomUUID()}, ${ofThisSchoolCohort}, NULL, ${programmeType}, ${t}, ${t}
      WHERE NOT EXISTS (SELECT 1 FROM ${inductionProgrammes} WHERE school_cohort_id = ${ofThisSchoolCohort} AND training_programme = ${programmeType})`));
  }
  writes.push(ctx.db.run(sql`
    UPDATE ${schoolCohorts} SET default_induction_programme_id = ${programmeType === null ? sql`NULL` : sql`(
      SELECT ip.id FROM ${inductionProgrammes} ip WHERE ip.school_cohort_id = ${schoolCohorts.id} AND ip.training_programme = ${programmeType}
      ORDER BY ip.created_at, ip.id LIMIT 1)`}
    WHERE school_id = ${schoolId} AND cohort_id = ${cohort!.id}`));
  if (opts.audit !== false) writes.push(operatorAudit(ctx, 'choose_school_programme', [schoolCohortId, schoolId], input));
  writes.push(...(opts.also?.(result) ?? []));
  await runBatch(ctx.db, writes);
  return result;
}
