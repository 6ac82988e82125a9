import { COHORT_YEARS, DAY, HOUR, utc } from './calendar';
import { readyDates } from './declaration-plans';
import { DECLARATION_ORDER, SCHEDULE_FAMILIES, SCHEDULE_MONTHS } from './declaration-rules';
import type { SandboxGenerator } from './generator';
import { ParticipantRows, participant } from './participants';
import { type ProfileType, type TrainingState, type ParticipantStatus, PARTICIPANT_STATUSES, type TransferKind, type ScriptContext, type Special, type LeadProviderPlan, type SchoolCohortPlan } from './plans';
import { DEFERRAL_REASONS, WITHDRAWAL_REASONS } from './vocabulary';

// ---------------------------------------------------------------------------------------------
// Scenarios: participants written on purpose, so that every provider sees every situation the
// API distinguishes, whatever the scale and however the random draws fell. All are validated.

/** Returns the user id of a plain active ECT among them. */
export function addScenarios(g: SandboxGenerator, out: ParticipantRows, lp: LeadProviderPlan, needsFrozenMover: boolean): string {
  const rng = g.rng.fork(`scenarios:${lp.name}`);
  const schoolCohortsOf = (years: readonly number[]) => years.flatMap((y) => g.partnered.get(`${lp.index}:${y}`) ?? []);
  // Cohorts well under way (training started more than eight months ago), from 2022 on; and
  // the latest cohort that has begun registering, for participants yet to start.
  const settledYears = COHORT_YEARS.filter((y) => y >= 2022 && utc(y, 10, 1) < g.now - 240 * DAY);
  const settled = schoolCohortsOf(settledYears.length > 0 ? settledYears : COHORT_YEARS);
  const latestYear = COHORT_YEARS.filter((y) => utc(y, 5, 1) <= g.now).at(-1) ?? COHORT_YEARS[0];
  const joiners = schoolCohortsOf([latestYear]);
  const add = (sc: SchoolCohortPlan, type: ProfileType, key: string, special: Special, programmeId = sc.programmeId!) =>
    participant(g, out, rng, lp, sc, programmeId, type, `scenario:${key}`, undefined, special);

  // Every training status × participant status, for ECTs and mentors.
  let plainActiveEct = '';
  for (const type of ['ect', 'mentor'] as const) {
    for (const training of ['active', 'deferred', 'withdrawn'] as const) {
      for (const status of PARTICIPANT_STATUSES) {
        const joining = status === 'joining';
        const written = add(rng.pick(joining ? joiners : settled), type, `${training}:${status}`, {
          script: {
            schedule: joining ? 'ecf-standard-january' : 'ecf-standard-september',
            start: joining ? g.now + rng.int(20, 50) * DAY + rng.int(7, 17) * HOUR : undefined,
            run: (c) => statusStory(g, c, type, training, status),
          },
        });
        if (type === 'ect' && training === 'active' && status === 'active') plainActiveEct = written.person.userId;
      }
    }
  }

  // Transfers: to another of the provider's schools, to a school of the next provider (who so
  // sees them joining), and away to nobody knows where; finished, and still under way.
  const transfers: [TransferKind, Special['timing']][] = [
    ['new_school', 'complete'], ['new_school', 'join-later'], ['new_school', 'leave-later'],
    ['new_provider', 'complete'], ['new_provider', 'join-later'], ['new_provider', 'leave-later'],
    ['left', undefined], ['leaving', undefined],
  ];
  const next = g.lps[(lp.index + 1) % g.lps.length]!;
  const movableTo = (owner: LeadProviderPlan) => settled.filter((sc) => (g.partnered.get(`${owner.index}:${sc.year}`) ?? []).some((o) => o.school.id !== sc.school.id));
  const from: Partial<Record<TransferKind, SchoolCohortPlan[]>> = { new_school: movableTo(lp), new_provider: movableTo(next) };
  transfers.forEach(([transfer, timing], k) => add(rng.pick(from[transfer]?.length ? from[transfer] : settled), 'ect', `transfer:${k}`, { transfer, timing }));

  // Unfunded mentors: mentors at the provider's schools whom the previous provider trains, under
  // its relationship partnership there; each mentors two of the provider's ECTs.
  const prev = g.lps[(lp.index + g.lps.length - 1) % g.lps.length]!;
  for (const year of COHORT_YEARS) {
    const rel = g.relationshipProgrammes.get(`${prev.index}:${year}`);
    if (!rel || rel.sc.lp !== lp) continue;
    const mentor = participant(g, out, rng, prev, rel.sc, rel.programmeId, 'mentor', `scenario:unfunded:${prev.id}`, undefined, {
      script: { run: (c) => c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }) },
    });
    for (let k = 0; k < 2; k++) {
      add(rel.sc, 'ect', `unfunded-mentee:${k}`, {
        script: {
          mentorProfileId: mentor.profileId,
          run: (c) => c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }),
        },
      });
    }
  }

  // A replacement mentor: took over two ECTs mid-year from a mentor who stopped mentoring (the
  // provider withdrew that mentor). The ECTs' earlier records name the first mentor.
  const rsc = rng.pick(settled);
  const swapAt = utc(rsc.year + 1, 1, 6) + rng.int(0, 40) * DAY + rng.int(8, 16) * HOUR;
  const first = add(rsc, 'mentor', 'replaced-mentor', {
    script: {
      run: (c) => {
        c.record({ ...c.base, inductionStatus: 'changed', trainingStatus: 'active', start: c.startAt, end: swapAt, created: c.created, updated: swapAt });
        const at = c.state('withdrawn', 'mentor-no-longer-being-mentor', swapAt);
        c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'withdrawn', start: at, created: at });
        c.profile.trainingStatus = 'withdrawn';
      },
    },
  });
  const replacement = add(rsc, 'mentor', 'replacement-mentor', {
    script: {
      schedule: 'ecf-replacement-january', start: swapAt,
      run: (c) => c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }),
    },
  });
  for (let k = 0; k < 2; k++) {
    add(rsc, 'ect', `replaced-mentor-mentee:${k}`, {
      script: {
        mentorProfileId: first.profileId,
        run: (c) => {
          c.record({ ...c.base, inductionStatus: 'changed', trainingStatus: 'active', start: c.startAt, end: swapAt, created: c.created, updated: swapAt });
          c.record({ ...c.base, mentorProfileId: replacement.profileId, inductionStatus: 'active', trainingStatus: 'active', start: swapAt, created: swapAt });
          c.profile.mentorProfileId = replacement.profileId;
        },
      },
    });
  }

  // An ECT moved from the frozen 2021 cohort to 2024, when the random slots gave none.
  if (needsFrozenMover) {
    const movable = (g.partnered.get(`${lp.index}:2021`) ?? []).filter((sc) => g.schoolCohortByYear.get(`${sc.school.id}:2024`)?.lp === lp);
    if (movable.length > 0) add(rng.pick(movable), 'ect', 'frozen', { frozen: true });
  }

  declarationScenarios(g, lp, settled, add);
  return plainActiveEct;
}

