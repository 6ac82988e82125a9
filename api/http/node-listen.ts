import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import { JSON_API } from './envelope';

// Node answers some broken requests itself, before the app sees them (malformed request line,
// headers too large, a request that never finishes): by default as bare text. Clients parse our
// errors as JSON, so these get the contract's shape too.

const reasons: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

export function clientErrorResponse(code: string | undefined): { status: number; body: string } {
  const [status, detail] = code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'The request headers are too large. Send fewer or shorter headers (cookies, for example).']
    : code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long to arrive. Send it again.']
      : [400, 'The request is not valid HTTP. Check the request line and headers.'];
  const title = reasons[status]!;
  return { status, body: JSON.stringify({ errors: [{ title, detail }] }) };
}

export function answerClientErrors(server: Server) {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection the client has already dropped, or one mid-response, cannot take an answer.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, body } = clientErrorResponse(err.code);
    socket.end(
      `HTTP/1.1 ${status} ${reasons[status]}\r\nContent-Type: ${JSON_API}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

export interface ListenOptions {
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  port: number;
  hostname: string;
  requestTimeoutMs: number;
  onListening?: (info: { port: number }) => void;
}

/** The Node host's HTTP server: the app, timeouts for slow clients, and errors in our shape. */
export function listen(opts: ListenOptions): ServerType {
  const server = serve({
    fetch: opts.fetch, port: opts.port, hostname: opts.hostname,
    // A client that sends its request slowly, or never finishes its body, is cut off rather than
    // holding a connection (and memory) for ever; timeouts are checked every second.
    serverOptions: {
      requestTimeout: opts.requestTimeoutMs,
      headersTimeout: Math.min(opts.requestTimeoutMs, 20_000),
      connectionsCheckingInterval: 1000,
    },
  }, opts.onListening);
  answerClientErrors(server as Server);
  return server;
}
