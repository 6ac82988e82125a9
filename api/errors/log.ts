import type { Context } from 'hono';

// One log line per unexpected error, for operators. A failed query's message ends with its bound
// values ("params: ..."), which hold emails, names and ids, so everything from there on is cut;
// stacks are not logged (they repeat the message).
const withoutParams = (text: unknown) => String(text ?? '').split('\nparams:')[0]!.slice(0, 500);

export function logUnexpectedError(c: Context, err: unknown) {
  console.error(JSON.stringify({
    level: 'error', requestId: c.get('requestId') as string | undefined, method: c.req.method, path: c.req.path,
    message: withoutParams((err as Error)?.message ?? err), cause: withoutParams(((err as Error)?.cause as Error | undefined)?.message),
  }));
}
