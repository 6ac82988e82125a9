import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eq, or } from 'drizzle-orm';
import { type Db } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { deliveryPartners, leadProviders, leadProviderUsers } from '../../db/schema';
import type { OperatorContext } from '../context';
import { nodeConfigSchema, parseConfig } from '../env';
import { DomainError, NotFoundError } from '../errors/api-error';
import { setProviderRelationships, createDeliveryPartner } from '../services/delivery-partners/manage-delivery-partners';
import { createLeadProvider } from '../services/lead-providers/create-lead-provider';
import { openStatements } from '../services/lead-providers/open-statements';
import { recordAudit } from '../services/operators/audit';
import { createOperatorToken, revokeOperatorToken } from '../services/operators/operator-tokens';
import { createProviderToken, createWebUser, revokeProviderToken, revokeWebUser } from '../services/operators/provider-access';
import { operatorCloseStatement, operatorMarkStatementPaid } from '../services/operators/school-events';

// The operator API's verbs for a person at a terminal, calling the same services, audited as
// `cli:<os user>`. Secrets (tokens) go to stdout alone, so they can be piped into a secret store;
// everything else goes to stderr.
//   npm run --silent operator -- token:create --name "School-facing service"
//   npm run operator -- help

const usage = `Usage: npm run --silent operator -- <verb> [options]
  token:create            --name "<who holds it>"                  an operator token (printed once)
  token:revoke            --id <operator token id>
  lead-provider:create    --name "<name>" [--cohorts 2025,2026]   opens the cohorts' statements
  delivery-partner:create --name "<name>"
  relationship:set        --lead-provider <name|id> --delivery-partner <name|id> --cohorts 2025,2026
  api-token:create        --lead-provider <name|id> [--description "<what for>"]   printed once
  api-token:revoke        --id <token id>
  user:create             --lead-provider <name|id> --email <email> --name "<full name>"
  user:revoke             --email <email>
  statements:open         --lead-provider <name|id> --cohort 2025
  statement:close         --id <statement id>
  statement:pay           --id <statement id>`;

const options = {
  name: { type: 'string' }, cohorts: { type: 'string' }, cohort: { type: 'string' }, 'lead-provider': { type: 'string' },
  'delivery-partner': { type: 'string' }, description: { type: 'string' }, id: { type: 'string' }, email: { type: 'string' },
} as const;

class UsageError extends Error {}

const need = (values: Record<string, string | undefined>, key: string) => {
  const value = values[key];
  if (!value) throw new UsageError(`--${key} is required.`);
  return value;
};

async function leadProviderId(db: Db, nameOrId: string): Promise<string> {
  const [row] = await db.select({ id: leadProviders.id }).from(leadProviders).where(or(eq(leadProviders.name, nameOrId), eq(leadProviders.id, nameOrId))).limit(1);
  if (!row) throw new DomainError([{ title: 'lead-provider', detail: `No lead provider called "${nameOrId}".` }]);
  return row.id;
}

async function deliveryPartnerId(db: Db, nameOrId: string): Promise<string> {
  const rows = await db.select({ id: deliveryPartners.id }).from(deliveryPartners).where(or(eq(deliveryPartners.name, nameOrId), eq(deliveryPartners.id, nameOrId))).limit(2);
  if (rows.length !== 1) throw new DomainError([{ title: 'delivery-partner', detail: rows.length ? `More than one delivery partner is called "${nameOrId}": give its id.` : `No delivery partner called "${nameOrId}".` }]);
  return rows[0]!.id;
}

const years = (text: string) => text.split(',').map((y) => y.trim()).filter(Boolean);

