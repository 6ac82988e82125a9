import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../api/http/node-listen';
import { createLeadProvider, type LeadProviderFixture } from '../support/factories';
import { createHarness, readJson, type Harness } from '../support/harness';

let h: Harness;
let lp: LeadProviderFixture;
let server: ServerType;
let port: number;

beforeAll(async () => {
  h = await createHarness();
  lp = await createLeadProvider(h.db);
  server = await new Promise<ServerType>((resolve) => {
    const s = listen({ fetch: (req) => h.app.fetch(req), port: 0, hostname: '127.0.0.1', requestTimeoutMs: 1000, onListening: () => resolve(s) });
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.close();
});

/** Sends raw bytes (what no HTTP client library would send) and reads the whole answer. */
function raw(bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => { data += chunk.toString(); });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
    socket.write(bytes);
  });
}

describe('answers Node itself gives, in the contract’s error shape', () => {
  it('a request that is not HTTP: 400', async () => {
    const res = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.headers).toContain('Content-Type: application/vnd.api+json');
    expect(JSON.parse(res.body)).toEqual({ errors: [{ title: 'Bad Request', detail: expect.any(String) }] });
  });

  it('headers too large: 431', async () => {
    const res = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body).errors[0].title).toBe('Request Header Fields Too Large');
  });

  it('a request that never finishes arriving: 408', async () => {
    const res = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).errors[0].title).toBe('Request Timeout');
  }, 10_000);

  it('still serves well-formed requests', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('a known path with the wrong method', () => {
  it('is a 405 naming the methods it takes in Allow, on the API and elsewhere', async () => {
    const put = await h.request('/api/v3/statements', { method: 'PUT', token: lp.token });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('GET, HEAD');
    expect(await readJson(put)).toEqual({ errors: [{ title: 'Method not allowed', detail: expect.stringContaining('Use GET, HEAD') }] });
    const post = await h.request(`/api/v3/participant-declarations/${crypto.randomUUID()}`, { method: 'POST', token: lp.token });
    expect(post.status).toBe(405);
    expect(post.headers.get('Allow')).toBe('GET, HEAD');
    const get = await h.request(`/api/v3/participants/ecf/${crypto.randomUUID()}/defer`, { token: lp.token });
    expect(get.headers.get('Allow')).toBe('PUT');
    const health = await h.request('/healthz', { method: 'DELETE' });
    expect(health.status).toBe(405);
  });

  it('an unknown path is still a 404, and an unauthenticated API call still a 401', async () => {
    expect((await h.request('/api/v3/nothing-here', { token: lp.token })).status).toBe(404);
    expect((await h.request('/api/v3/statements', { method: 'PUT' })).status).toBe(401);
  });
});
