import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A transparent HTTP proxy between the console and the sandbox, for tests that must see the wire:
 * which secrets travelled (access tokens, signature values) and how many requests Upvest had in flight
 * at once. Requests are forwarded byte for byte (raw header lines, raw target, body), so signatures stay
 * valid; a response cut off or dropped upstream is cut off or dropped towards the console too.
 */
export interface RecordingProxy {
  readonly url: string;
  /** Every access token the token endpoint handed out, and every signature and bearer value sent. */
  traffic(): { accessTokens: string[]; signatures: string[]; bearerTokens: string[]; requests: number };
  /** The most requests that were in flight towards the sandbox at the same time since the last reset. */
  maxInFlight(): number;
  resetStats(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const accessTokens = new Set<string>();
  const signatures = new Set<string>();
  const bearerTokens = new Set<string>();
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    requests += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const finish = (): void => {
      if (!finished) {
        finished = true;
        inFlight -= 1;
      }
    };
    // 'finish' comes before the console can have read the answer (same process, later event-loop turn),
    // so a request the console sends next is never counted together with this one.
    outgoing.once('finish', finish);
    outgoing.once('close', finish);

    const signature = incoming.headers.signature;
    if (typeof signature === 'string') signatures.add(signature);
    const authorization = incoming.headers.authorization;
    if (typeof authorization === 'string') bearerTokens.add(authorization.replace(/^Bearer\s+/i, ''));

    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: withoutHopByHop(incoming.rawHeaders),
        agent,
      },
      (answer) => {
        const isToken = (incoming.url ?? '').startsWith('/auth/token');
        outgoing.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.rawHeaders));
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          if (isToken) chunks.push(chunk);
          outgoing.write(chunk);
        });
        answer.on('end', () => {
          if (isToken) recordToken(Buffer.concat(chunks), accessTokens);
          outgoing.end();
        });
        // Cut off upstream (truncated body, dropped connection): cut off towards the console as well.
        answer.on('aborted', () => outgoing.destroy());
        answer.on('error', () => outgoing.destroy());
      },
    );
    upstream.on('error', () => {
      outgoing.destroy();
    });
    incoming.pipe(upstream);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    traffic: () => ({ accessTokens: [...accessTokens], signatures: [...signatures], bearerTokens: [...bearerTokens], requests }),
    maxInFlight: () => maxInFlight,
    resetStats() {
      maxInFlight = inFlight;
      requests = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function withoutHopByHop(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? '';
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, rawHeaders[index + 1] ?? '');
  }
  return kept;
}

function recordToken(body: Buffer, into: Set<string>): void {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const token = (parsed as Record<string, unknown>).access_token;
      if (typeof token === 'string') into.add(token);
    }
  } catch {
    // A malformed or cut-off token answer carries no usable token.
  }
}
