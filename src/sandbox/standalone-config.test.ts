import { describe, expect, it } from 'vitest';
import { parseStandaloneConfig, StandaloneConfigError } from './standalone-config';

describe('parseStandaloneConfig', () => {
  it('has the documented defaults', () => {
    expect(parseStandaloneConfig({}, [])).toEqual({
      host: '127.0.0.1',
      port: 8080,
      controlPort: 8081,
      clientId: null,
      clientSecret: null,
      keys: null,
      generatedKeyId: null,
      accountGroups: 2500,
      seed: 1,
      activityPerMinute: null,
      help: false,
    });
  });

  it('reads the environment, and flags override it', () => {
    const config = parseStandaloneConfig(
      {
        SANDBOX_PORT: '9000',
        SANDBOX_CLIENT_ID: 'client',
        SANDBOX_CLIENT_SECRET: 'secret',
        SANDBOX_KEY_ID: 'a, b',
        SANDBOX_PUBLIC_KEY_FILE: '/k/a.pem,/k/b.pem',
        SANDBOX_ACCOUNT_GROUPS: '1000000',
        SANDBOX_SEED: '7',
        SANDBOX_ACTIVITY_PER_MINUTE: '12.5',
      },
      ['--groups', '10', '--seed=8', '--control-port', '9100'],
    );
    expect(config).toMatchObject({
      port: 9000,
      controlPort: 9100,
      clientId: 'client',
      clientSecret: 'secret',
      keys: [
        { keyId: 'a', publicKeyFile: '/k/a.pem' },
        { keyId: 'b', publicKeyFile: '/k/b.pem' },
      ],
      accountGroups: 10,
      seed: 8,
      activityPerMinute: 12.5,
    });
  });

  it('uses a lone SANDBOX_KEY_ID for the generated key', () => {
    expect(parseStandaloneConfig({ SANDBOX_KEY_ID: 'mine' }, [])).toMatchObject({ keys: null, generatedKeyId: 'mine' });
  });

  it.each([
    [{ SANDBOX_PORT: 'abc' }, [], 'SANDBOX_PORT'],
    [{ SANDBOX_PORT: '70000' }, [], 'SANDBOX_PORT'],
    [{ SANDBOX_CONTROL_PORT: '8080' }, [], 'SANDBOX_CONTROL_PORT'],
    [{ SANDBOX_ACCOUNT_GROUPS: '-1' }, [], 'SANDBOX_ACCOUNT_GROUPS'],
    [{ SANDBOX_ACCOUNT_GROUPS: '6000000' }, [], 'SANDBOX_ACCOUNT_GROUPS'],
    [{ SANDBOX_SEED: '1.5' }, [], 'SANDBOX_SEED'],
    [{ SANDBOX_ACTIVITY_PER_MINUTE: 'lots' }, [], 'SANDBOX_ACTIVITY_PER_MINUTE'],
    [{ SANDBOX_KEY_ID: 'a', SANDBOX_PUBLIC_KEY_FILE: 'a.pem,b.pem' }, [], 'SANDBOX_KEY_ID'],
    [{ SANDBOX_PUBLIC_KEY_FILE: 'a.pem' }, [], 'SANDBOX_KEY_ID'],
    [{ SANDBOX_KEY_ID: 'a,,b', SANDBOX_PUBLIC_KEY_FILE: 'a.pem' }, [], 'SANDBOX_KEY_ID'],
    [{}, ['--frobnicate'], '--frobnicate'],
    [{}, ['--port'], '--port'],
  ] as const)('refuses %j %j naming %s', (env, argv, setting) => {
    let caught: unknown;
    try {
      parseStandaloneConfig(env, argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StandaloneConfigError);
    expect((caught as StandaloneConfigError).setting).toBe(setting);
    expect((caught as StandaloneConfigError).message).toContain(setting);
  });
});
