import { countHit, type RateLimitDecision, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit';

// The Worker's rate limiter. Workers run in many isolates at once, so counters in memory would
// let a client spread its requests across isolates; a Durable Object per key (token id or client
// address) is one counter, worldwide. The Workers Rate Limiting binding cannot express the
// published limit (its period is 10 or 60 seconds; ours is 1000 per 5 minutes).

interface DurableObjectStorageLike {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  deleteAll(): Promise<void>;
  setAlarm(when: number): Promise<void>;
}

interface DurableObjectStateLike {
  storage: DurableObjectStorageLike;
}

interface HitRequest extends RateLimitRule {
  nowMs: number;
}

type Entry = { window: number; count: number };

/** One fixed-window counter. Durable Objects handle one event at a time, so a hit is atomic. */
export class RateLimitCounter {
  private entry: Entry | undefined;
  private loaded = false;

  constructor(private readonly state: DurableObjectStateLike) {}

  async fetch(request: Request): Promise<Response> {
    const hit = (await request.json()) as HitRequest;
    if (!this.loaded) {
      // Stored as well as held, so an object evicted mid-window does not start again at zero.
      this.entry = await this.state.storage.get<Entry>('entry');
      this.loaded = true;
    }
    const { entry, decision } = countHit(this.entry, hit, hit.nowMs);
    if (entry.window !== this.entry?.window) {
      // A counter of a past window is worthless: delete the object's storage once it ends.
      await this.state.storage.setAlarm((entry.window + 1) * hit.windowSeconds * 1000);
    }
    this.entry = entry;
    await this.state.storage.put('entry', entry);
    return Response.json(decision);
  }

  async alarm(): Promise<void> {
    this.entry = undefined;
    await this.state.storage.deleteAll();
  }
}

export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

export function createDurableObjectRateLimiter(namespace: DurableObjectNamespaceLike): RateLimiter {
  return {
    async hit(key, rule, nowMs) {
      const counter = namespace.get(namespace.idFromName(key));
      const res = await counter.fetch('https://rate-limit.internal/hit', {
        method: 'POST',
        body: JSON.stringify({ ...rule, nowMs } satisfies HitRequest),
      });
      return (await res.json()) as RateLimitDecision;
    },
  };
}
