import { connect } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLeadProvider } from '../support/factories';
import { createHarness, readJson } from '../support/harness';

describe('limits', () => {
  it('allows 1000 requests per token in 5 minutes; the 1001st gets a JSON 429 with Retry-After; others and the next window are unaffected', async () => {
    const h = await createHarness();
    try {
      const a = await createLeadProvider(h.db);
      const b = await createLeadProvider(h.db);
      for (let i = 0; i < 1000; i++) {
        const res = await h.request('/api/v3/delivery-partners?page[per_page]=1', { token: a.token });
        if (res.status !== 200) throw new Error(`request ${i + 1} got ${res.status}`);
      }
      const refused = await h.request('/api/v3/delivery-partners', { token: a.token });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toBe('application/vnd.api+json');
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect((await readJson(refused)).errors[0].title).toBe('Too many requests');
      expect((await h.request('/api/v3/delivery-partners', { token: b.token })).status).toBe(200);
      h.clock.now = new Date(h.clock.now.getTime() + 5 * 60 * 1000);
      expect((await h.request('/api/v3/delivery-partners', { token: a.token })).status).toBe(200);
    } finally {
      h.close();
    }
  }, 60_000);

  it('refuses bodies over the limit with 413', async () => {
    const h = await createHarness();
    try {
      const a = await createLeadProvider(h.db);
      const res = await h.request('/api/v3/participant-declarations', { method: 'POST', token: a.token, headers: { 'Content-Type': 'application/json' }, body: `{"data":"${'x'.repeat(1_100_000)}"}` });
      expect(res.status).toBe(413);
    } finally {
      h.close();
    }
  });

  it('never lets authenticated API responses be cached, and sends security headers; HTML pages get a CSP', async () => {
    const h = await createHarness();
    try {
      const a = await createLeadProvider(h.db);
      for (const res of [await h.request('/api/v3/statements', { token: a.token }), await h.request('/api/v3/statements/x', { token: a.token })]) {
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
      const page = await h.request('/sandbox');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      h.close();
    }
  });
});

describe('slow and never-ending request bodies (Node host)', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'lpapi-slow-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('cuts off a client that never finishes its body, and keeps serving others meanwhile', async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    child = spawn(join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'api/server.ts'], {
      cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'slow.db')}`, APP_ENV: 'development', REQUEST_TIMEOUT_MS: '1500' },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 60_000;
    while (!out.includes('listening on') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    const token = /Ambition Institute\s+(\S+)/.exec(out)![1]!;
    const started = Date.now();
    const closed = new Promise<{ ms: number; reply: string }>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /api/v3/participant-declarations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"data":`);
      });
      let reply = '';
      socket.on('data', (d) => (reply += d));
      socket.on('close', () => resolve({ ms: Date.now() - started, reply }));
      socket.on('error', () => undefined);
    });
    // meanwhile the server answers others
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const { ms, reply } = await closed;
    expect(ms).toBeLessThan(10_000);
    expect(reply.slice(0, 40)).toMatch(/^(|HTTP\/1\.1 408.*)$/s);
  }, 90_000);
});
