import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operatorApi } from '../operator';
import { sandboxControlApi } from '../sandbox/routes';
import { createV1Api } from '../v1';
import { createV2Api } from '../v2';
import { createV3Api } from '../v3';
import { buildOpenApiDocument } from './document';

// The OpenAPI documents the guidance site's API reference is generated from. They are written
// into docs/openapi/ and committed, so the docs build needs no running app; a test fails when
// they drift from what the app emits.
//
//   npm run docs:openapi            regenerate docs/openapi/*.json
//   npm run docs:openapi -- --check exit 1 if the committed files differ from the app

/** Where each published document lives, relative to the repository root. */
export const openApiExports = {
  v1: 'docs/openapi/v1.json',
  v2: 'docs/openapi/v2.json',
  v3: 'docs/openapi/v3.json',
  sandbox: 'docs/openapi/sandbox.json',
  operator: 'docs/openapi/operator.json',
} as const;

export type ExportedDocument = keyof typeof openApiExports;

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The document exactly as it is written to disk: stable key order, two-space indent, final newline. */
export function renderOpenApiExport(name: ExportedDocument): string {
  const apis = { v1: createV1Api, v2: createV2Api, v3: createV3Api, sandbox: sandboxControlApi, operator: operatorApi };
  const document = buildOpenApiDocument(name, apis[name]());
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function exportPath(name: ExportedDocument): string {
  return `${root}${openApiExports[name]}`;
}

/** Names of the committed documents that differ from what the app emits now. */
export function driftedExports(): ExportedDocument[] {
  return (Object.keys(openApiExports) as ExportedDocument[]).filter((name) => {
    let committed = '';
    try {
      committed = readFileSync(exportPath(name), 'utf8');
    } catch {
      // missing counts as drifted
    }
    return committed !== renderOpenApiExport(name);
  });
}

function main(args: string[]) {
  if (args.includes('--check')) {
    const drifted = driftedExports();
    if (drifted.length) {
      console.error(`Out of date: ${drifted.map((n) => openApiExports[n]).join(', ')}. Run \`npm run docs:openapi\` and commit the result.`);
      process.exit(1);
    }
    console.log('The OpenAPI documents in docs/openapi/ match the app.');
    return;
  }
  for (const name of Object.keys(openApiExports) as ExportedDocument[]) {
    const file = exportPath(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderOpenApiExport(name));
    console.log(`Wrote ${openApiExports[name]}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
