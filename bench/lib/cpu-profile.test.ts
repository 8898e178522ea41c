import { describe, expect, it } from 'vitest';
import { moduleOf, summarizeProfile } from './cpu-profile';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('summarizeProfile', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '') },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('serialize', 'file:///repo/node_modules/fastify/lib/reply.js', 9) },
      { id: 4, callFrame: frame('signRequest', 'file:///repo/src/upvest/sign-request.ts', 79) },
      { id: 5, callFrame: frame('(garbage collector)', '') },
    ],
    samples: [2, 3, 4, 3, 5, 2],
    timeDeltas: [5000, 1000, 2000, 1000, 500, 9000],
    startTime: 0,
    endTime: 20_000,
  };
  const summary = summarizeProfile(profile);

  it('charges each sample its time delta and leaves idle time out', () => {
    expect(summary.busyMs).toBe(4.5);
    expect(summary.wallMs).toBe(20);
    expect(summary.functions[0]).toEqual({ name: 'serialize fastify/lib/reply.js:10', selfMs: 2, percent: (2 / 4.5) * 100 });
  });

  it('groups by package or source file', () => {
    expect(summary.modules.map((entry) => entry.name)).toEqual(['fastify', 'src/upvest/sign-request.ts', '(garbage collector)']);
  });
});

describe('moduleOf', () => {
  it('keeps the scope of a scoped package and names Node internals', () => {
    expect(moduleOf('file:///r/node_modules/@fastify/helmet/index.js', 'f')).toBe('@fastify/helmet');
    expect(moduleOf('node:internal/streams/readable', 'f')).toBe('node internals');
    expect(moduleOf('', 'JSONStringify')).toBe('(native)');
  });
});
