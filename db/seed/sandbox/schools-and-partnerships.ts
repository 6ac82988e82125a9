import { uuidFromName } from '../../ids';
import { cohortId } from '../../reference-data/load';
import { inductionCoordinators, inductionProgrammes, partnerships, schoolCohorts, schools, users } from '../../schema';
import { COHORT_YEARS, LAST_YEAR, DAY, HOUR, utc, maxTime } from './calendar';
import type { SandboxGenerator } from './generator';
import { type Row, type LeadProviderPlan, type SchoolPlan, type SchoolCohortPlan, profileIdFor } from './plans';
import { CHALLENGE_REASONS, ELIGIBLE_TYPES, CIP_ONLY_TYPES, PLACES, WELSH_PLACES, SAINTS, SCHOOL_PATTERNS, slug, englishDistrict } from './vocabulary';

/** Splits `total` over `weights` (largest remainder), so the counts add up exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}


// ---------------------------------------------------------------------------------------------
// Schools, induction tutors, school cohorts, partnerships, induction programmes

export async function seedSchoolsAndPartnerships(g: SandboxGenerator): Promise<void> {
  const rng = g.rng.fork('schools');
  const schoolRows: Row<typeof schools>[] = [];
  const sitUsers: Row<typeof users>[] = [];
  const sitRows: Row<typeof inductionCoordinators>[] = [];
  const scRows: Row<typeof schoolCohorts>[] = [];
  const partnershipRows: Row<typeof partnerships>[] = [];
  const programmeRows: Row<typeof inductionProgrammes>[] = [];
  const programmesById = new Map<string, Row<typeof inductionProgrammes>>();

  const newSchool = (kind: { status?: string; type?: string; district?: string; section41?: boolean; welsh?: boolean; withTutor: number }): SchoolPlan => {
    const welsh = kind.welsh ?? false;
    const urn = g.urn(rng, welsh);
    const place = welsh ? rng.pick(WELSH_PLACES) : rng.pick(PLACES);
    const name = rng.pick(SCHOOL_PATTERNS)(place, rng.pick(SAINTS));
    const id = uuidFromName(`school:${urn}`);
    const createdAt = g.time.at('schools.created_at', utc(2021, 3, 1) + rng.next() * 60 * DAY);
    const updatedAt = g.time.after('schools.updated_at', createdAt);
    const domain = `${slug(place)}-${urn}.example.com`;
    const row: Row<typeof schools> = {
      id, urn, name,
      schoolStatusCode: kind.status ?? rng.weighted([['1', 19], ['3', 1]]),
      schoolTypeCode: kind.type ?? rng.weighted(ELIGIBLE_TYPES),
      administrativeDistrictCode: kind.district ?? englishDistrict(rng),
      section41Approved: kind.section41 ?? false,
      primaryContactEmail: rng.chance(0.9) ? `office@${domain}` : null,
      secondaryContactEmail: rng.chance(0.6) ? `head@${domain}` : null,
      createdAt, updatedAt,
    };
    schoolRows.push(row);
    const plan: SchoolPlan = { id, urn, row, contactUpdatedAt: updatedAt.getTime() };
    if (rng.chance(kind.withTutor)) {
      const person = g.personName(rng);
      const email = g.email(`${person.first}.${person.last}`, domain);
      const userId = uuidFromName(`user:${email}`);
      const userCreated = g.time.at('users.created_at', createdAt.getTime() + rng.next() * 200 * DAY);
      const userUpdated = g.time.after('users.updated_at', userCreated);
      sitUsers.push({ id: userId, fullName: `${person.first} ${person.last}`, email, trn: null, createdAt: userCreated, updatedAt: userUpdated, apiUpdatedAt: userUpdated });
      sitRows.push({ id: uuidFromName(`induction-coordinator:${id}:${userId}`), schoolId: id, userId, createdAt: g.time.at('induction_coordinators.created_at', userCreated.getTime(), userCreated.getTime()) });
      plan.contactUpdatedAt = Math.max(plan.contactUpdatedAt, userUpdated.getTime());
    }
    return plan;
  };

  const addSchoolCohort = (school: SchoolPlan, year: number, choice: string, createdNear: number): SchoolCohortPlan => {
    const id = uuidFromName(`school-cohort:${school.id}:${year}`);
    const createdAt = g.time.at('school_cohorts.created_at', createdNear - rng.next() * 20 * DAY);
    const row: Row<typeof schoolCohorts> = {
      id, schoolId: school.id, cohortId: cohortId(year), inductionProgrammeChoice: choice,
      defaultInductionProgrammeId: null, createdAt, updatedAt: g.time.after('school_cohorts.updated_at', createdAt, 400),
    };
    scRows.push(row);
    const plan: SchoolCohortPlan = { id, school, year, lp: null, programmeId: null, mentors: 0, ects: 0, mentorProfileIds: [] };
    g.schoolCohortByYear.set(`${school.id}:${year}`, plan);
    // The school's own programme (school-led, or provider-led waiting for a partnership).
    if (choice !== 'no_early_career_teachers') {
      const programmeId = uuidFromName(`induction-programme:${id}:${choice}`);
      const pCreated = g.time.at('induction_programmes.created_at', createdAt.getTime() + HOUR, createdAt.getTime());
      const programme = { id: programmeId, schoolCohortId: id, partnershipId: null, trainingProgramme: choice, createdAt: pCreated, updatedAt: g.time.after('induction_programmes.updated_at', pCreated, 60) };
      programmeRows.push(programme);
      programmesById.set(programmeId, programme);
      row.defaultInductionProgrammeId = programmeId;
      plan.programmeId = programmeId;
    }
    return plan;
  };

  const addPartnership = (p: {
    lp: LeadProviderPlan; school: SchoolPlan; year: number; dpId: string; relationship?: boolean;
    challengeReason?: string; key?: string;
  }): Row<typeof partnerships> => {
    const id = uuidFromName(`partnership:${p.lp.id}:${p.school.id}:${p.year}${p.key ? `:${p.key}` : ''}`);
    const createdAt = g.time.at('partnerships.created_at', utc(p.year, 5, 15) + rng.next() * 140 * DAY);
    const deadline = Math.max(utc(p.year, 10, 31), createdAt.getTime() + 14 * DAY);
    const challengedAt = p.challengeReason ? g.time.at('partnerships.challenged_at', createdAt.getTime() + (1 + rng.next() * 12) * DAY, createdAt.getTime()) : null;
    const updatedAt = g.time.after('partnerships.updated_at', challengedAt ?? createdAt, 200);
    const row: Row<typeof partnerships> = {
      id, schoolId: p.school.id, leadProviderId: p.lp.id, deliveryPartnerId: p.dpId, cohortId: cohortId(p.year),
      challengedAt, challengeReason: p.challengeReason ?? null, challengeDeadline: new Date(deadline),
      pending: false, relationship: p.relationship ?? false, reportId: uuidFromName(`partnership-report:${id}`),
      createdAt, updatedAt,
      apiUpdatedAt: maxTime(updatedAt, p.school.contactUpdatedAt, g.dpUpdatedAt.get(p.dpId)),
    };
    partnershipRows.push(row);
    return row;
  };

  /** Links a (provider-led) school cohort to a partnership through its FIP programme. */
  const partner = (sc: SchoolCohortPlan, lp: LeadProviderPlan, partnership: Row<typeof partnerships>) => {
    const programme = sc.programmeId ? programmesById.get(sc.programmeId) : undefined;
    if (!programme) throw new Error('partnered school cohort without a programme');
    programme.partnershipId = partnership.id;
    sc.lp = lp;
  };

  // Main schools of each provider: partnered from a first to a last cohort.
  for (const lp of g.lps) {
    const count = g.schoolsFor(lp);
    let regulars = 0;
    const waiting = Math.max(1, Math.round(count * 0.08));
    const awaiting = Math.max(1, Math.round(count * 0.05));
    const left = Math.max(1, Math.round(count * 0.08));
    for (let j = 0; j < count; j++) {
      let role: 'closed' | 'waiting' | 'awaiting' | 'left' | 'regular' = 'regular';
      let k = j;
      if (count >= 6 && k === 0) role = 'closed';
      else {
        if (count >= 6) k -= 1;
        if (k < waiting) role = 'waiting';
        else if (k < waiting + awaiting) role = 'awaiting';
        else if (k < waiting + awaiting + left) role = 'left';
      }
      const school = newSchool({ status: role === 'closed' ? '2' : undefined, withTutor: role === 'closed' ? 0 : 0.85 });
      let firstYear = rng.weighted<number>([[2021, 50], [2022, 15], [2023, 15], [2024, 10], [2025, 10]]);
      let lastYear = LAST_YEAR;
      if (role === 'closed') [firstYear, lastYear] = [2021, 2022];
      if (role === 'waiting' || role === 'awaiting') [firstYear, lastYear] = [Math.min(firstYear, 2023), 2024];
      if (role === 'left') [firstYear, lastYear] = [Math.min(firstYear, 2022), rng.pick([2022, 2023])];
      // The first two long-standing schools make sure every provider has schools in every cohort.
      if (role === 'regular' && regulars++ < 2) firstYear = 2021;

      let dpId: string | undefined;
      for (const y of COHORT_YEARS) {
        if (y < firstYear) continue;
        if (y > lastYear) {
          // After the partnership ended: the school carried on another way, or (waiting) has not said yet.
          if (role === 'waiting') continue;
          const choice = role === 'awaiting' ? 'full_induction_programme'
            : rng.pick(['core_induction_programme', 'design_our_own', 'school_funded_fip', 'no_early_career_teachers']);
          addSchoolCohort(school, y, choice, utc(y, 5, 15) + rng.next() * 120 * DAY);
          continue;
        }
        const active = lp.dps.get(y)!;
        if (!dpId || !active.includes(dpId)) dpId = rng.pick(active);
        const partnership = addPartnership({ lp, school, year: y, dpId });
        const sc = addSchoolCohort(school, y, 'full_induction_programme', partnership.createdAt!.getTime());
        partner(sc, lp, partnership);
        const key = `${lp.index}:${y}`;
        if (!g.partnered.has(key)) g.partnered.set(key, []);
        g.partnered.get(key)!.push(sc);
      }
    }
  }

  // Challenged partnerships: each reason for every provider, in the two latest cohorts.
  for (const lp of g.lps) {
    const perReason = Math.max(1, Math.round(g.schoolsFor(lp) * 0.02));
    for (const reason of CHALLENGE_REASONS) {
      for (let k = 0; k < perReason; k++) {
        const year = rng.pick([2024, 2025]);
        const school = newSchool({ withTutor: 0.7 });
        const partnership = addPartnership({ lp, school, year, dpId: rng.pick(lp.dps.get(year)!), challengeReason: reason });
        const near = partnership.createdAt!.getTime();
        if (reason === 'no_ects') {
          addSchoolCohort(school, year, 'no_early_career_teachers', near);
        } else if (reason === 'another_provider') {
          // The school confirmed another provider, whose partnership is the active one.
          const other = g.lps[(lp.index + 3) % g.lps.length]!;
          const dpId = rng.pick(other.dps.get(year)!);
          const otherPartnership = addPartnership({ lp: other, school, year, dpId });
          partner(addSchoolCohort(school, year, 'full_induction_programme', near), other, otherPartnership);
        } else {
          addSchoolCohort(school, year, 'full_induction_programme', near);
        }
      }
    }
  }

  // Relationship partnerships: a provider keeps training participants who moved to a school
  // partnered with the next provider. Never shown by the partnerships endpoints.
  for (const lp of g.lps) {
    const next = g.lps[(lp.index + 1) % g.lps.length]!;
    for (const year of [2023, 2024, 2025]) {
      const candidates = g.partnered.get(`${next.index}:${year}`) ?? [];
      if (candidates.length === 0) continue;
      const sc = rng.pick(candidates);
      const dpId = rng.pick(lp.dps.get(year)!);
      const partnership = addPartnership({ lp, school: sc.school, year, dpId, relationship: true, key: 'relationship' });
      const programmeId = uuidFromName(`induction-programme:${sc.id}:relationship:${lp.id}`);
      const pCreated = g.time.at('induction_programmes.created_at', partnership.createdAt!.getTime() + HOUR, partnership.createdAt!.getTime());
      programmeRows.push({ id: programmeId, schoolCohortId: sc.id, partnershipId: partnership.id, trainingProgramme: 'full_induction_programme', createdAt: pCreated, updatedAt: g.time.after('induction_programmes.updated_at', pCreated, 60) });
      g.relationshipProgrammes.set(`${lp.index}:${year}`, { sc, programmeId });
    }
  }

  // Schools no provider works with yet: free to partner with (some have chosen a programme).
  const totalMain = g.lps.reduce((sum, lp) => sum + g.schoolsFor(lp), 0);
  const pool = Math.max(6, Math.round(totalMain * 0.3));
  for (let j = 0; j < pool; j++) {
    const section41 = j < 2;
    const school = newSchool(section41 ? { type: j === 0 ? '11' : '10', section41: true, withTutor: 0.5 } : { withTutor: 0.5 });
    const choice = rng.weighted<string | null>([[null, 30], ['core_induction_programme', 20], ['design_our_own', 15], ['no_early_career_teachers', 15], ['school_funded_fip', 20]]);
    if (!choice) continue;
    const years = rng.int(1, 3);
    const last = rng.weighted<number>([[2025, 3], [2024, 1]]);
    for (let y = last - years + 1; y <= last; y++) addSchoolCohort(school, y, choice, utc(y, 5, 15) + rng.next() * 120 * DAY);
  }

  // Ineligible schools: closed, in Wales, or of a type that is never funded.
  const ineligible = Math.max(4, Math.round(totalMain * 0.04));
  for (let j = 0; j < ineligible; j++) {
    switch (j % 4) {
      case 0: newSchool({ status: '2', withTutor: 0 }); break;
      case 1: newSchool({ district: rng.pick(['W06000015', 'W06000011', 'W06000022']), welsh: true, type: '1', withTutor: 0 }); break;
      case 2: newSchool({ type: '24', withTutor: 0 }); break;
      default: newSchool({ type: '25', withTutor: 0 }); break;
    }
  }

  // CIP-only schools: open, of an independent, Welsh or overseas type, not section 41 approved.
  const cipOnly = Math.max(4, Math.round(totalMain * 0.03));
  for (let j = 0; j < cipOnly; j++) {
    const type = CIP_ONLY_TYPES[j % CIP_ONLY_TYPES.length]!;
    const school = newSchool({
      type,
      welsh: type === '30',
      district: type === '30' ? 'W06000015' : type === '37' ? '9999' : undefined,
      withTutor: 0.5,
    });
    if (rng.chance(0.5)) for (const y of [2024, 2025]) addSchoolCohort(school, y, 'core_induction_programme', utc(y, 6, 1) + rng.next() * 90 * DAY);
  }

  // A school shows per cohort whether it is in a partnership, so a school cohort's updated_at is
  // at least that of every partnership of the school in that cohort (the database keeps this
  // up with triggers once seeded; computing it here makes the insert order irrelevant).
  const scByKey = new Map(scRows.map((r) => [`${r.schoolId}:${r.cohortId}`, r]));
  for (const p of partnershipRows) {
    const sc = scByKey.get(`${p.schoolId}:${p.cohortId}`);
    if (sc && p.updatedAt! > sc.updatedAt!) sc.updatedAt = p.updatedAt!;
  }

  const partnershipById = new Map(partnershipRows.map((p) => [p.id, p]));
  for (const programme of programmeRows) {
    const p = programme.partnershipId ? partnershipById.get(programme.partnershipId) : undefined;
    if (p) g.programmeOwners.set(programme.id!, { lpId: p.leadProviderId, dpId: p.deliveryPartnerId ?? null });
  }

  await g.insert(schools, schoolRows);
  await g.insert(users, sitUsers);
  await g.insert(inductionCoordinators, sitRows);
  await g.insert(schoolCohorts, scRows);
  await g.insert(partnerships, partnershipRows);
  await g.insert(inductionProgrammes, programmeRows);

  // Size each partnered school cohort now, so every mentor's profile id is known before any
  // participant is written (ECTs who move school get a mentor at the new school).
  const sizeRng = g.rng.fork('sizes');
  const schoolWeight = new Map<string, number>();
  for (const lp of g.lps) {
    for (const y of COHORT_YEARS) {
      const scs = g.partnered.get(`${lp.index}:${y}`) ?? [];
      const weights = scs.map((sc) => {
        let w = schoolWeight.get(sc.school.id);
        if (w === undefined) schoolWeight.set(sc.school.id, (w = 0.4 + sizeRng.next() * 1.6));
        return w;
      });
      const counts = apportion(lp.perCohort, weights);
      scs.forEach((sc, i) => {
        const k = counts[i]!;
        sc.mentors = k === 0 ? 0 : k === 1 ? (sizeRng.chance(0.4) ? 1 : 0) : Math.max(1, Math.round(k * 0.3));
        sc.ects = k - sc.mentors;
        sc.mentorProfileIds = Array.from({ length: sc.mentors }, (_, n) => profileIdFor(sc, 'mentor', n));
      });
    }
  }
  g.progress('schools, school cohorts and partnerships');
}
