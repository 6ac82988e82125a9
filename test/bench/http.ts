import { Agent, request } from 'node:http';

// A small HTTP load generator on node:http with keep-alive: cheaper per request than fetch, so
// on a 2-core machine the client takes as little CPU from the server as it can.

export interface HttpResult {
  status: number;
  body: Buffer;
  ms: number;
}

export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly base: URL, private readonly headers: Record<string, string>, sockets = 32) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpResult> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request({
        host: this.base.hostname, port: this.base.port, path, method, agent: this.agent,
        headers: {
          ...this.headers, ...extraHeaders,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string) {
    return this.send('GET', path);
  }

  close() {
    this.agent.destroy();
  }
}

export interface Stats {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Requests (or operations) per second over the measurement. */
  perSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function stats(durations: number[], elapsedMs: number): Stats {
  const sorted = [...durations].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : NaN,
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    perSecond: elapsedMs > 0 ? (sorted.length / elapsedMs) * 1000 : NaN,
  };
}

export interface MeasureOptions {
  seconds: number;
  minSamples: number;
  maxSamples: number;
  warmup: number;
  concurrency?: number;
}

/**
 * Calls `op` (which returns its own duration in ms) over and over, `concurrency` at a time, until
 * both `seconds` have passed and `minSamples` were taken (or `maxSamples` were). Warm-up calls
 * are not counted.
 */
export async function measure(op: () => Promise<number>, o: MeasureOptions): Promise<Stats> {
  for (let i = 0; i < o.warmup; i++) await op();
  const durations: number[] = [];
  const started = performance.now();
  let issued = 0;
  const more = () => issued < o.maxSamples && (issued < o.minSamples || performance.now() - started < o.seconds * 1000);
  const worker = async () => {
    while (more()) {
      issued++;
      durations.push(await op());
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 1 }, worker));
  return stats(durations, performance.now() - started);
}
