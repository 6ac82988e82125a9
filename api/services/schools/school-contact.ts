import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { inductionCoordinators, schools, users } from '../../../db/schema';
import type { SchoolRow } from '../partnerships/partnership-rules';

/** Where to write to a school: its induction tutor, else its GIAS contact addresses. */
export async function schoolContactEmail(db: Db, school: Pick<SchoolRow, 'id' | 'primaryContactEmail' | 'secondaryContactEmail'>): Promise<string | null> {
  const [tutor] = await db
    .select({ email: users.email })
    .from(inductionCoordinators)
    .innerJoin(users, eq(users.id, inductionCoordinators.userId))
    .where(eq(inductionCoordinators.schoolId, school.id))
    .orderBy(asc(inductionCoordinators.createdAt), asc(inductionCoordinators.id))
    .limit(1);
  return tutor?.email ?? school.primaryContactEmail ?? school.secondaryContactEmail ?? null;
}

/** The same, for a school known only by id. */
export async function schoolContactEmailById(db: Db, schoolId: string): Promise<{ email: string | null; name: string } | null> {
  const [school] = await db.select().from(schools).where(eq(schools.id, schoolId)).limit(1);
  return school ? { email: await schoolContactEmail(db, school), name: school.name } : null;
}
