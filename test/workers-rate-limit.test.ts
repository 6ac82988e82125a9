import { describe, expect, it } from 'vitest';
import { createDurableObjectRateLimiter, RateLimitCounter } from '../api/workers/rate-limit-counter';

/** Durable Object storage as workerd keeps it: it outlives any one instance of the object. */
function fakeStorage() {
  const data = new Map<string, unknown>();
  let alarm: number | null = null;
  return {
    data, alarm: () => alarm,
    storage: {
      get: async <T>(key: string) => data.get(key) as T | undefined,
      put: async (key: string, value: unknown) => { data.set(key, structuredClone(value)); },
      deleteAll: async () => { data.clear(); },
      setAlarm: async (when: number) => { alarm = when; },
    },
  };
}

/** A namespace whose objects are re-created for every call (as after eviction), over one storage per name. */
function evictingNamespace() {
  const storages = new Map<string, ReturnType<typeof fakeStorage>>();
  return {
    storages,
    idFromName: (name: string) => name,
    get: (id: unknown) => {
      const s = storages.get(id as string) ?? fakeStorage();
      storages.set(id as string, s);
      return { fetch: (input: string, init?: RequestInit) => new RateLimitCounter(s).fetch(new Request(input, init)) };
    },
  };
}

describe('the Workers rate limiter (Durable Object)', () => {
  const rule = { limit: 2, windowSeconds: 300 };

  it('keeps counting across instances of the object, per key', async () => {
    const ns = evictingNamespace();
    const limiter = createDurableObjectRateLimiter(ns);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await limiter.hit('token:a', rule, 1_000 + i)).allowed);
    expect(results).toEqual([true, true, false]);
    expect((await limiter.hit('token:b', rule, 2_000)).allowed).toBe(true);
    expect((await limiter.hit('token:a', rule, 300_000)).allowed).toBe(true);
  });

  it('sets an alarm at the end of the window that deletes the stored counter', async () => {
    const s = fakeStorage();
    const counter = new RateLimitCounter(s);
    const hit = () => counter.fetch(new Request('https://x/hit', { method: 'POST', body: JSON.stringify({ ...rule, nowMs: 10_000 }) }));
    expect(await (await hit()).json()).toMatchObject({ allowed: true });
    expect(s.alarm()).toBe(300_000);
    await counter.alarm();
    expect(s.data.size).toBe(0);
    expect(await (await hit()).json()).toMatchObject({ allowed: true });
  });
});
