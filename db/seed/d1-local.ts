import { getPlatformProxy } from 'wrangler';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { connectD1 } from '../client';
import { loadReferenceData } from '../reference-data/load';
import { isDatabaseEmpty, seedDatabase } from './index';

// Seeds the local D1 database that `wrangler dev` uses (.wrangler/state/v3), through the same D1
// binding the Worker gets. Run `npm run worker:migrate:local` first (npm run worker:dev does both).

const proxy = await getPlatformProxy<{ DB: Parameters<typeof connectD1>[0] }>({ persist: { path: '.wrangler/state/v3' } });
try {
  const db = connectD1(proxy.env.DB);
  const now = new Date();
  if (await isDatabaseEmpty(db)) {
    console.log('Seeding the local D1 database with reference and sandbox data...');
    const providers = await seedDatabase(db, { now, scale: 'default' });
    console.log('One API token per lead provider (shown once, keep them):');
    for (const lp of providers) console.log(`  ${lp.name.padEnd(32)} ${await createApiToken(db, lp.id, now, 'Created when local D1 was seeded')}`);
  } else {
    await loadReferenceData(db, now);
    console.log('Local D1 already has data; reference data refreshed. Create more tokens against the Node host, or wipe .wrangler/state to reseed.');
  }
} finally {
  await proxy.dispose();
}
