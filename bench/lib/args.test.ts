import { describe, expect, it } from 'vitest';
import { BenchArgsError, parseBenchArgs } from './args';
import { SECTION_NAMES } from './section';

describe('parseBenchArgs', () => {
  it('runs every section, full size, by default', () => {
    expect(parseBenchArgs([])).toEqual({ sections: [...SECTION_NAMES], quick: false, cpuProf: false, consoleNodeOptions: [], waitQuietMinutes: 0, help: false });
  });

  it('takes a comma-separated --only, in the bench order whatever the order asked', () => {
    expect(parseBenchArgs(['--only', 'load,signing']).sections).toEqual(['signing', 'load']);
    expect(parseBenchArgs(['--only=pass-through', '--only', 'spa', '--quick', '--cpu-prof'])).toEqual({
      sections: ['pass-through', 'spa'],
      quick: true,
      cpuProf: true,
      consoleNodeOptions: [],
      waitQuietMinutes: 0,
      help: false,
    });
  });

  it('names an unknown section and lists the valid ones', () => {
    expect(() => parseBenchArgs(['--only', 'signing,mirror'])).toThrow(/unknown section "mirror".*mirror-scale/);
  });

  it('takes --wait-quiet in minutes and refuses anything else', () => {
    expect(parseBenchArgs(['--wait-quiet', '2.5']).waitQuietMinutes).toBe(2.5);
    expect(() => parseBenchArgs(['--wait-quiet', 'soon'])).toThrow(/--wait-quiet/);
    expect(() => parseBenchArgs(['--wait-quiet', '-1'])).toThrow(BenchArgsError);
  });

  it('passes Node options to the console children, one per flag, and refuses anything else', () => {
    expect(parseBenchArgs(['--console-node-option=--max-old-space-size=640', '--console-node-option=--trace-gc']).consoleNodeOptions).toEqual([
      '--max-old-space-size=640',
      '--trace-gc',
    ]);
    expect(() => parseBenchArgs(['--console-node-option=rm -rf'])).toThrow(/--console-node-option/);
  });

  it('refuses an empty --only and unknown flags', () => {
    expect(() => parseBenchArgs(['--only', ','])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchArgsError);
  });
});
