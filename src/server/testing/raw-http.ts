import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the server closed the connection without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as given (what fetch and undici refuse to send: absolute-form targets, CONNECT,
 * missing Host, malformed headers) and reads the first answer: until its Content-Length is in, the server
 * closes, or `idleMs` pass without data.
 */
export function sendRaw(url: string, request: string | Buffer, idleMs = 500): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(chunks).toString('latin1')));
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (isComplete(Buffer.concat(chunks).toString('latin1'))) finish();
      else arm();
    });
    socket.once('close', finish);
    socket.once('error', finish);
    socket.write(request);
    arm();
  });
}

function isComplete(text: string): boolean {
  const headerEnd = text.indexOf('\r\n\r\n');
  if (headerEnd === -1) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, headerEnd))?.[1];
  return length !== undefined && Buffer.byteLength(text.slice(headerEnd + 4), 'latin1') >= Number(length);
}

function parseAnswer(text: string): RawAnswer {
  const headerEnd = text.indexOf('\r\n\r\n');
  if (headerEnd === -1) return { status: 0, headers: {}, body: '' };
  const [statusLine = '', ...headerLines] = text.slice(0, headerEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(headerEnd + 4);
  const length = headers['content-length'];
  if (length !== undefined) body = body.slice(0, Number(length));
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}
