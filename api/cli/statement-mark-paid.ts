import { parseArgs } from 'node:util';
import { connectLibsql } from '../../db/libsql';
import { DomainError, NotFoundError } from '../errors/api-error';
import { nodeConfigSchema, parseConfig } from '../env';
import { markStatementPaid } from '../services/finance/statement-lifecycle';

// Operator command, once DfE has paid a statement: its payable declarations become paid and its
// pending clawbacks clawed back.
//   npm run statement:mark-paid -- --id <statement id>
const { values } = parseArgs({ options: { id: { type: 'string' } } });
if (!values.id) {
  console.error('Usage: npm run statement:mark-paid -- --id <statement id>');
  process.exit(2);
}
const config = parseConfig(nodeConfigSchema, process.env);
const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
try {
  await markStatementPaid(db, values.id, new Date());
  console.log(`Statement ${values.id} is marked paid.`);
} catch (err) {
  if (err instanceof NotFoundError) console.error(`No statement with id ${values.id}.`);
  else if (err instanceof DomainError) console.error(err.errors.map((e) => e.detail).join(' '));
  else throw err;
  process.exitCode = 1;
} finally {
  client.close();
}
