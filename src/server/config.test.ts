import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const LIVE = {
  UPVEST_API_BASE_URL: 'https://sandbox.upvest.co/',
  UPVEST_API_CLIENT_ID: 'client-1',
  UPVEST_API_CLIENT_SECRET: 'very-secret-value',
  UPVEST_API_KEY_ID: 'key-1',
  UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: '/keys/private.pem',
};

function settingOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.setting;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded sandbox on loopback port 3000', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.upvest.mode).toBe('sandbox');
    expect(config.mirror.incrementalIntervalMs).toBe(30_000);
  });

  it('reads live settings with the names of Upvest’s Python client', () => {
    const config = loadConfig({ ...LIVE, UPVEST_API_SCOPES: 'accounts:read, users:read' });
    expect(config.upvest).toMatchObject({
      mode: 'live',
      settings: {
        baseUrl: 'https://sandbox.upvest.co',
        clientId: 'client-1',
        keyId: 'key-1',
        privateKey: { file: '/keys/private.pem' },
        scopes: ['accounts:read', 'users:read'],
      },
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: 'my host' }, 'HOST'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MIRROR_SYNC_INTERVAL_SECONDS: '0' }, 'MIRROR_SYNC_INTERVAL_SECONDS'],
    [{ UPVEST_API_CLIENT_ID: 'x' }, 'UPVEST_API_BASE_URL'],
    [{ ...LIVE, UPVEST_API_BASE_URL: 'not a url' }, 'UPVEST_API_BASE_URL'],
    [{ ...LIVE, UPVEST_API_BASE_URL: 'http://api.upvest.co' }, 'UPVEST_API_BASE_URL'],
    [{ ...LIVE, UPVEST_API_CLIENT_SECRET: '' }, 'UPVEST_API_CLIENT_SECRET'],
    [{ ...LIVE, UPVEST_API_KEY_ID: ' ' }, 'UPVEST_API_KEY_ID'],
    [{ ...LIVE, UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: '' }, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME'],
    [{ ...LIVE, UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64: 'abc' }, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME'],
    [{ ...LIVE, UPVEST_API_SCOPES: 'accounts read' }, 'UPVEST_API_SCOPES'],
    [{ UPVEST_DEADLINE_MS: '10s' }, 'UPVEST_DEADLINE_MS'],
    [{ UPVEST_MAX_CONCURRENCY: '0' }, 'UPVEST_MAX_CONCURRENCY'],
    [{ SHUTDOWN_GRACE_SECONDS: '-1' }, 'SHUTDOWN_GRACE_SECONDS'],
  ])('names the wrong setting in %j', (env, setting) => {
    expect(settingOf(env)).toBe(setting);
  });

  it('applies the limits towards Upvest to the embedded sandbox as well as to a live tenant', () => {
    const limits = { UPVEST_MAX_CONCURRENCY: '3', UPVEST_TIMEOUT_MS: '2000', UPVEST_DEADLINE_MS: '9000' };
    const expected = { maxConcurrency: 3, timeoutMs: 2000, deadlineMs: 9000 };
    expect(loadConfig(limits).upstreamLimits).toEqual(expected);
    expect(loadConfig({ ...LIVE, ...limits }).upstreamLimits).toEqual(expected);
    expect(loadConfig({}).upstreamLimits).toEqual({ maxConcurrency: 8, timeoutMs: 15_000, deadlineMs: 30_000 });
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
  });

  it('allows plain http only for a loopback sandbox', () => {
    const config = loadConfig({ ...LIVE, UPVEST_API_BASE_URL: 'http://127.0.0.1:8080' });
    expect(config.upvest.mode).toBe('live');
  });

  it('never repeats a secret in its messages', () => {
    const secret = 'very-secret-value';
    for (const env of [
      { ...LIVE, UPVEST_API_KEY_ID: '' },
      { ...LIVE, UPVEST_API_SCOPES: '!!' },
      { ...LIVE, PORT: 'x' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (error) {
        expect(String(error)).not.toContain(secret);
      }
    }
  });
});
