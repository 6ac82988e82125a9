/** HTTP methods an OpenAPI path item can hold; any other key is an extension (x-successor-path). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of a document as method (upper case) and path template. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): { method: string; path: string }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).filter((k) => (HTTP_METHODS as readonly string[]).includes(k)).map((m) => ({ method: m.toUpperCase(), path })));
}
