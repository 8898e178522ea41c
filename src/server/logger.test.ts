import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { auditLogger, createLogger } from './logger';

function capture(): { lines: Record<string, unknown>[]; sink: Writable } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { lines, sink };
}

describe('audit logger', () => {
  it.each(['silent', 'fatal', 'error', 'warn'] as const)('writes audit lines at LOG_LEVEL=%s, and nothing else', (level) => {
    const { lines, sink } = capture();
    const logger = createLogger(level, sink);
    logger.info('an ordinary info line');
    auditLogger(logger.child({ reqId: 'request-1' })).info({ audit: { event: 'account_group.viewed' } }, 'audit: account_group.viewed');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        service: 'account-groups-console',
        reqId: 'request-1',
        audit: { event: 'account_group.viewed' },
        msg: 'audit: account_group.viewed',
      }),
    ]);
  });

  it('redacts secrets like the console logger', () => {
    const { lines, sink } = capture();
    auditLogger(createLogger('silent', sink)).info({ audit: { password: 'hunter2-hunter2', client_secret: 'abc' }, headers: { cookie: 'agc_session=x' } });
    expect(lines[0]).toMatchObject({ audit: { password: '[redacted]', client_secret: '[redacted]' }, headers: { cookie: '[redacted]' } });
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|agc_session/);
  });
});