export async function runOperatorCommand(ctx: OperatorContext, verb: string, values: Record<string, string | undefined>): Promise<{ stdout?: string; stderr: string }> {
  const { db } = ctx;
  switch (verb) {
    case 'token:create': {
      const name = need(values, 'name');
      const { id, token } = await createOperatorToken(db, name, ctx.now);
      await recordAudit(db, { actor: ctx.actor, now: ctx.now, method: ctx.via.method, path: verb, operation: 'create_operator_token', targetIds: [id], input: { name }, requestId: null });
      return { stdout: token, stderr: `Operator token ${id} created for "${name}". It is shown once: keep it in a secret store.` };
    }
    case 'token:revoke': {
      const id = need(values, 'id');
      if (!(await revokeOperatorToken(db, id, ctx.now))) throw new DomainError([{ title: 'id', detail: `No live operator token with id ${id}.` }]);
      await recordAudit(db, { actor: ctx.actor, now: ctx.now, method: ctx.via.method, path: verb, operation: 'revoke_operator_token', targetIds: [id], input: { id }, requestId: null });
      return { stderr: `Operator token ${id} revoked.` };
    }
    case 'lead-provider:create': {
      const lp = await createLeadProvider(ctx, { name: need(values, 'name'), cohorts: values.cohorts ? years(values.cohorts) : [] });
      return { stdout: lp.id, stderr: `Lead provider "${lp.name}" created (${lp.id}), cohorts: ${lp.cohorts.join(', ') || 'none yet'}.` };
    }
    case 'delivery-partner:create': {
      const dp = await createDeliveryPartner(ctx, { name: need(values, 'name') });
      return { stdout: dp.id, stderr: `Delivery partner "${dp.name}" created (${dp.id}).` };
    }
    case 'relationship:set': {
      const r = await setProviderRelationships(ctx, {
        lead_provider_id: await leadProviderId(db, need(values, 'lead-provider')),
        delivery_partner_id: await deliveryPartnerId(db, need(values, 'delivery-partner')),
        cohorts: years(need(values, 'cohorts')),
      });
      return { stderr: `The pair now runs cohorts: ${r.cohorts.join(', ') || 'none'}.` };
    }
    case 'api-token:create': {
      const t = await createProviderToken(ctx, await leadProviderId(db, need(values, 'lead-provider')), { description: values.description });
      return { stdout: t.token, stderr: `API token ${t.id} created. It is shown once: give it to the provider through a secure channel.` };
    }
    case 'api-token:revoke': {
      const r = await revokeProviderToken(ctx, need(values, 'id'));
      return { stderr: `API token ${r.id} revoked.` };
    }
    case 'user:create': {
      const u = await createWebUser(ctx, await leadProviderId(db, need(values, 'lead-provider')), { email: need(values, 'email'), full_name: need(values, 'name') });
      return { stdout: u.id, stderr: `Account created for ${u.email}. Welcome email ${u.welcome_email === 'sent' ? 'sent' : 'in the outbox'}.` };
    }
    case 'user:revoke': {
      const email = need(values, 'email').trim().toLowerCase();
      const [user] = await db.select({ id: leadProviderUsers.id }).from(leadProviderUsers).where(eq(leadProviderUsers.email, email)).limit(1);
      if (!user) throw new DomainError([{ title: 'email', detail: `No account for ${email}.` }]);
      await revokeWebUser(ctx, user.id);
      return { stderr: `The account of ${email} is revoked: signed out everywhere.` };
    }
    case 'statements:open': {
      const r = await openStatements(ctx, await leadProviderId(db, need(values, 'lead-provider')), { cohort: need(values, 'cohort') });
      return { stderr: `Statements open for "${r.name}", cohorts: ${r.cohorts.join(', ')}.` };
    }
    case 'statement:close': {
      await operatorCloseStatement(ctx, need(values, 'id'));
      return { stderr: `Statement ${values.id} is closed: its eligible declarations are payable.` };
    }
    case 'statement:pay': {
      await operatorMarkStatementPaid(ctx, need(values, 'id'));
      return { stderr: `Statement ${values.id} is marked paid.` };
    }
    default:
      throw new UsageError(verb ? `Unknown verb "${verb}".` : 'Give a verb.');
  }
}

async function main() {
  const { values, positionals } = parseArgs({ options, allowPositionals: true });
  const verb = positionals[0] ?? '';
  if (verb === 'help' || verb === '') {
    console.error(usage);
    process.exit(verb ? 0 : 2);
  }
  const config = parseConfig(nodeConfigSchema, process.env);
  const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  const ctx: OperatorContext = {
    db, now: new Date(), config, requestId: null,
    actor: { tokenId: null, name: `cli:${userInfo().username}` },
    via: { method: 'CLI', path: verb },
  };
  try {
    const out = await runOperatorCommand(ctx, verb, values as Record<string, string | undefined>);
    if (out.stdout) process.stdout.write(`${out.stdout}\n`);
    console.error(out.stderr);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${usage}`);
      process.exitCode = 2;
    } else if (err instanceof DomainError) {
      console.error(err.errors.map((e) => `${e.title}: ${e.detail}`).join('\n'));
      process.exitCode = 1;
    } else if (err instanceof NotFoundError) {
      console.error(`No ${err.what} with id ${values.id ?? ''}.`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    client.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