/**
 * Participants whose declarations are written on purpose: for every schedule family and every
 * declaration type, one "ready" for it (every earlier declaration made, this one's window open
 * now, the cohort still taking declarations), so a provider can submit it straight away;
 * participants sharing a TRN (duplicates: whoever declares an event second gets an ineligible
 * declaration); and one DfE has not found eligible for funding yet (submitted declarations).
 */
export function declarationScenarios(g: SandboxGenerator, lp: LeadProviderPlan, settled: SchoolCohortPlan[],
  add: (sc: SchoolCohortPlan, type: ProfileType, key: string, special: Special) => unknown): void {
  const rng = g.rng.fork(`declaration-scenarios:${lp.name}`);
  const plainRecord = (c: ScriptContext) => { c.record({ ...c.base, inductionStatus: 'active', trainingStatus: 'active', start: c.startAt, created: c.created }); };
  const limit = g.time.limit;
  const firstDay = { september: [9, 0], january: [1, 1], april: [4, 1] } as const;

  for (const family of SCHEDULE_FAMILIES) {
    const type: ProfileType = family === 'replacement' ? 'mentor' : 'ect';
    for (const declarationType of DECLARATION_ORDER) {
      found: for (const year of [...COHORT_YEARS].reverse()) {
        const scs = g.partnered.get(`${lp.index}:${year}`) ?? [];
        const cohort = g.cohorts.get(year);
        // The cohort must still take declarations: a statement open now.
        if (scs.length === 0 || !cohort || !g.statementsFor(lp.id, year).some((s) => s.state === 'open' && s.cutOff >= limit)) continue;
        if (type === 'mentor' && cohort.mentorFunding && declarationType !== 'started' && declarationType !== 'completed') continue;
        for (const month of SCHEDULE_MONTHS) {
          const identifier = `ecf-${family}-${month}`;
          let milestones = g.milestones.get(`${identifier}:${year}:${type}`) ?? [];
          if (type === 'mentor' && cohort.mentorFunding) milestones = milestones.filter((m) => m.type === 'started' || m.type === 'completed');
          if (milestones.length === 0) continue;
          const [m, offset] = firstDay[month];
          const start = Math.max(milestones[0]!.lo, utc(year + offset, m, 1)) + rng.int(2, 12) * DAY + rng.int(8, 10) * HOUR;
          if (!readyDates(g, lp, year, milestones, start, declarationType, true)) continue;
          add(rng.pick(scs), type, `ready:${identifier}:${declarationType}`, {
            script: { schedule: identifier, start, run: plainRecord },
            eligibility: ['eligible', 'none'],
            declarations: { readyFor: declarationType },
          });
          break found;
        }
      }
    }
  }

  // Duplicates: two participants with one TRN, in the same cohort, both declared for.
  const pairs = Math.max(1, Math.round(lp.perCohort / 60));
  for (let k = 0; k < pairs; k++) {
    const sc = rng.pick(settled);
    const trn = g.trn(rng);
    g.sharedTrns.add(trn);
    const sameYear = settled.filter((x) => x.year === sc.year);
    for (const [n, place] of [sc, rng.pick(sameYear)].entries()) {
      add(place, 'ect', `duplicate:${k}:${n}`, {
        script: { schedule: 'ecf-standard-september', run: plainRecord },
        trn, eligibility: ['eligible', 'none'], declarations: { steady: true },
      });
    }
  }

  // Not (yet) eligible for funding: declarations stay submitted.
  add(rng.pick(settled), 'ect', 'awaiting-eligibility', {
    script: { schedule: 'ecf-standard-september', run: plainRecord },
    eligibility: ['manual_check', 'active_flags'], declarations: { steady: true },
  });
}

