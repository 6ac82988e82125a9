// Pure rules of declarations: types, states, evidence and milestone windows.

export const declarationTypes = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1', 'extended-2', 'extended-3'] as const;
export type DeclarationType = (typeof declarationTypes)[number];

export const declarationStates = ['submitted', 'eligible', 'payable', 'paid', 'voided', 'ineligible', 'awaiting_clawback', 'clawed_back'] as const;
export type DeclarationState = (typeof declarationStates)[number];

/** The states of a statement line item: a declaration's, except submitted (a line is made when it becomes eligible). */
export const lineItemStates = ['eligible', 'payable', 'paid', 'voided', 'ineligible', 'awaiting_clawback', 'clawed_back'] as const satisfies readonly DeclarationState[];

/** States that hold the participant's one paid-for slot per course and type. */
export const SLOT_HOLDING_STATES = ['submitted', 'eligible', 'payable', 'paid'] as const;
/** States DfE pays (or has paid) for. */
export const BILLABLE_STATES = ['eligible', 'payable', 'paid'] as const;
/** States whose money is coming back. */
export const REFUNDABLE_STATES = ['awaiting_clawback', 'clawed_back'] as const;

/** A value read from the database as one of `values`; anything else means the data is corrupt. */
export function oneOf<const V extends readonly string[]>(values: V, value: unknown, what: string): V[number] {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as V[number]; // checked on this line
  throw new Error(`Not a ${what}: ${JSON.stringify(value)}`);
}

export const isDeclarationType = (value: string): value is DeclarationType => (declarationTypes as readonly string[]).includes(value);

/** The API shows states with hyphens. */
export const apiState = (state: string) => state.replace(/_/g, '-');

export const ectEvidence = ['training-event-attended', 'self-study-material-completed', 'materials-engaged-with-offline', 'other'] as const;
export const engagementEvidence = ['75-percent-engagement-met', '75-percent-engagement-met-reduced-induction'] as const;
export const simpleEvidence = ['training-event-attended', 'self-study-material-completed', 'other'] as const;

/**
 * Evidence a provider must hold for a declaration, or null when none is asked for (a `started`
 * declaration in a cohort without detailed evidence types). Cohorts from 2025 have per-type lists.
 */
export function allowedEvidence(opts: { detailedEvidence: boolean; participantType: 'ect' | 'mentor'; declarationType: string }): readonly string[] | null {
  const { detailedEvidence, participantType, declarationType } = opts;
  if (!detailedEvidence) return declarationType === 'started' ? null : simpleEvidence;
  if (participantType === 'mentor') {
    if (declarationType === 'started') return ectEvidence;
    if (declarationType === 'completed') return engagementEvidence;
    return [];
  }
  if (declarationType === 'retained-2') return engagementEvidence;
  if (declarationType === 'completed') return [...engagementEvidence, 'one-term-induction'];
  return ectEvidence;
}

/** `started` may come without evidence in every cohort; everything else needs it where asked. */
export const evidenceOptional = (declarationType: string) => declarationType === 'started';

/** In cohorts with mentor funding, mentors are paid only at the start and the end. */
export const mentorFundingTypes = ['started', 'completed'];

/** The RFC 3339 forms we accept for declaration_date (a zone is optional, UTC assumed). */
export const declarationDateFormat = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([.,]\d+)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

export interface MilestoneDates {
  startDate: string;
  milestoneDate: string | null;
}

/**
 * A participant's milestone of one type in their schedule: the one for their participant type
 * (`ect` or `mentor`) where the schedule has one, else the one for everyone.
 */
export function milestoneFor<M extends { declarationType: string; appliesTo: string }>(milestones: M[], declarationType: string, participantType: string): M | null {
  const ofType = milestones.filter((m) => m.declarationType === declarationType);
  return ofType.find((m) => m.appliesTo === participantType) ?? ofType.find((m) => m.appliesTo === 'all') ?? null;
}

/** Where a declaration date falls against its milestone: before the start, after the end, or inside. */
export function milestoneWindow(date: Date, milestone: MilestoneDates): 'before' | 'after' | 'inside' {
  if (date < new Date(`${milestone.startDate}T00:00:00Z`)) return 'before';
  // the whole milestone day counts
  if (milestone.milestoneDate && date > new Date(`${milestone.milestoneDate}T23:59:59.999Z`)) return 'after';
  return 'inside';
}
