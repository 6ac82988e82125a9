import { uuidFromName } from '../../ids';
import { scheduleId } from '../../reference-data/load';
import { inductionRecords, participantEligibilities, participantIdChanges, participantIdentities, participantProfileSchedules, participantProfileStates, participantProfiles, users } from '../../schema';
import type { Random } from '../random';
import { COHORT_YEARS, DAY, HOUR, utc, isoDate, maxTime } from './calendar';
import { settleDeclarations } from './declaration-outcomes';
import { planDeclarations } from './declaration-plans';
import type { DeclarationPlan } from './declaration-rules';
import type { SandboxGenerator } from './generator';
import { type Row, type ProfileType, type TrainingState, type RecordSpec, type Special, type LeadProviderPlan, type SchoolCohortPlan, type PersonRef, profileIdFor } from './plans';
import { addScenarios } from './scenarios';
import { DEFERRAL_REASONS, WITHDRAWAL_REASONS } from './vocabulary';
import { type Insert, writeRows } from './write-rows';

/** Participants generated before their rows (and declarations) are written. */
export const FLUSH_PARTICIPANTS = 4_000;

export class ParticipantRows {
  users: Row<typeof users>[] = [];
  identities: Row<typeof participantIdentities>[] = [];
  profiles: Row<typeof participantProfiles>[] = [];
  eligibilities: Row<typeof participantEligibilities>[] = [];
  records: Row<typeof inductionRecords>[] = [];
  states: Row<typeof participantProfileStates>[] = [];
  scheduleChanges: Row<typeof participantProfileSchedules>[] = [];
  idChanges: Row<typeof participantIdChanges>[] = [];
  /** Declarations to make for the participants of this slice. */
  plans: DeclarationPlan[] = [];
  people = new Map<string, PersonRef>();
  /** Latest updated_at of anything a participant serializes: becomes users.api_updated_at. */
  latest = new Map<string, number>();
  /** Users already written, and later changes to them. */
  flushed = new Set<string>();
  lateTouches = new Map<string, number>();

  touch(userId: string, at: Date | number) {
    const t = typeof at === 'number' ? at : at.getTime();
    const map = this.flushed.has(userId) ? this.lateTouches : this.latest;
    if ((map.get(userId) ?? 0) < t) map.set(userId, t);
  }

  /** Forgets the rows written (people stay known: they may train again in a later cohort). */
  clear() {
    this.users = [];
    this.identities = [];
    this.profiles = [];
    this.eligibilities = [];
    this.records = [];
    this.states = [];
    this.scheduleChanges = [];
    this.idChanges = [];
    this.plans = [];
  }
}

export function pickSchedule(rng: Random, type: ProfileType, special: Special): string {
  if (special.script?.schedule) return special.script.schedule;
  if (special.frozen || special.transfer || special.script) return 'ecf-standard-september';
  const month = rng.weighted<string>([['september', 84], ['january', 11], ['april', 5]]);
  const kind = rng.weighted<string>(type === 'mentor'
    ? [['standard', 88], ['replacement', 6], ['reduced', 3], ['extended', 3]]
    : [['standard', 92], ['reduced', 4], ['extended', 4]]);
  return `ecf-${kind}-${month}`;
}


// ---------------------------------------------------------------------------------------------
// Participants

