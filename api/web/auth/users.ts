import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { leadProviderUsers } from '../../../db/schema';
import type { Mailer } from '../../email/mailer';
import type { Config } from '../../env';
import { serviceLink } from '../format';
import { checkEmailAddress, normaliseEmail } from './email-address';

// Accounts are created by DfE operators (npm run user:create), never by sign-up.

export class UserInputError extends Error {}

export async function createLeadProviderUser(
  deps: { db: Db; mailer: Mailer; config: Pick<Config, 'SERVICE_URL'> },
  input: { leadProvider: { id: string; name: string }; email: string; fullName: string },
  now: Date,
): Promise<{ id: string; email: string }> {
  const email = normaliseEmail(input.email);
  const fullName = input.fullName.trim();
  if (checkEmailAddress(email)) throw new UserInputError(`"${input.email}" is not a valid email address.`);
  if (!fullName) throw new UserInputError('Give the person’s full name.');
  const [existing] = await deps.db.select({ id: leadProviderUsers.id }).from(leadProviderUsers).where(eq(leadProviderUsers.email, email)).limit(1);
  if (existing) throw new UserInputError(`There is already an account for ${email}.`);
  const id = crypto.randomUUID();
  try {
    await deps.db.insert(leadProviderUsers).values({ id, leadProviderId: input.leadProvider.id, email, fullName, createdAt: now, updatedAt: now });
  } catch (err) {
    if (isUniqueViolation(err)) throw new UserInputError(`There is already an account for ${email}.`);
    throw err;
  }
  await deps.mailer.send({
    template: 'welcome', to: email, subject: { type: 'lead_provider_user', id },
    personalisation: { full_name: fullName, lead_provider_name: input.leadProvider.name, sign_in_url: serviceLink(deps.config, '/users/sign_in') },
  }, now);
  return { id, email };
}
