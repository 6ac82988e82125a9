import { getPath } from 'hono/utils/url';

// The successor service (RECT) serves v3 at paths without the `/ecf` segment:
// /api/v3/participants, /api/v3/participants/{id}/defer, /api/v3/schools/{id}, ... Its clients
// must work here unchanged, so those paths are aliases of our v3 operations: the router sees
// the ECF path, so both answer byte for byte the same, through the same middleware. A path
// that already has `/ecf` after the resource is left alone, which is what makes
// `/participants/ecf` the ECF list and never the participant "ecf" (V1-V2.md decision 5).
// The aliases stay out of the v3 operations (the contract test checks those against the
// reference) and are documented as a second path family on each ECF path instead.

/** The v3 resources whose ECF paths have an `/ecf` segment the successor dropped. */
const resources = ['participants', 'partnerships', 'schools', 'unfunded-mentors'];
const successorPath = new RegExp(`^/api/v3/(${resources.join('|')})(?=/|$)(?!/ecf(?:/|$))`);

/** The ECF v3 path a successor path stands for; any other path unchanged. */
export function ecfPathFor(path: string): string {
  return path.replace(successorPath, '/api/v3/$1/ecf');
}

/** The router's path of a request (Hono's `getPath` option): successor paths are routed as their ECF twin. */
export const routingPath = (request: Request) => ecfPathFor(getPath(request));

/** The successor path of an ECF v3 path, or null when the successor kept it. */
export function successorPathFor(ecfPath: string): string | null {
  const match = new RegExp(`^/api/v3/(${resources.join('|')})/ecf(?=/|$)`).exec(ecfPath);
  return match ? ecfPath.replace('/ecf', '') : null;
}

type Document = { info: { description?: string }; paths?: Record<string, Record<string, unknown>> };

/**
 * Notes the second path family in the v3 document: each operation on an ECF path names its
 * successor path in `x-successor-path`, and the description says so. The ECF paths stay the
 * operations (on the operation, not the path item, so tools that read a path item's keys as
 * methods are not misled).
 */
export function documentSuccessorPaths<D>(document: D): D {
  const doc = document as unknown as Document;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const successor = successorPathFor(path);
    if (!successor) continue;
    for (const operation of Object.values(item)) (operation as Record<string, unknown>)['x-successor-path'] = successor;
  }
  doc.info.description = `${doc.info.description ?? ''}\n\nEvery operation under /participants/ecf, /partnerships/ecf, /schools/ecf and /unfunded-mentors/ecf also answers at the same path without /ecf (for example /api/v3/participants/{id}/defer), as the successor service’s v3 does, with exactly the same response. Each such operation names its twin in x-successor-path.`;
  return document;
}
