import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { inductionCoordinators, users } from '../../../db/schema';
import type { SchoolRow } from '../partnerships/partnership-rules';

/** Where to write to a school: its induction tutor, else its GIAS contact addresses. */
export async function schoolContactEmail(db: Db, school: SchoolRow): Promise<string | null> {
  const [tutor] = await db
    .select({ email: users.email })
    .from(inductionCoordinators)
    .innerJoin(users, eq(users.id, inductionCoordinators.userId))
    .where(eq(inductionCoordinators.schoolId, school.id))
    .orderBy(asc(inductionCoordinators.createdAt), asc(inductionCoordinators.id))
    .limit(1);
  return tutor?.email ?? school.primaryContactEmail ?? school.secondaryContactEmail ?? null;
}