export async function seedParticipants(g: SandboxGenerator, lp: LeadProviderPlan): Promise<void> {
  const rng = g.rng.fork(`participants:${lp.name}`);
  const out = new ParticipantRows();
  /** ECTs who completed induction, per school: some become mentors later. */
  const formerEcts = new Map<string, { userId: string; identityId: string; year: number }[]>();
  const transferTypes = ['left', 'leaving', 'new_school', 'new_provider', 'relationship'] as const;
  let transferCounter = 0;
  let frozenMovers = 0;
  const idChangesWanted = Math.max(1, Math.round(lp.perCohort / 60));
  const idChangeCandidates: string[] = [];

  for (const year of COHORT_YEARS) {
    const scs = g.partnered.get(`${lp.index}:${year}`) ?? [];

    // Special ECT slots of this cohort: moving school, and (2021) moved on to 2024 after the freeze.
    const slots = new Map<string, 'transfer' | 'frozen'>();
    const shuffled = rng.shuffle(scs.flatMap((sc) => Array.from({ length: sc.ects }, (_, n) => ({ key: `${sc.id}:${n}`, sc }))));
    if (year >= 2023) {
      const count = Math.min(shuffled.length, Math.max(1, Math.round(lp.perCohort * 0.04)));
      for (const slot of shuffled.splice(0, count)) slots.set(slot.key, 'transfer');
    }
    if (year === 2021) {
      const movable = shuffled.filter((slot) => g.schoolCohortByYear.get(`${slot.sc.school.id}:2024`)?.lp === lp);
      const count = Math.min(movable.length, Math.max(1, Math.round(lp.perCohort * 0.02)));
      for (const slot of movable.slice(0, count)) slots.set(slot.key, 'frozen');
    }

    for (const sc of scs) {
      const programmeId = sc.programmeId!;
      // Mentors first, so ECTs can be assigned one at the same school.
      for (let n = 0; n < sc.mentors; n++) {
        const former = (formerEcts.get(sc.school.id) ?? []).filter((f) => f.year <= year - 2);
        let person: PersonRef | undefined;
        if (former.length > 0 && rng.chance(0.35)) {
          const f = rng.pick(former);
          formerEcts.set(sc.school.id, formerEcts.get(sc.school.id)!.filter((x) => x !== f));
          person = out.people.get(f.userId);
        }
        participant(g, out, rng, lp, sc, programmeId, 'mentor', n, person);
      }
      for (let n = 0; n < sc.ects; n++) {
        const slot = slots.get(`${sc.id}:${n}`);
        if (slot === 'transfer') {
          const type = transferTypes[transferCounter++ % transferTypes.length]!;
          participant(g, out, rng, lp, sc, programmeId, 'ect', n, undefined, { transfer: type });
        } else if (slot === 'frozen') {
          participant(g, out, rng, lp, sc, programmeId, 'ect', n, undefined, { frozen: true });
          frozenMovers += 1;
        } else {
          const result = participant(g, out, rng, lp, sc, programmeId, 'ect', n);
          if (result.completed) {
            if (!formerEcts.has(sc.school.id)) formerEcts.set(sc.school.id, []);
            formerEcts.get(sc.school.id)!.push({ userId: result.person.userId, identityId: result.person.identityId, year });
          }
          if (result.plainActive && result.validated && year >= 2023) idChangeCandidates.push(result.person.userId);
        }
      }
      // Written a slice at a time: memory stays flat however many participants there are.
      if (out.profiles.length >= FLUSH_PARTICIPANTS) await flushParticipants(g, out, lp, `participants of ${lp.name}: ${year} cohort`, out.profiles.length);
    }
    await flushParticipants(g, out, lp, `participants of ${lp.name}: ${year} cohort`, out.profiles.length);
  }

  const scenarioEct = addScenarios(g, out, lp, frozenMovers === 0);
  // Tiny scales may have no plain active ECT of their own: merge into a scenario one.
  if (idChangeCandidates.length === 0) idChangeCandidates.push(scenarioEct);

  // Merged duplicates: a retired participant id that still resolves to the kept user.
  for (const userId of rng.shuffle(idChangeCandidates).slice(0, idChangesWanted)) {
    const person = out.people.get(userId)!;
    const retiredId = uuidFromName(`retired-user:${userId}`);
    const createdAt = g.time.after('participant_identities.created_at', person.createdAt);
    const email = g.email(`${person.local}.old`, 'example.com');
    out.identities.push({ id: uuidFromName(`participant-identity:${email}`), userId, email, externalIdentifier: retiredId, createdAt, updatedAt: g.time.at('participant_identities.updated_at', createdAt.getTime(), createdAt.getTime()) });
    const changedAt = g.time.after('participant_id_changes.created_at', createdAt, 30);
    out.idChanges.push({ id: uuidFromName(`participant-id-change:${retiredId}:${userId}`), userId, fromParticipantId: retiredId, toParticipantId: userId, createdAt: changedAt });
    out.touch(userId, changedAt);
  }

  await flushParticipants(g, out, lp, `participants of ${lp.name}: scenarios`, 1);
  for (const [id, t] of out.lateTouches) g.lateTouches.set(id, t);
}

