/**
 * Reads a password for `npm run user:add`: typed at a terminal without echo (asked twice), or the first
 * line of stdin when it is piped (`printf '%s\n' "$PASSWORD" | npm run user:add -- ...`).
 */
export async function readPassword(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) return firstLine(await readAll(input));
  const first = await promptHidden(input, output, 'Password: ');
  const second = await promptHidden(input, output, 'Repeat the password: ');
  if (first !== second) throw new PasswordInputError('The two passwords differ.');
  return first;
}

export class PasswordInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordInputError';
  }
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? '').replace(/\r$/, '');
}

/** Raw mode: each key arrives as typed and nothing is echoed; Enter ends, Backspace erases, Ctrl-C aborts. */
function promptHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, question: string): Promise<string> {
  output.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  let typed = '';
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null): void => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish(null);
          return;
        }
        if (character === '\u0003') {
          finish(new PasswordInputError('Cancelled.'));
          return;
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else if (character >= ' ') typed += character;
      }
    };
    input.on('data', onData);
  });
}
