import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountGroupList, ConsoleStatus } from '../../domain/console-api';
import { loadConfig } from '../config';
import { startConsole, type RunningConsole } from '../console-server';
import { createLogger } from '../logger';
import { startHarness, type Harness } from '../testing/console-harness';

// /api/status tells staff what they are looking at: sandbox data or their tenant, and which host.

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('/api/status on a live tenant', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('says live and names the Upvest host the console talks to', async () => {
    const { status, body } = (await getJson(`${harness.console.url}/api/status`)) as { status: number; body: ConsoleStatus };
    expect(status).toBe(200);
    expect(body.mode).toBe('live');
    expect(body.upstream).toEqual({ host: new URL(harness.sandbox.url).host, base_url: harness.sandbox.url });
  });
});

describe('/api/status on the embedded sandbox', () => {
  let running: RunningConsole;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', SANDBOX_ACCOUNT_GROUPS: '40', SANDBOX_ACTIVITY_PER_MINUTE: '0', STATIC_DIR: '/nonexistent-static-dir' });
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    running = await startConsole(config, { logger: createLogger('silent', silent), startMirror: false });
  });
  afterAll(() => running.close());

  it('says sandbox, names the loopback sandbox, and lists its groups through the signed path', async () => {
    const sandbox = running.sandbox;
    if (sandbox === null) throw new Error('no embedded sandbox was started');
    const body = (await getJson(`${running.url}/api/status`)).body as ConsoleStatus;
    expect(body.mode).toBe('sandbox');
    expect(body.upstream.base_url).toBe(sandbox.connection.baseUrl);
    expect(body.upstream.host).toMatch(/^127\.0\.0\.1:\d+$/);

    const list = await getJson(`${running.url}/api/account-groups?limit=5`);
    expect(list.status).toBe(200);
    expect((list.body as AccountGroupList).meta).toMatchObject({ total_count: 40, source: 'upstream' });
    // A token was fetched and the list call was signed and accepted by the sandbox's strict verifier.
    expect(sandbox.control.calls().counts).toMatchObject({ token: 1, list: 1, rejected: 0 });
  });
});
