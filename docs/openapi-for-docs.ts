import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { site } from './src/site';

// The API reference is generated from the OpenAPI documents the app emits (docs/openapi/*.json,
// written by `npm run docs:openapi`). Two presentational changes are made to a copy for the
// reference pages, never to the committed documents:
// - operation ids become `<method>-<path>` slugs, because the contract reuses some ids across
//   operations (`participants` names three of them) and the generator gives each id one page;
// - the servers become the production and sandbox base URLs this build of the site names;
// - tags, which the contract spells inconsistently ("ECF schools", "delivery partners", "ECF
//   Participant"), are shown under the sidebar group names the guidance uses for each resource,
//   in the same order in every version.

type Operation = { operationId?: string; tags?: string[] };
type Document = { servers?: { url: string; description?: string }[]; tags?: { name: string }[]; paths: Record<string, Record<string, Operation>> };

/** The sidebar groups of the reference, in the order they appear in every version. */
export const referenceGroupOrder = [
  'Lead providers', 'Delivery partners', 'Schools', 'Partnerships', 'Participants', 'Participant actions',
  'Transfers', 'Unfunded mentors', 'Declarations', 'Statements', 'Extensions', 'Sandbox control',
] as const;

/** A document's tag → the sidebar group it is shown under (one of referenceGroupOrder). */
export const referenceGroups: Record<string, (typeof referenceGroupOrder)[number]> = {
  'operator: lead providers': 'Lead providers',
  'operator: delivery partners': 'Delivery partners',
  'operator: schools': 'Schools',
  'operator: partnerships': 'Partnerships',
  'operator: participants': 'Participants',
  'operator: statements': 'Statements',
  'delivery partners': 'Delivery partners',
  'ECF schools': 'Schools',
  'ECF partnerships': 'Partnerships',
  'ECF participants': 'Participants',
  'ECF Participant': 'Participant actions',
  'participant transfers': 'Transfers',
  'unfunded mentors': 'Unfunded mentors',
  'Participant declarations': 'Declarations',
  statements: 'Statements',
  Extensions: 'Extensions',
  'sandbox control': 'Sandbox control',
};

/** The keys of a path item that are operations; anything else is an extension (x-successor-path). */
export const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** `put /api/v3/participants/ecf/{id}/defer` → `put-participants-ecf-id-defer` (the page slug). */
export function operationSlug(method: string, path: string): string {
  const rest = path.replace(/^\/api\/[^/]+\//, '').replace(/[{}]/g, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
  return `${method.toLowerCase()}-${rest.toLowerCase()}`;
}

export function documentForDocs(source: string, servers: Document['servers']): Document {
  const document = JSON.parse(readFileSync(source, 'utf8')) as Document;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId = operationSlug(method, path);
      operation.tags = operation.tags?.map((tag) => referenceGroups[tag] ?? tag);
    }
  }
  const used = new Set(Object.values(document.paths).flatMap((item) => methods.flatMap((m) => item[m]?.tags ?? [])));
  document.tags = referenceGroupOrder.filter((name) => used.has(name)).map((name) => ({ name }));
  document.servers = servers;
  return document;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Writes the reference copies under docs/.astro/ (ignored by git) and returns their paths. */
export function writeReferenceDocuments() {
  const dir = here('./.astro/reference-openapi/');
  mkdirSync(dir, { recursive: true });
  const servers = [
    { url: site.productionUrl, description: 'Production' },
    { url: site.sandboxUrl, description: 'Sandbox' },
  ];
  const copies = {
    v1: documentForDocs(here('./openapi/v1.json'), servers),
    v2: documentForDocs(here('./openapi/v2.json'), servers),
    v3: documentForDocs(here('./openapi/v3.json'), servers),
    sandbox: documentForDocs(here('./openapi/sandbox.json'), [{ url: site.sandboxUrl, description: 'Sandbox (not in production)' }]),
    operator: documentForDocs(here('./openapi/operator.json'), servers),
  };
  for (const [name, document] of Object.entries(copies)) writeFileSync(`${dir}${name}.json`, JSON.stringify(document, null, 2));
  return { v1: `${dir}v1.json`, v2: `${dir}v2.json`, v3: `${dir}v3.json`, sandbox: `${dir}sandbox.json`, operator: `${dir}operator.json` };
}
