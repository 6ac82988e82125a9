import type { Client } from '@libsql/client';
import { providerEnrolmentColumns, providerEnrolmentRows } from '../../db/derived/provider-enrolments';

/**
 * Rows where the trigger-kept provider_enrolments differs from a rebuild from scratch (missing,
 * extra or stale): 0 when the triggers kept it right through everything the test did.
 */
export async function providerEnrolmentDrift(client: Client): Promise<number> {
  const expected = providerEnrolmentRows('(SELECT id FROM participant_profiles)');
  const stored = `SELECT ${providerEnrolmentColumns} FROM provider_enrolments`;
  const { rows } = await client.execute(`SELECT
    (SELECT count(*) FROM (${expected} EXCEPT ${stored})) + (SELECT count(*) FROM (${stored} EXCEPT ${expected})) AS n`);
  return Number(rows[0]!.n);
}
