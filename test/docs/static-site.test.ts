import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { configSchema } from '../../api/env';
import { createMemoryRateLimiter } from '../../api/middleware/rate-limit';
import { chooseEncoding, staticSite } from '../../api/static-site';
import { createHarness, type Harness } from '../support/harness';

// How the Node host serves the built guidance site (api/static-site.ts): its own 404 page for
// unknown addresses under /api-reference/, year-long caching for content-hashed files, and
// Brotli or gzip for text. A small site is written to a temp folder, shaped like docs/dist.

let h: Harness;
let root: string;
let app: ReturnType<typeof createApp>;
const css = `.govuk-body{color:#0b0c0c}\n`.repeat(200);

beforeAll(async () => {
  h = await createHarness();
  root = mkdtempSync(join(tmpdir(), 'lpapi-static-'));
  mkdirSync(join(root, 'api-reference/_astro'), { recursive: true });
  mkdirSync(join(root, 'api-reference/help'), { recursive: true });
  writeFileSync(join(root, 'api-reference/404.html'), '<!doctype html><title>Page not found</title><h1>Page not found</h1>');
  writeFileSync(join(root, 'api-reference/help/index.html'), `<!doctype html><title>Get help</title>${'<p>Help</p>'.repeat(100)}`);
  writeFileSync(join(root, 'api-reference/_astro/site.B1a2C3d4.css'), css);
  const config = configSchema.parse({ APP_ENV: 'test' });
  const site = staticSite(root);
  app = createApp({
    db: h.db, config, clock: () => h.clock.now, rateLimiter: createMemoryRateLimiter(),
    staticFiles: site.staticFiles, docsNotFoundPage: site.docsNotFoundPage,
  });
});
afterAll(() => {
  h?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the guidance site on Node', () => {
  it('answers an unknown address under /api-reference/ with the site’s 404 page, and others with the API’s JSON', async () => {
    for (const path of ['/api-reference/no-such-page/', '/api-reference/reference/v3/operations/get-nothing/', '/api-reference/ecf/guidance.htm']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(await res.text(), path).toContain('<h1>Page not found</h1>');
    }
    const api = await app.request('/nothing-here');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('json');
    expect(((await api.json()) as { errors: { title: string }[] }).errors[0]!.title).toBe('Resource not found');
  });

  it('lets browsers keep content-hashed files for a year, and revalidate pages', async () => {
    const asset = await app.request('/api-reference/_astro/site.B1a2C3d4.css');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const page = await app.request('/api-reference/help/');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  });

  it('compresses text with Brotli or gzip, as the browser accepts', async () => {
    const path = '/api-reference/_astro/site.B1a2C3d4.css';
    const br = await app.request(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(css.length / 5);
    expect(brotliDecompressSync(brBody).toString()).toBe(css);
    const gz = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(css);
    const plain = await app.request(path);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(css);
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
  });
});
