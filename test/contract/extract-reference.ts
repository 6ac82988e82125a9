// Regenerates test/contract/reference/v*.shape.json from the reference OpenAPI documents:
//   npx tsx test/contract/extract-reference.ts ../shared/reference/openapi
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractShape } from './shape';

const source = process.argv[2] ?? '../shared/reference/openapi';
for (const version of ['v1', 'v2', 'v3']) {
  const doc = JSON.parse(readFileSync(join(source, `${version}.json`), 'utf8'));
  const target = new URL(`./reference/${version}.shape.json`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(contractShape(doc), null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
