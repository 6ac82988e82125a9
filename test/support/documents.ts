import { readJson, type Harness, type Json } from './harness';
import { HTTP_METHODS } from './openapi-operations';

// The route lists shared suites run over, read from the app's own OpenAPI documents, so a new
// route or a new version is covered without editing them. v3's successor paths (without /ecf)
// are listed too, from the `x-successor-path` of each ECF operation.

/** The lead provider API's documents, oldest version first. */
export const API_DOCUMENTS = ['v1', 'v2', 'v3'] as const;

export interface DocumentedOperation {
  document: string;
  method: string;
  path: string;
  /** The operation's OpenAPI object (for request bodies). */
  operation: Json;
  /** True for a successor (RECT) alias of a v3 ECF path. */
  successor: boolean;
}

export async function documentedOperations(h: Pick<Harness, 'request'>, documents: readonly string[] = API_DOCUMENTS): Promise<DocumentedOperation[]> {
  const out: DocumentedOperation[] = [];
  for (const document of documents) {
    const json = await readJson(await h.request(`/api-docs/${document}/openapi.json`));
    for (const [path, item] of Object.entries(json.paths as Record<string, Record<string, Json>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
        const successor = typeof operation['x-successor-path'] === 'string' ? operation['x-successor-path'] as string : null;
        out.push({ document, method: method.toUpperCase(), path, operation, successor: false });
        if (successor) out.push({ document, method: method.toUpperCase(), path: successor, operation, successor: true });
      }
    }
  }
  return out;
}
