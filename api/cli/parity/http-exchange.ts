import { parse as parseCsv } from 'csv-parse/sync';

// One request to one deployment, timed, with its body read in a comparable form: JSON as is, a
// CSV file as one object per row keyed by its header (so exclusions name columns), anything else
// as text.

export type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'csv'; value: Record<string, string>[] }
  | { kind: 'text'; value: string };

export interface Exchange {
  url: string;
  /** 0 when no answer came (the error says why). */
  status: number;
  /** From sending the request to the last byte of the body, rate-limit waits excluded. */
  ms: number;
  body: Body;
  error?: string;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  token: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface SendOptions {
  fetch?: typeof fetch;
  /** Waits at most this long for a 429's Retry-After before giving up (the run may be long). */
  maxRetryWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_429_RETRIES = 3;

export async function send(request: OutgoingRequest, options: SendOptions = {}): Promise<Exchange> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const headers: Record<string, string> = {
    Accept: 'application/json, text/csv',
    Authorization: `Bearer ${request.token}`,
    ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...request.headers,
  };
  for (let attempt = 0; ; attempt++) {
    const started = performance.now();
    try {
      const res = await doFetch(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      // A rate limit is about our pace, not about parity: wait as told, then ask again.
      const wait = Number(res.headers.get('retry-after'));
      if (res.status === 429 && attempt < MAX_429_RETRIES && Number.isFinite(wait) && wait <= (options.maxRetryWaitSeconds ?? 60)) {
        await sleep(Math.max(wait, 1) * 1000);
        continue;
      }
      return { url: request.url, status: res.status, ms, body: readBody(text, res.headers.get('content-type') ?? '') };
    } catch (err) {
      return { url: request.url, status: 0, ms: performance.now() - started, body: { kind: 'text', value: '' }, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

export function readBody(text: string, contentType: string): Body {
  if (/json/i.test(contentType) || (!contentType && /^\s*[[{]/.test(text))) {
    try {
      return { kind: 'json', value: text === '' ? null : JSON.parse(text) };
    } catch {
      return { kind: 'text', value: text };
    }
  }
  if (/text\/csv/i.test(contentType)) {
    try {
      return { kind: 'csv', value: parseCsv(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[] };
    } catch {
      return { kind: 'text', value: text };
    }
  }
  return { kind: 'text', value: text };
}

/** Rows on a JSON:API list page (`data` array), or null when the body is not one. */
export function pageLength(body: Body): number | null {
  if (body.kind !== 'json' || body.value === null || typeof body.value !== 'object') return null;
  const data = (body.value as { data?: unknown }).data;
  return Array.isArray(data) ? data.length : null;
}