/** Writes a slice of participants with their declarations, then forgets their rows. */
export async function flushParticipants(g: SandboxGenerator, out: ParticipantRows, lp: LeadProviderPlan, label: string, steps: number): Promise<void> {
  const declared = settleDeclarations(g, out, lp, g.rng.fork(`declarations:${label}`));
  for (const user of out.users) user.apiUpdatedAt = new Date(out.latest.get(user.id!)!);
  const inserts: Insert[] = [
    [users, out.users],
    [participantIdentities, out.identities],
    [participantProfiles, out.profiles],
    [participantEligibilities, out.eligibilities],
    [inductionRecords, out.records],
    [participantProfileStates, out.states],
    [participantProfileSchedules, out.scheduleChanges],
    [participantIdChanges, out.idChanges],
    declared.declarations,
    declared.states,
    declared.lineItems,
  ];
  await writeRows(g.db, g.writer, inserts, g.writer === 'json' ? g.sink : undefined);
  for (const user of out.users) {
    out.flushed.add(user.id!);
    out.latest.delete(user.id!);
  }
  out.clear();
  g.progress(label, steps);
}

export function newPerson(g: SandboxGenerator, out: ParticipantRows, rng: Random, createdNear: number, trn?: string): PersonRef {
  const name = g.personName(rng);
  const local = `${name.first}.${name.last}`;
  const email = g.email(local, 'example.com');
  const userId = uuidFromName(`user:${email}`);
  const createdAt = g.time.at('users.created_at', createdNear);
  const updatedAt = g.time.after('users.updated_at', createdAt, 300);
  const userTrn = trn ?? (rng.chance(0.92) ? g.trn(rng) : null);
  out.users.push({ id: userId, fullName: `${name.first} ${name.last}`, email, trn: userTrn, createdAt, updatedAt, apiUpdatedAt: updatedAt });
  const identityId = uuidFromName(`participant-identity:${email}`);
  const iCreated = g.time.at('participant_identities.created_at', createdAt.getTime() + 1000, createdAt.getTime());
  out.identities.push({ id: identityId, userId, email, externalIdentifier: userId, createdAt: iCreated, updatedAt: g.time.after('participant_identities.updated_at', iCreated, 300) });
  out.touch(userId, updatedAt);
  out.touch(userId, out.identities[out.identities.length - 1]!.updatedAt!);
  const person: PersonRef = { userId, identityId, local: email.slice(0, email.indexOf('@')), createdAt: createdAt.getTime(), trn: userTrn };
  out.people.set(userId, person);
  return person;
}

