import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { loadReferenceData } from '../reference-data/load';
import { leadProviders } from '../schema';
import { seedSandbox, type SandboxSeedOptions, type SeededLeadProvider } from './sandbox';

/** True when no lead provider exists yet: the signal to seed a development or sandbox database. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(leadProviders);
  return (row?.n ?? 0) === 0;
}

/** Reference data, then the deterministic sandbox data set. */
export async function seedDatabase(db: Db, options: SandboxSeedOptions): Promise<SeededLeadProvider[]> {
  await loadReferenceData(db, options.now);
  return seedSandbox(db, options);
}
