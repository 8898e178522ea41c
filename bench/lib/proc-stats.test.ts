import { describe, expect, it } from 'vitest';
import { parseMachineBusyTicks, parseStatCpuTicks, readCpuSeconds, readProcessMemory, statusKb } from './proc-stats';

describe('/proc parsing', () => {
  it('adds utime and stime, counting fields after the last ")" of the command name', () => {
    // A command name with spaces and a parenthesis must not shift the fields.
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0 1000 123456 789';
    expect(parseStatCpuTicks(stat)).toBe(325);
  });

  it('reads kB fields of /proc/<pid>/status as 10^3 bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  2000 kB\nVmRSS:\t  1000 kB\n';
    expect(statusKb(status, 'VmRSS')).toBe(1024);
    expect(statusKb(status, 'VmHWM')).toBe(2048);
    expect(() => statusKb(status, 'VmSwap')).toThrow(/VmSwap/);
  });

  it('counts busy time of /proc/stat without idle and iowait', () => {
    const stat = 'cpu  100 1 20 5000 7 3 4 2 0 0\ncpu0 50 0 10 2500 3 1 2 1 0 0\n';
    expect(parseMachineBusyTicks(stat)).toBe(100 + 1 + 20 + 3 + 4 + 2);
  });

  it('reads this very process', () => {
    const memory = readProcessMemory(process.pid);
    expect(memory.rssMb).toBeGreaterThan(1);
    expect(memory.peakRssMb).toBeGreaterThanOrEqual(memory.rssMb);
    expect(readCpuSeconds(process.pid)).toBeGreaterThan(0);
  });
});