/** One participant profile with its eligibility, induction records and training history. */
export function participant(g: SandboxGenerator, 
  out: ParticipantRows, rng: Random, lp: LeadProviderPlan, sc: SchoolCohortPlan, programmeId: string,
  type: ProfileType, n: number | string, existing?: PersonRef, special: Special = {},
): { person: PersonRef; profileId: string; completed: boolean; plainActive: boolean; validated: boolean } {
  const year = sc.year;
  const profileId = profileIdFor(sc, type, n);
  const scheduleIdentifier = pickSchedule(rng, type, special);
  const month = scheduleIdentifier.endsWith('january') ? 'january' : scheduleIdentifier.endsWith('april') ? 'april' : 'september';
  const start = special.script?.start ?? (month === 'september' ? utc(year, 9, 1) + rng.int(0, 30) * DAY
    : month === 'january' ? utc(year + 1, 1, 3) + rng.int(0, 25) * DAY
      : utc(year + 1, 4, 10) + rng.int(0, 25) * DAY);
  const startAt = special.script?.start ?? start + rng.int(7, 17) * HOUR;
  const registeredNear = start - rng.int(5, 50) * DAY - rng.next() * DAY;

  const person = existing ?? newPerson(g, out, rng, registeredNear, special.trn);
  if (type === 'mentor') g.mentorUsers.set(profileId, person.userId);
  const profileCreated = g.time.at('participant_profiles.created_at', Math.max(registeredNear, person.createdAt + HOUR), person.createdAt);
  const mentorProfileId = special.script?.mentorProfileId !== undefined ? special.script.mentorProfileId
    : type === 'ect' && sc.mentorProfileIds.length > 0 && rng.chance(0.92) ? rng.pick(sc.mentorProfileIds) : null;
  let schedule = scheduleId(scheduleIdentifier, year);

  const profile: Row<typeof participantProfiles> = {
    id: profileId, type, userId: person.userId, participantIdentityId: person.identityId, schoolCohortId: sc.id,
    scheduleId: schedule, status: 'active', trainingStatus: 'active',
    pupilPremiumUplift: rng.chance(0.2), sparsityUplift: rng.chance(0.1),
    inductionStartDate: type === 'ect' ? isoDate(start) : null,
    inductionCompletionDate: null, mentorCompletionDate: null, mentorCompletionReason: null,
    cohortChangedAfterPaymentsFrozen: false, mentorProfileId,
    createdAt: profileCreated, updatedAt: profileCreated,
  };
  out.profiles.push(profile);

  // Eligibility: most validated and eligible; some awaiting validation (no row at all), never
  // those written on purpose (providers see only validated participants).
  const onPurpose = Boolean(special.transfer || special.frozen || special.script);
  const drawn = rng.weighted<[string, string] | null>([
    [['eligible', 'none'], 84], [['matched', 'none'], 2], [null, onPurpose ? 0 : 5],
    [['manual_check', rng.pick(['different_trn', 'active_flags', 'no_induction'])], 4],
    [['ineligible', type === 'ect' ? rng.pick(['previous_induction', 'no_qts', 'active_flags', 'exempt_from_induction', 'duplicate_profile']) : rng.pick(['previous_participation', 'active_flags', 'duplicate_profile'])], 5],
  ]);
  const eligibility = special.eligibility ?? drawn;
  if (eligibility) {
    const eCreated = g.time.at('participant_eligibilities.created_at', profileCreated.getTime() + rng.next() * 10 * DAY, profileCreated.getTime());
    const eUpdated = g.time.after('participant_eligibilities.updated_at', eCreated, 60);
    out.eligibilities.push({ id: uuidFromName(`participant-eligibility:${profileId}`), participantProfileId: profileId, status: eligibility[0], reason: eligibility[1], createdAt: eCreated, updatedAt: eUpdated });
    out.touch(person.userId, eUpdated);
  }

  let seq = 0;
  const mine = { records: [] as Row<typeof inductionRecords>[], states: [] as Row<typeof participantProfileStates>[] };
  const record = (r: RecordSpec) => {
    const createdAt = g.time.at('induction_records.created_at', r.created, profileCreated.getTime());
    const updatedAt = r.updated !== undefined
      ? g.time.at('induction_records.updated_at', Math.max(r.updated, createdAt.getTime() + 1), createdAt.getTime())
      : g.time.after('induction_records.updated_at', createdAt, 30);
    const row: Row<typeof inductionRecords> = {
      id: uuidFromName(`induction-record:${profileId}:${seq++}`), participantProfileId: profileId, inductionProgrammeId: r.programmeId,
      scheduleId: r.scheduleId, mentorProfileId: r.mentorProfileId, preferredIdentityId: person.identityId,
      inductionStatus: r.inductionStatus, trainingStatus: r.trainingStatus, startDate: new Date(r.start),
      endDate: r.end != null ? new Date(r.end) : null, schoolTransfer: r.schoolTransfer ?? false, createdAt, updatedAt,
    };
    out.records.push(row);
    mine.records.push(row);
    out.touch(person.userId, updatedAt);
    profile.updatedAt = maxTime(profile.updatedAt, createdAt);
    return createdAt.getTime();
  };
  const state = (s: TrainingState, reason: string | null, at: number) => {
    const createdAt = g.time.at('participant_profile_states.created_at', at, profileCreated.getTime());
    const row = { id: uuidFromName(`participant-profile-state:${profileId}:${out.states.length}`), participantProfileId: profileId, state: s, reason, leadProviderId: lp.id, createdAt };
    out.states.push(row);
    mine.states.push(row);
    out.touch(person.userId, createdAt);
    return createdAt.getTime();
  };
  /** A moment between registration and now (or within a year of it). */
  const laterMoment = (from: number, withinDays = 365) => {
    const hi = Math.min(g.time.limit - rng.int(0, 10) * DAY, from + withinDays * DAY);
    return hi <= from ? from + 1000 : from + (hi - from) * (0.05 + 0.95 * rng.next());
  };
  const base = { programmeId, scheduleId: schedule, mentorProfileId };
  const created = profileCreated.getTime() + 1000;
  let completed = false;
  let plainActive = false;

  if (special.script) {
    special.script.run({ rng, profile, base, startAt, created, record, state, laterMoment });
  } else if (special.frozen) {
    // Trained part of the 2021 programme, then moved to 2024 when the 2021 cohort was frozen.
    const target = g.schoolCohortByYear.get(`${sc.school.id}:2024`)!;
    const movedAt = utc(2024, 6, 1) + rng.next() * 60 * DAY;
    const newSchedule = scheduleId('ecf-extended-september', 2024);
    record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: movedAt, created, updated: movedAt });
    record({ programmeId: target.programmeId!, scheduleId: newSchedule, mentorProfileId: null, inductionStatus: 'active', trainingStatus: 'active', start: movedAt, created: movedAt });
    const changeAt = g.time.at('participant_profile_schedules.created_at', movedAt, profileCreated.getTime());
    out.scheduleChanges.push({ id: uuidFromName(`participant-profile-schedule:${profileId}:${newSchedule}`), participantProfileId: profileId, scheduleId: newSchedule, createdAt: changeAt });
    Object.assign(profile, { schoolCohortId: target.id, scheduleId: newSchedule, cohortChangedAfterPaymentsFrozen: true, mentorProfileId: null });
    profile.updatedAt = maxTime(profile.updatedAt, changeAt);
    schedule = newSchedule;
  } else if (special.transfer) {
    const kind = special.transfer;
    if (kind === 'leaving' || special.timing === 'leave-later') {
      // Marked as leaving: the end date is still ahead (then joining the new school the day after).
      const markedAt = g.time.limit - rng.int(1, 20) * DAY;
      const end = g.now + rng.int(3, 40) * DAY;
      record({ ...base, inductionStatus: 'leaving', trainingStatus: 'active', start: startAt, end, created, updated: markedAt });
      const target = kind === 'leaving' || kind === 'left' ? null : transferTarget(g, rng, lp, sc, kind);
      if (target) {
        const newMentor = target.sc.mentorProfileIds.length > 0 ? rng.pick(target.sc.mentorProfileIds) : null;
        record({ programmeId: target.programmeId, scheduleId: schedule, mentorProfileId: newMentor, inductionStatus: 'active', trainingStatus: 'active', start: end + DAY, created: markedAt + rng.int(1, 3) * HOUR, schoolTransfer: true });
        Object.assign(profile, { schoolCohortId: target.sc.id, mentorProfileId: newMentor });
      }
    } else {
      const end = Math.max(startAt + 30 * DAY, laterMoment(startAt, 300));
      const endedAt = Math.min(end, g.time.limit - 2 * DAY);
      record({ ...base, inductionStatus: 'leaving', trainingStatus: 'active', start: startAt, end: endedAt, created, updated: endedAt - rng.int(5, 20) * DAY });
      const target = kind === 'left' ? null : transferTarget(g, rng, lp, sc, kind);
      if (target) {
        // Joined the new school the day after leaving, or (some) are still to join.
        const later = special.timing === undefined ? rng.chance(0.25) : special.timing === 'join-later';
        const joinStart = later ? g.now + rng.int(5, 30) * DAY : endedAt + DAY;
        const newMentor = target.sc.mentorProfileIds.length > 0 ? rng.pick(target.sc.mentorProfileIds) : null;
        record({ programmeId: target.programmeId, scheduleId: schedule, mentorProfileId: newMentor, inductionStatus: 'active', trainingStatus: 'active', start: joinStart, created: endedAt - rng.int(1, 4) * DAY, schoolTransfer: true });
        Object.assign(profile, { schoolCohortId: target.sc.id, mentorProfileId: newMentor });
      }
    }
  } else {
    const roll = rng.next();
    if (roll < 0.02) {
      // Removed by the school: the record status is withdrawn, training status untouched.
      const at = laterMoment(created);
      record({ ...base, inductionStatus: 'withdrawn', trainingStatus: 'active', start: startAt, created, updated: at });
      profile.status = 'withdrawn';
      profile.updatedAt = maxTime(profile.updatedAt, at);
    } else if (roll < 0.13 && startAt < g.time.limit - 30 * DAY) {
      const s = roll < 0.08 ? 'withdrawn' : 'deferred';
      const reasons = s === 'deferred' ? DEFERRAL_REASONS : type === 'mentor' ? [...WITHDRAWAL_REASONS, 'mentor-no-longer-being-mentor'] : WITHDRAWAL_REASONS;
      const at = laterMoment(Math.max(created, Math.min(startAt, g.time.limit)));
      record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: at, created, updated: at });
      const stateAt = state(s, rng.pick(reasons), at);
      record({ ...base, inductionStatus: 'active', trainingStatus: s, start: stateAt, created: stateAt });
      profile.trainingStatus = s;
      profile.updatedAt = maxTime(profile.updatedAt, stateAt);
    } else if (roll < 0.15 && startAt < g.time.limit - 30 * DAY) {
      // Deferred, then resumed.
      const at1 = laterMoment(Math.max(created, Math.min(startAt, g.time.limit)), 200);
      const at2 = laterMoment(at1 + DAY, 200);
      record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: at1, created, updated: at1 });
      const s1 = state('deferred', rng.pick(DEFERRAL_REASONS), at1);
      record({ ...base, inductionStatus: 'changed', trainingStatus: 'deferred', start: s1, end: Math.max(at2, s1 + HOUR), created: s1, updated: Math.max(at2, s1 + HOUR) });
      const s2 = state('active', null, Math.max(at2, s1 + HOUR));
      record({ ...base, inductionStatus: 'active', trainingStatus: 'active', start: s2, created: s2 });
      profile.updatedAt = maxTime(profile.updatedAt, s2);
    } else {
      const completionChance = type === 'ect' ? ({ 2021: 0.6, 2022: 0.5, 2023: 0.25, 2024: 0.05 } as Record<number, number>)[year] ?? 0 : 0;
      const completionDate = start + (rng.int(2 * 365 - 30, 2 * 365 + 60)) * DAY;
      if (rng.chance(completionChance) && completionDate < g.time.limit) {
        record({ ...base, inductionStatus: 'completed', trainingStatus: 'active', start: startAt, created, updated: completionDate + rng.int(1, 20) * DAY });
        profile.inductionCompletionDate = isoDate(completionDate);
        profile.updatedAt = maxTime(profile.updatedAt, Math.min(completionDate + DAY, g.time.limit));
        completed = true;
      } else {
        record({ ...base, inductionStatus: 'active', trainingStatus: 'active', start: startAt, created });
        plainActive = true;
      }
    }
  }

  const lastChange = profile.updatedAt!.getTime();
  profile.updatedAt = g.time.at('participant_profiles.updated_at', Math.max(lastChange + 1, profileCreated.getTime() + rng.next() * 20 * DAY), lastChange);
  out.touch(person.userId, profile.updatedAt);

  const plan = planDeclarations(g, { rng, lp, profile, person, type, records: mine.records, states: mine.states, fundable: eligibility?.[0] === 'eligible', validated: eligibility !== null, startAt, special });
  if (plan) out.plans.push(plan);
  return { person, profileId, completed, plainActive, validated: eligibility !== null };
}

export function transferTarget(g: SandboxGenerator, rng: Random, lp: LeadProviderPlan, from: SchoolCohortPlan, kind: 'new_school' | 'new_provider' | 'relationship'): { sc: SchoolCohortPlan; programmeId: string } | null {
  if (kind === 'relationship') return g.relationshipProgrammes.get(`${lp.index}:${from.year}`) ?? null;
  const owner = kind === 'new_school' ? lp : g.lps[(lp.index + 1) % g.lps.length]!;
  const candidates = (g.partnered.get(`${owner.index}:${from.year}`) ?? []).filter((sc) => sc.school.id !== from.school.id);
  if (candidates.length === 0) return null;
  const sc = rng.pick(candidates);
  return { sc, programmeId: sc.programmeId! };
}