/**
 * A history ending in the given training status (set by the provider, with a state row and
 * reason) and participant status (what the school last reported: still there, removed, leaving
 * with an end date ahead, left, or yet to start).
 */
export function statusStory(g: SandboxGenerator, c: ScriptContext, type: ProfileType, training: TrainingState, status: ParticipantStatus): void {
  const { rng, base, startAt, created, record, state, laterMoment, profile } = c;
  const reasons = training === 'deferred' ? DEFERRAL_REASONS
    : type === 'mentor' ? [...WITHDRAWAL_REASONS, 'mentor-no-longer-being-mentor'] : WITHDRAWAL_REASONS;
  profile.trainingStatus = training;
  if (status === 'withdrawn') profile.status = 'withdrawn';
  if (status === 'joining') {
    // Not started yet: the provider may already have deferred or withdrawn them.
    const at = training === 'active' ? undefined : state(training, rng.pick(reasons), laterMoment(created, 30));
    record({ ...base, inductionStatus: 'active', trainingStatus: training, start: startAt, created, updated: at });
    return;
  }
  let current = { start: startAt, created };
  if (training !== 'active') {
    // The provider's change closes the first record and opens one in the new training status.
    const at = laterMoment(Math.max(created, startAt), 200);
    record({ ...base, inductionStatus: 'changed', trainingStatus: 'active', start: startAt, end: at, created, updated: at });
    const stateAt = state(training, rng.pick(reasons), at);
    current = { start: stateAt, created: stateAt };
  }
  const end = status === 'leaving' ? g.now + rng.int(5, 45) * DAY
    : status === 'left' ? laterMoment(current.start + DAY, 150) : null;
  const reported = status === 'leaving' ? g.time.limit - rng.int(1, 20) * DAY
    : status === 'left' ? end! - rng.int(3, 15) * DAY
      : status === 'withdrawn' ? laterMoment(current.start + HOUR, 150) : undefined;
  record({
    ...base, inductionStatus: status === 'active' ? 'active' : status === 'withdrawn' ? 'withdrawn' : 'leaving',
    trainingStatus: training, start: current.start, end, created: current.created, updated: reported,
  });
}
