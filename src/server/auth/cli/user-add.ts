import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../password-hash';
import { addUser, normaliseUsername, USERNAME_PATTERN, UsersFileError } from '../users-file';
import { PasswordInputError, readPassword } from './read-password';

/**
 * `npm run user:add -- --file users.json --username alice [--name "Alice Doe"] [--email a@x] [--replace]`
 *
 * Adds a person who may sign in with a password. The password is read from the terminal without echo,
 * or from stdin when piped; it never appears on the command line (where `ps` and shell history see it).
 */

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

const USAGE = `Usage: npm run user:add -- --file <users.json> --username <name> [--name "Full Name"] [--email <address>] [--replace]

Adds a user to the console's users file (AUTH_USERS_FILE), asking for the password without echo,
or reading it from the first line of stdin when piped. Passwords need at least ${MIN_PASSWORD_LENGTH} characters.
--file defaults to AUTH_USERS_FILE. The file is written atomically with mode 0600; the console picks up
changes without a restart.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return USAGE;

  const file = values.file ?? process.env.AUTH_USERS_FILE;
  if (file === undefined || file.trim() === '') throw new UsageError('--file is required (or set AUTH_USERS_FILE).');
  if (values.username === undefined) throw new UsageError('--username is required.');
  const username = normaliseUsername(values.username);
  if (!USERNAME_PATTERN.test(username)) {
    throw new UsageError('--username may hold lower-case letters, digits and . _ @ + - (up to 64 characters).');
  }
  const name = values.name?.trim();
  if (name !== undefined && (name === '' || name.length > 200)) throw new UsageError('--name must be 1 to 200 characters.');
  const email = values.email?.trim();
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError('--email is not an e-mail address.');

  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new UsageError(`The password may have at most ${MAX_PASSWORD_LENGTH} characters.`);

  const result = await addUser(
    resolve(file),
    { username, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }), password: await hashPassword(password) },
    { replace: values.replace },
  );
  return `${result === 'added' ? 'Added' : 'Replaced'} user "${username}" in ${resolve(file)}.`;
}

main(process.argv.slice(2)).then(
  (message) => {
    console.log(message);
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof PasswordInputError || error instanceof UsersFileError) {
      console.error(error.message);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error('Could not add the user:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
