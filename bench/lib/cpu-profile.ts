import { readFileSync } from 'node:fs';

/**
 * Where a V8 CPU profile (`node --cpu-prof`) spent its time: self time per function and per module
 * (a node_modules package, one of our source files, or Node's internals), idle time left out.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  /** Share of the busy (non-idle) time, %. */
  percent: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  functions: ProfileEntry[];
  modules: ProfileEntry[];
}

export function summarizeCpuProfile(file: string, top = 15): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; it is charged to the sample, as Chrome DevTools does.
  profile.samples.forEach((id, index) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of selfByNode) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') continue;
    busy += micros;
    const where = frame.url === '' ? '' : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName === '' ? '(anonymous)' : frame.functionName}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
    const module = moduleOf(frame.url, frame.functionName);
    modules.set(module, (modules.get(module) ?? 0) + micros);
  }
  const entries = (totals: Map<string, number>): ProfileEntry[] =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, percent: busy === 0 ? 0 : (micros / busy) * 100 }));
  return { wallMs: (profile.endTime - profile.startTime) / 1000, busyMs: busy / 1000, functions: entries(functions), modules: entries(modules) };
}

/** `file:///…/node_modules/fastify/lib/reply.js` → `fastify/lib/reply.js`; our files relative to the repository. */
function shortUrl(url: string): string {
  const modulesAt = url.lastIndexOf('/node_modules/');
  if (modulesAt !== -1) return url.slice(modulesAt + '/node_modules/'.length);
  const srcAt = url.lastIndexOf('/src/');
  if (srcAt !== -1) return url.slice(srcAt + 1);
  return url.replace(/^file:\/\//, '');
}

export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modulesAt = url.lastIndexOf('/node_modules/');
  if (modulesAt !== -1) {
    const parts = url.slice(modulesAt + '/node_modules/'.length).split('/');
    return (parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : parts[0]) ?? url;
  }
  const srcAt = url.lastIndexOf('/src/');
  return srcAt === -1 ? shortUrl(url) : url.slice(srcAt + 1);
}
