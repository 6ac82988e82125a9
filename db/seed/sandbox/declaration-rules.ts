import { participantProfiles } from '../../schema';
import type { Row, ProfileType, LeadProviderPlan } from './plans';

// -------------------------------------------------------------------------------------------------
// Declarations: schedules, statements and the plan of each participant
/** The order declarations are made in. */
export const DECLARATION_ORDER = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'extended-1', 'extended-2', 'extended-3', 'completed'] as const;
export const LIVE_STATES = new Set(['submitted', 'eligible', 'payable', 'paid']);
export const SCHEDULE_FAMILIES = ['standard', 'reduced', 'extended', 'replacement'] as const;
export const SCHEDULE_MONTHS = ['september', 'january', 'april'] as const;
/** Typical days between two declarations, per schedule family. */
export const PACE_DAYS: Record<string, number> = { standard: 120, replacement: 120, reduced: 75, extended: 110 };

export interface MilestoneWindow {
  type: string;
  /** Position in the schedule's own order: paces the declarations. */
  position: number;
  /** First moment a declaration may be dated. */
  lo: number;
  /** Last moment (end of the milestone day), or Infinity. */
  hi: number;
}

export interface StatementInfo {
  id: string;
  state: 'open' | 'payable' | 'paid';
  /** End of the cut-off day: declarations made up to then go on this statement. */
  cutOff: number;
  /** Just after the previous output-fee statement's cut-off: when this one starts taking declarations. */
  opens: number;
  /** When DfE marked it paid (paid statements), and so when its declarations were paid. */
  paidAt: number | null;
}

/** One declaration of a participant, as made (its outcome is worked out when a slice is written). */
export interface PlannedDeclaration {
  id: string;
  type: string;
  date: number;
  created: number;
  evidence: string | null;
  /** A mistaken earlier attempt at this declaration, voided before this one was made. */
  voidedAttempt?: { id: string; date: number; created: number; voidedAt: number };
  clawback?: { at: number };
  /** Another participant with the same TRN declared this first: this one is a duplicate. */
  duplicateOf?: string;
  /** Set when written: the declaration's final state. */
  state?: string;
}

export interface DeclarationPlan {
  lp: LeadProviderPlan;
  profile: Row<typeof participantProfiles>;
  userId: string;
  trn: string | null;
  participantType: ProfileType;
  course: string;
  year: number;
  fundable: boolean;
  detailedEvidence: boolean;
  family: string;
  milestones: MilestoneWindow[];
  /** The provider's induction records: delivery partner and mentor at each date. */
  records: { start: number; created: number; programmeId: string; mentorProfileId: string | null }[];
  startAt: number;
  /** Last moment the provider could declare for them (withdrawn, deferred, moved away, or now). */
  stop: number;
  items: PlannedDeclaration[];
  /** Written on purpose ("ready" for a given type, duplicates): left as planned. */
  fixed: boolean;
  /** The provider's output-fee statements for the cohort. */
  statements: StatementInfo[];
}

/** The statement a declaration made at `t` goes on: the first output-fee one whose cut-off is that day or later. */
export function nextIn(statements: StatementInfo[], t: number): StatementInfo | null {
  for (const s of statements) if (s.cutOff >= t) return s;
  return null;
}

/** When a special declaration outcome is looked for in each slice. */
export const SPECIAL_RATES = { voidedAttempt: 0.04, clawback: 0.006 };
