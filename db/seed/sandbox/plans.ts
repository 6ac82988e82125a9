import { uuidFromName } from '../../ids';
import { participantProfiles, schools } from '../../schema';
import type { Random } from '../random';

export type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export type ProfileType = 'ect' | 'mentor';
export type TrainingState = 'active' | 'deferred' | 'withdrawn';
/** How a provider sees a participant's place at school (see api/domain/participant-status.ts). */
export type ParticipantStatus = 'active' | 'joining' | 'leaving' | 'left' | 'withdrawn';
export const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['active', 'joining', 'leaving', 'left', 'withdrawn'];
export type TransferKind = 'left' | 'leaving' | 'new_school' | 'new_provider' | 'relationship';

/** One induction record to write: where (programme), on what schedule, with which mentor, and when. */
export interface RecordSpec {
  programmeId: string; scheduleId: string; mentorProfileId: string | null; inductionStatus: string; trainingStatus: string;
  start: number; end?: number | null; created: number; updated?: number; schoolTransfer?: boolean;
}

/** What a scripted participant's history is written with (see Generator.participant). */
export interface ScriptContext {
  rng: Random;
  profile: Row<typeof participantProfiles>;
  /** Programme, schedule and mentor of the participant's first record. */
  base: { programmeId: string; scheduleId: string; mentorProfileId: string | null };
  /** Start of training (first record), and a moment just after the profile was created. */
  startAt: number;
  created: number;
  /** Writes a record; returns its created_at. */
  record(r: RecordSpec): number;
  /** Writes a training status change by the provider; returns its created_at. */
  state(s: TrainingState, reason: string | null, at: number): number;
  /** A moment between `from` and now (or within `withinDays` of it). */
  laterMoment(from: number, withinDays?: number): number;
}

/** Participants written on purpose rather than by chance: always validated, so providers see them. */
export interface Special {
  transfer?: TransferKind;
  /** When a transfer's dates fall: all past, joining later, or leaving (and joining) later. Random when absent. */
  timing?: 'complete' | 'join-later' | 'leave-later';
  frozen?: boolean;
  /** A given history: schedule identifier, start of training and mentor may be fixed too. */
  script?: { schedule?: string; start?: number; mentorProfileId?: string | null; run(c: ScriptContext): void };
  /** A given TRN (two participants sharing one are duplicates of each other). */
  trn?: string;
  /** A given eligibility result: [status, reason]. */
  eligibility?: [string, string];
  /**
   * Declarations: `readyFor` makes every declaration before that type and leaves that one to
   * the provider; `steady` declares each milestone as it comes. Either way no random void or
   * clawback touches them.
   */
  declarations?: { readyFor?: string; steady?: boolean };
}

export interface LeadProviderPlan {
  index: number;
  id: string;
  name: string;
  /** Participants per cohort. */
  perCohort: number;
  /** Delivery partners with an active relationship, per cohort year. */
  dps: Map<number, string[]>;
}

export interface SchoolPlan {
  id: string;
  urn: string;
  row: Row<typeof schools>;
  /** Latest updated_at of the school and its induction tutor: feeds partnerships.api_updated_at. */
  contactUpdatedAt: number;
}

export interface SchoolCohortPlan {
  id: string;
  school: SchoolPlan;
  year: number;
  /** Lead provider whose confirmed partnership this school cohort runs under, if any. */
  lp: LeadProviderPlan | null;
  /** The school cohort's default programme (for a partnered one, the FIP programme linked to it). */
  programmeId: string | null;
  /** Planned participants, so mentor profile ids are known before any participant is written. */
  mentors: number;
  ects: number;
  mentorProfileIds: string[];
}


export interface PersonRef {
  userId: string;
  identityId: string;
  /** Local part of the email, for extra identities. */
  local: string;
  createdAt: number;
  trn: string | null;
}

export function profileIdFor(sc: SchoolCohortPlan, type: ProfileType, n: number | string): string {
  return uuidFromName(`participant-profile:${sc.id}:${type}:${n}`);
}
