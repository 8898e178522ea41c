import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Upvest in the client's tests: a real HTTP server on 127.0.0.1 that checks nothing,
 * records every request exactly as received (raw request target, headers, body) and answers what the
 * test scripts. It also counts requests in flight, to prove the client's concurrency cap.
 */

export interface RecordedRequest {
  readonly method: string;
  /** The raw request target, exactly as it arrived on the request line. */
  readonly url: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string as it is. */
  readonly body?: unknown;
  /** Waits this long before answering. */
  readonly delayMs?: number;
  /** Sends the headers, then never finishes the body. */
  readonly stallBody?: boolean;
  /** Never answers at all. */
  readonly hang?: boolean;
  /** Drops the connection without an answer. */
  readonly destroy?: boolean;
}

export type Handler = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface ScriptedUpvestServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Most requests the server was handling at the same time. */
  readonly maxInFlight: () => number;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

let requestCounter = 0;

export function tokenResponse(accessToken: string, expiresIn = 1800): ScriptedResponse {
  return {
    status: 200,
    body: { access_token: accessToken, expires_in: expiresIn, token_type: 'bearer', scope: 'accounts:read' },
  };
}

export function problemResponse(status: number, title: string, extra: Readonly<Record<string, string>> = {}): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...extra },
    body: { type: 'https://docs.upvest.co/problems', status, title, detail: `${title} (scripted)` },
  };
}

export async function startScriptedUpvestServer(handler: Handler): Promise<ScriptedUpvestServer> {
  let current = handler;
  let inFlight = 0;
  let maxInFlight = 0;
  const requests: RecordedRequest[] = [];

  const server: Server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    res.on('close', done);

    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url,
        path: url.split('?')[0] ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      void Promise.resolve(current(recorded)).then(async (scripted) => {
        if (scripted.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
        if (scripted.hang === true) return;
        if (scripted.destroy === true) {
          req.socket.destroy();
          return;
        }
        requestCounter += 1;
        const body =
          scripted.body === undefined ? '' : typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body);
        res.writeHead(scripted.status, {
          'content-type': 'application/json',
          'upvest-request-id': `req-${requestCounter}`,
          ...scripted.headers,
        });
        if (scripted.stallBody === true) {
          res.write(body.slice(0, 1));
          return;
        }
        res.end(body);
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    setHandler(next) {
      current = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
