import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/server/auth/password-hash';
import { addUser } from '../../src/server/auth/users-file';
import { PASSWORD_USER } from './auth-servers';

// `tsx e2e/support/console-with-users.ts`: writes a fresh users file with the test person, then starts the
// console exactly as `npm start` does (src/server/main.ts), with AUTH_USERS_FILE pointing at it.
const directory = await mkdtemp(join(tmpdir(), 'agc-e2e-users-'));
const usersFile = join(directory, 'users.json');
await addUser(
  usersFile,
  { username: PASSWORD_USER.username, name: PASSWORD_USER.name, email: PASSWORD_USER.email, password: await hashPassword(PASSWORD_USER.password) },
  { replace: false },
);
process.env.AUTH_USERS_FILE = usersFile;
process.once('exit', () => {
  rmSync(directory, { recursive: true, force: true });
});
await import('../../src/server/main');
