import { defineConfig } from 'drizzle-kit';

// Migrations are generated (never pushed) and committed; both hosts apply the same files:
// Node with drizzle's libSQL migrator, Workers with `wrangler d1 migrations apply`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
