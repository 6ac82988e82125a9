import { operationSlug } from '../openapi-for-docs';
// Imported (not read from disk) so the build bundles it: a bundled module's own location moves.
import v3 from '../openapi/v3.json';

// The previous service's reference page (`reference-v3.html`) had one anchor per operation, the
// path made into a slug plus the method (`#api-v3-participants-ecf-id-defer-put`). Providers
// have those links bookmarked and in their code comments: each maps to our operation page.

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** `/api/v3/participants/ecf/{id}/defer` + `put` → `api-v3-participants-ecf-id-defer-put` (as the old site made them). */
export const legacyAnchor = (method: string, path: string) =>
  `${path.replace(/[{}]/g, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}-${method.toLowerCase()}`;

/** Old anchor → our page, for every v3 operation the app serves. */
export function legacyReferenceAnchors(base: string): Record<string, string> {
  const document = v3 as unknown as { paths: Record<string, Record<string, unknown>> };
  const anchors: Record<string, string> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      if (item[method]) anchors[legacyAnchor(method, path)] = `${base}/reference/v3/operations/${operationSlug(method, path)}/`;
    }
  }
  return anchors;
}
