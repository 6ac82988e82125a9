import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { embeddedServerPragmas } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import type { RequestContext } from '../../api/context';
import { listParticipants } from '../../api/services/participants/list-participants';
import { listDeclarations } from '../../api/services/declarations/list-declarations';

// Correctness check for the list queries (not part of npm test): compares pages of this tree's
// services with another tree's (e.g. a copy of the code before an optimisation), on one database.
//   npx tsx test/bench/check.ts --database file:... --other /path/to/other/tree [--lead-provider <id>]

const { values: args } = parseArgs({ options: { database: { type: 'string' }, other: { type: 'string' }, 'lead-provider': { type: 'string' }, pages: { type: 'string', default: '100:1,100:2,2000:1,2000:2,3000:20' } } });
if (!args.database || !args.other) throw new Error('usage: npx tsx test/bench/check.ts --database file:... --other /path/to/other/tree');
const { db, client } = connectLibsql(args.database!);
// The Node host's settings (api/server.ts).
for (const pragma of embeddedServerPragmas) await client.execute(`PRAGMA ${pragma}`);
const other = {
  participants: (await import(`${args.other}/api/services/participants/list-participants.ts`)) as { listParticipants: typeof listParticipants },
  declarations: (await import(`${args.other}/api/services/declarations/list-declarations.ts`)) as { listDeclarations: typeof listDeclarations },
};
const lpId = args['lead-provider'] ?? String((await client.execute('SELECT lead_provider_id AS id, count(*) n FROM participant_declarations GROUP BY 1 ORDER BY n DESC LIMIT 1')).rows[0]!.id);
const ctx = { db, now: new Date(), leadProvider: { id: lpId, name: 'x' }, config: {} } as unknown as RequestContext;
const since = new Date(Number((await client.execute({ sql: 'SELECT api_updated_at AS t FROM users ORDER BY api_updated_at LIMIT 1 OFFSET (SELECT count(*) / 2 FROM users)' })).rows[0]!.t));
let failures = 0;
for (const spec of args.pages!.split(',')) {
  const [perPage, page] = spec.split(':').map(Number) as [number, number];
  for (const updatedSince of [null, since]) {
    const p = { perPage, page, offset: (page - 1) * perPage };
    const pInput = { cohortYears: null, trainingStatus: null, updatedSince, fromParticipantId: null, sort: undefined, page: p };
    let t = performance.now();
    const mine = await listParticipants(ctx, pInput);
    const tMine = performance.now() - t;
    t = performance.now();
    const theirs = await other.participants.listParticipants(ctx, pInput);
    const tTheirs = performance.now() - t;
    const same = isDeepStrictEqual(mine, theirs);
    if (!same) failures++;
    console.log(`participants ${spec} since=${Boolean(updatedSince)}: ${mine.length} rows ${same ? 'same' : 'DIFFERENT'} (${tMine.toFixed(0)} ms vs ${tTheirs.toFixed(0)} ms)`);
    const dInput = { cohortYears: null, participantIds: null, deliveryPartnerIds: null, updatedSince, page: p };
    t = performance.now();
    const dMine = await listDeclarations(ctx, dInput);
    const tdMine = performance.now() - t;
    t = performance.now();
    const dTheirs = await other.declarations.listDeclarations(ctx, dInput);
    const tdTheirs = performance.now() - t;
    const dSame = isDeepStrictEqual(dMine, dTheirs);
    if (!dSame) failures++;
    console.log(`declarations ${spec} since=${Boolean(updatedSince)}: ${dMine.length} rows ${dSame ? 'same' : 'DIFFERENT'} (${tdMine.toFixed(0)} ms vs ${tdTheirs.toFixed(0)} ms)`);
  }
}
client.close();
process.exit(failures ? 1 : 0);
