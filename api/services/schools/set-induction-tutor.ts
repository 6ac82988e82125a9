import { and, eq, ne, sql } from 'drizzle-orm';
import { inductionCoordinators, schools, users } from '../../../db/schema';
import type { OperatorContext } from '../../context';
import { ErrorCollector, NotFoundError } from '../../errors/api-error';
import { operatorAudit } from '../operators/audit';
import { requiredName } from '../operators/input';
import { runBatch } from '../../../db/batch';

/**
 * A school names its induction tutor, replacing the one before. The school's partnerships move
 * their `updated_at` through the induction_coordinators triggers (migration 0001), so providers
 * following `updated_since` see the new contact.
 */
export async function setInductionTutor(ctx: OperatorContext, schoolId: string, input: { full_name?: unknown; email?: unknown }) {
  const [school] = await ctx.db.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  if (!school) throw new NotFoundError('school');
  const errors = new ErrorCollector();
  const fullName = requiredName(errors, input.full_name, 'full_name');
  const email = typeof input.email === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim()) ? input.email.trim().toLowerCase() : null;
  if (!email) errors.add('email', 'Enter an email address in the correct format, like name@example.com.');
  errors.throwIfAny();
  const [known] = await ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const userId = known?.id ?? crypto.randomUUID();
  await runBatch(ctx.db, [
    // A person we already know (perhaps a participant too) is linked as they are: renaming them
    // here would change records this request is not about.
    ...(known ? [] : [ctx.db.insert(users).values({ id: userId, fullName: fullName!, email: email!, createdAt: ctx.now, updatedAt: ctx.now, apiUpdatedAt: ctx.now })]),
    ctx.db.delete(inductionCoordinators).where(and(eq(inductionCoordinators.schoolId, schoolId), ne(inductionCoordinators.userId, userId))),
    ctx.db.insert(inductionCoordinators).values({ id: crypto.randomUUID(), schoolId, userId, createdAt: ctx.now }).onConflictDoNothing(),
    operatorAudit(ctx, 'set_induction_tutor', [schoolId, userId], input),
  ]);
  return { school_id: schoolId, user_id: userId, full_name: fullName!, email: email! };
}
