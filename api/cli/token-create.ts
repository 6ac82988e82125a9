import { parseArgs } from 'node:util';
import { eq, or } from 'drizzle-orm';
import { connectLibsql } from '../../db/libsql';
import { leadProviders } from '../../db/schema';
import { nodeConfigSchema, parseConfig } from '../env';
import { createApiToken } from '../services/auth/api-tokens';

// Operator command: creates an API token for a lead provider and prints only the token, so it
// can be piped straight into a secret store:
//   npm run --silent token:create -- --lead-provider "Ambition Institute"

async function main() {
  const { values } = parseArgs({ options: { 'lead-provider': { type: 'string' }, description: { type: 'string' } } });
  const name = values['lead-provider'];
  if (!name) {
    console.error('Usage: npm run --silent token:create -- --lead-provider "<name or id>" [--description "<what it is for>"]');
    process.exit(2);
  }
  const config = parseConfig(nodeConfigSchema, process.env);
  const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    const [provider] = await db.select().from(leadProviders).where(or(eq(leadProviders.name, name), eq(leadProviders.id, name))).limit(1);
    if (!provider) {
      const known = await db.select({ name: leadProviders.name }).from(leadProviders).orderBy(leadProviders.name);
      console.error(`No lead provider called "${name}". Known lead providers: ${known.map((k) => k.name).join(', ') || '(none: start the service once to seed a development database)'}`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${await createApiToken(db, provider.id, new Date(), values.description)}\n`);
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
