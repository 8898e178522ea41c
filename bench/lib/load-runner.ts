import type { Dispatcher } from 'undici';
import { summarize, type LatencySummary } from './stats';

/**
 * Closed-loop load: `concurrency` clients, each sending its next request as soon as the previous one
 * answered, for a fixed time. Latency is taken per request with performance.now(), from the call to the
 * last byte of the body, for successful requests; failures are counted by kind.
 */

export type Outcome = { ok: true; bytes?: number } | { ok: false; error: string };

export type Operation = (client: number, sequence: number) => Promise<Outcome>;

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  /** Run first, not measured: opens connections and lets the JIT settle. Default 0. */
  warmupMs?: number;
  operation: Operation;
}

export interface LoadResult {
  concurrency: number;
  /** Wall time of the measured part, from start until the last client finished, seconds. */
  seconds: number;
  /** Requests answered with success. */
  ok: number;
  errors: number;
  /** E.g. `{"HTTP 503": 2, "UND_ERR_SOCKET": 1}`. */
  errorKinds: Record<string, number>;
  /** Successful requests per second. */
  rps: number;
  /** Successful requests, ms. */
  latency: LatencySummary;
  bytes: number;
  /** CPU of this process (the generator) during the measured part, % of one core. */
  generatorCpuPercent: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError('concurrency must be ≥ 1');
  if ((options.warmupMs ?? 0) > 0) await drive(options, options.warmupMs ?? 0, null);

  const samples: number[] = [];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const tally = await drive(options, options.durationMs, samples);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return {
    concurrency: options.concurrency,
    seconds,
    ok: samples.length,
    errors: tally.errors,
    errorKinds: tally.errorKinds,
    rps: samples.length / seconds,
    latency: summarize(samples),
    bytes: tally.bytes,
    generatorCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
  };
}

interface Tally {
  errors: number;
  errorKinds: Record<string, number>;
  bytes: number;
}

async function drive(options: LoadOptions, durationMs: number, samples: number[] | null): Promise<Tally> {
  const tally: Tally = { errors: 0, errorKinds: {}, bytes: 0 };
  const deadline = performance.now() + durationMs;
  let sequence = 0;
  const client = async (id: number): Promise<void> => {
    while (performance.now() < deadline) {
      const start = performance.now();
      let outcome: Outcome;
      try {
        outcome = await options.operation(id, sequence++);
      } catch (error) {
        outcome = { ok: false, error: describeError(error) };
      }
      const elapsed = performance.now() - start;
      if (outcome.ok) {
        samples?.push(elapsed);
        tally.bytes += outcome.bytes ?? 0;
      } else {
        tally.errors += 1;
        tally.errorKinds[outcome.error] = (tally.errorKinds[outcome.error] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => client(id)));
  return tally;
}

/** A GET through `dispatcher` (an undici Pool sized for the load); a status outside 2xx is a failure. */
export function httpGet(dispatcher: Dispatcher, path: (client: number, sequence: number) => string): Operation {
  return async (client, sequence) => {
    const answer = await dispatcher.request({ method: 'GET', path: path(client, sequence) });
    let bytes = 0;
    for await (const chunk of answer.body) bytes += (chunk as Buffer).length;
    return answer.statusCode >= 200 && answer.statusCode < 300 ? { ok: true, bytes } : { ok: false, error: `HTTP ${answer.statusCode}` };
  };
}

export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.name;
  }
  return 'error';
}
