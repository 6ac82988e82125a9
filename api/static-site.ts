import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

// Node host only: serves the built static files in docs/dist (the guidance site under
// /api-reference/ and GOV.UK Frontend assets under /assets/govuk/). Workers serve the same files
// with [assets], which compresses and caches them itself.
//
// - Files whose names carry a content hash (Astro's /_astro/ output) never change at that
//   address, so browsers may keep them for a year; everything else is revalidated.
// - Text is sent with Brotli or gzip when the browser accepts it, compressed once per file
//   version and kept in memory (the site is a few MB).

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json',
};
const compressible = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.webmanifest']);

/** Cache-Control for a file: a year for content-hashed files, otherwise revalidate each time. */
export function cacheControlFor(urlPath: string): string {
  if (/\/_astro\//.test(urlPath)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=0, must-revalidate';
}

/** The encoding to send: Brotli, else gzip, else none, by the request's Accept-Encoding. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Map((acceptEncoding ?? '').split(',').map((part) => {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return [name!.trim().toLowerCase(), q === undefined ? 1 : Number(q)] as const;
  }));
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}

async function findFile(root: string, urlPath: string): Promise<{ file: string; mtimeMs: number } | null> {
  let path: string;
  try {
    path = normalize(decodeURIComponent(urlPath));
  } catch {
    return null;
  }
  if (path.split(sep).includes('..')) return null;
  const candidates = [join(root, path), join(root, path, 'index.html')];
  for (const file of candidates) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return { file, mtimeMs: info.mtimeMs };
  }
  return null;
}

export function staticSite(root: string): { staticFiles: MiddlewareHandler; docsNotFoundPage: () => Promise<string | null> } {
  const compressed = new Map<string, Buffer>();
  const staticFiles: MiddlewareHandler = async (c, next) => {
    const found = await findFile(root, c.req.path);
    if (!found) return next();
    const ext = extname(found.file);
    const headers: Record<string, string> = {
      'Content-Type': types[ext] ?? 'application/octet-stream',
      'Cache-Control': cacheControlFor(c.req.path),
    };
    let body: Buffer = await readFile(found.file);
    const encoding = compressible.has(ext) && body.length > 512 ? chooseEncoding(c.req.header('Accept-Encoding')) : null;
    if (compressible.has(ext)) headers.Vary = 'Accept-Encoding';
    if (encoding) {
      const key = `${found.file}:${found.mtimeMs}:${encoding}`;
      let packed: Buffer | undefined = compressed.get(key);
      if (!packed) {
        packed = encoding === 'br'
          ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : gzipSync(body, { level: 9 });
        compressed.set(key, packed);
      }
      body = packed;
      headers['Content-Encoding'] = encoding;
    }
    headers['Content-Length'] = String(body.length);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  };
  const docsNotFoundPage = () => readFile(join(root, 'api-reference', '404.html'), 'utf8').catch(() => null);
  return { staticFiles, docsNotFoundPage };
}
