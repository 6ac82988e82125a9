import { connectLibsql } from '../../../db/libsql';
import { nodeConfigSchema, parseConfig } from '../../env';
import { deleteExpiredWebData } from '../../jobs/scheduled';

// Housekeeping for the web service (run daily): expired sessions and sign-in links, old
// rate-limit counters and abandoned "confirm your schools" uploads.
//   npm run web:clean

async function main() {
  const config = parseConfig(nodeConfigSchema, process.env);
  const { db, client } = connectLibsql(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  try {
    await deleteExpiredWebData(db, new Date());
    console.log('Expired sessions, sign-in links and abandoned uploads deleted.');
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
