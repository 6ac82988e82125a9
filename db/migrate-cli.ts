import { connectLibsql } from './libsql';
import { applyMigrations } from './migrate';
import { nodeConfigSchema, parseConfig } from '../api/env';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (a file or a libSQL server),
// e.g. before pointing Workers at a Turso database. `npm start` does this by itself.
const config = parseConfig(nodeConfigSchema, process.env);
const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
await applyMigrations(db);
client.close();
console.log('Migrations applied.');
