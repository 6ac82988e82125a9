import { connectLibsql } from '../../db/libsql';
import { nodeConfigSchema, parseConfig } from '../env';
import { closeDueStatements } from '../services/finance/statement-lifecycle';

// Operator job: closes every open statement whose cut-off date has passed (its eligible
// declarations become payable). Safe to run any number of times; `npm start` and the Worker's
// cron trigger also run it every hour.
//   npm run statements:close
const config = parseConfig(nodeConfigSchema, process.env);
const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
const closed = await closeDueStatements(db, new Date());
client.close();
console.log(closed.length ? `Closed ${closed.length} statement(s): ${closed.join(', ')}` : 'No statement was due to close.');
