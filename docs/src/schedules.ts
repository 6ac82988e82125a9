import { milestoneFor, mentorFundingTypes } from '../../api/domain/declarations';
import { readCohorts, readScheduleMilestones, type ScheduleMilestoneRow } from '../../db/reference-data/load';

// The schedule tables on "Schedules and milestone dates", built from the same reference data the
// app loads (db/reference-data/schedules.csv, through readScheduleMilestones), so the published
// dates are the dates declarations are checked against.

export type Milestone = ScheduleMilestoneRow;

const rows = readScheduleMilestones();
const typeOrder = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1', 'extended-2', 'extended-3'];

export interface CohortSchedule {
  cohort: number;
  /** The milestones for everyone (and ECTs where mentors have their own), in training order. */
  milestones: Milestone[];
  /** Where mentors' milestones differ: theirs, picked as the API picks them (only the types they are paid for). */
  mentorMilestones: Milestone[] | null;
  /** DfE has published no milestone dates (placeholder rows: no deadlines, no payment dates). */
  unpublished: boolean;
}

const mentorFunding = new Set(readCohorts().filter((c) => c.mentorFunding).map((c) => c.startYear));
const byTrainingOrder = (a: Milestone, b: Milestone) => typeOrder.indexOf(a.declarationType) - typeOrder.indexOf(b.declarationType);

/** The milestones of one schedule, cohorts newest first, milestones in training order. */
export function scheduleByCohort(identifier: string): CohortSchedule[] {
  const mine = rows.filter((r) => r.scheduleIdentifier === identifier);
  if (!mine.length) throw new Error(`No schedule ${identifier} in the reference data`);
  const cohorts = [...new Set(mine.map((r) => r.cohortYear))].sort((a, b) => b - a);
  return cohorts.map((cohort) => {
    const ofCohort = mine.filter((r) => r.cohortYear === cohort);
    const milestones = ofCohort.filter((r) => r.appliesTo !== 'mentor').sort(byTrainingOrder);
    const hasMentorRows = ofCohort.some((r) => r.appliesTo === 'mentor');
    const mentorTypes = mentorFunding.has(cohort) ? mentorFundingTypes : typeOrder;
    const mentorMilestones = hasMentorRows
      ? mentorTypes.map((t) => milestoneFor(ofCohort, t, 'mentor')).filter((m): m is Milestone => m !== null).sort(byTrainingOrder)
      : null;
    const unpublished = milestones.every((m) => m.milestoneDate === null && m.paymentDate === null);
    return { cohort, milestones, mentorMilestones, unpublished };
  });
}

/** Every schedule identifier of a kind (standard, reduced, extended, replacement), in September, January, April order. */
export function scheduleIdentifiers(kind: string): string[] {
  const months = ['september', 'january', 'april'];
  return [...new Set(rows.filter((r) => r.scheduleIdentifier.startsWith(`ecf-${kind}-`)).map((r) => r.scheduleIdentifier))]
    .sort((a, b) => months.indexOf(a.split('-').pop()!) - months.indexOf(b.split('-').pop()!));
}

/** "Output 2 - Retention Point 1" → "Retention point 1" */
export const milestoneLabel = (name: string) => {
  const label = name.replace(/^Output \d+\s*-\s*/, '');
  return label.charAt(0) + label.slice(1).toLowerCase();
};

/** "2024-09-01" → "1 Sep 2024" */
export const shortDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2024-09-01" → "1 September 2024" */
export const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
