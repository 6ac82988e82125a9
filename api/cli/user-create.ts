import { parseArgs } from 'node:util';
import { eq, or } from 'drizzle-orm';
import { connectLibsql } from '../../db/libsql';
import { leadProviders } from '../../db/schema';
import { createMailer } from '../email/mailer';
import { nodeConfigSchema, parseConfig } from '../env';
import { createLeadProviderUser, UserInputError } from '../web/auth/users';

// Operator command: gives a person at a lead provider an account for the web service and sends
// them the welcome email (through Notify when configured, else into the outbox):
//   npm run user:create -- --lead-provider "Ambition Institute" --email jo@example.com --name "Jo Bloggs"

async function main() {
  const { values } = parseArgs({ options: { 'lead-provider': { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } });
  const providerName = values['lead-provider'];
  if (!providerName || !values.email || !values.name) {
    console.error('Usage: npm run user:create -- --lead-provider "<name or id>" --email <email> --name "<full name>"');
    process.exit(2);
  }
  const config = parseConfig(nodeConfigSchema, process.env);
  const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    const [provider] = await db.select({ id: leadProviders.id, name: leadProviders.name }).from(leadProviders)
      .where(or(eq(leadProviders.name, providerName), eq(leadProviders.id, providerName))).limit(1);
    if (!provider) {
      const known = await db.select({ name: leadProviders.name }).from(leadProviders).orderBy(leadProviders.name);
      console.error(`No lead provider called "${providerName}". Known lead providers: ${known.map((k) => k.name).join(', ') || '(none: start the service once to seed a development database)'}`);
      process.exitCode = 1;
      return;
    }
    const mailer = createMailer({ db, config });
    const user = await createLeadProviderUser({ db, mailer, config }, { leadProvider: provider, email: values.email, fullName: values.name }, new Date());
    console.log(`Account created for ${user.email} at ${provider.name}. Welcome email ${mailer.delivers ? 'sent' : 'in the outbox (/outbox)'}.`);
  } catch (err) {
    if (err instanceof UserInputError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    throw err;
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
