import type { APIRoute, GetStaticPaths } from 'astro';
import { stringify } from 'yaml';

// /api-reference/openapi/<document>.json and .yaml: the OpenAPI documents the reference pages are
// generated from (docs/openapi/, exactly as the app emits them), to download from every reference
// page. A running deployment also serves them at /api-docs/<document>/openapi.json, with its own
// address first in `servers`.

export const referenceDocuments = ['v1', 'v2', 'v3', 'sandbox', 'operator'] as const;

// Bundled as text at build time (the page's own module moves when Astro bundles it).
const sources = import.meta.glob<string>('../../../openapi/*.json', { query: '?raw', import: 'default', eager: true });
const source = (name: string) => {
  const text = sources[`../../../openapi/${name}.json`];
  if (text === undefined) throw new Error(`docs/openapi/${name}.json is missing: run npm run docs:openapi`);
  return text;
};

export const getStaticPaths = (() => referenceDocuments.flatMap((name) => [
  { params: { file: `${name}.json` }, props: { name, format: 'json' as const } },
  { params: { file: `${name}.yaml` }, props: { name, format: 'yaml' as const } },
])) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { name, format } = props as { name: string; format: 'json' | 'yaml' };
  const json = source(name);
  return format === 'json'
    ? new Response(json, { headers: { 'Content-Type': 'application/json; charset=utf-8' } })
    : new Response(stringify(JSON.parse(json)), { headers: { 'Content-Type': 'application/yaml; charset=utf-8' } });
};
