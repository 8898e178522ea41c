import type { FastifyInstance } from 'fastify';
import { Activity } from './activity';
import { buildControlApi } from './control-api';
import { createSandboxControl, type SandboxControl } from './sandbox-control';
import { resolveSandboxOptions, type SandboxOptions } from './sandbox-options';
import { SandboxRuntime } from './sandbox-runtime';
import { buildUpvestApi } from './upvest-api';

export type { CallCounts, CallStats, RecordedCall } from './call-log';
export type { GroupInput, GroupPatch, TokenRegistration } from './control-inputs';
export { createEmbeddedSandboxCredentials, type EmbeddedSandboxCredentials } from './embedded-credentials';
export { FAULT_KINDS, FAULT_TARGETS, type Fault, type FaultKind, type FaultSpec, type FaultTarget } from './faults';
export type { GroupChange } from './lifecycle';
export { SandboxControlError, SORT_TIE_BREAK, type SandboxControl, type SandboxInfo } from './sandbox-control';
export { SandboxOptionsError, type SandboxClient, type SandboxKey, type SandboxOptions } from './sandbox-options';
export type { ListRequestInfo, ListRequestListener } from './sandbox-runtime';
export { ACCOUNTS_READ_SCOPE } from './upvest-api';

export interface RunningSandbox {
  /** Base URL of the Upvest API stand-in, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Base URL of the control endpoint, or null when it was not started (controlPort: null). */
  readonly controlUrl: string | null;
  /** In-process equivalent of the control endpoint. */
  readonly control: SandboxControl;
  /** Stops activity, ends pending injected latencies, closes both ports. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a stand-in for Upvest's account-group API (DESIGN.md "The embedded sandbox"): generates the
 * data, then listens on `port` (API) and `controlPort` (control). Throws SandboxOptionsError for
 * invalid options.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const resolved = resolveSandboxOptions(options);
  const runtime = new SandboxRuntime(resolved);
  const activity = new Activity((count) => {
    runtime.simulator.apply(count, runtime.now());
  });
  const control = createSandboxControl(runtime, activity);
  const api = buildUpvestApi(runtime);
  let controlApi: FastifyInstance | null = null;

  try {
    await api.listen({ host: resolved.host, port: resolved.port });
    runtime.url = baseUrl(resolved.host, api);
    if (resolved.controlPort !== null) {
      controlApi = buildControlApi(control, runtime.store, resolved.log, ['127.0.0.1', '::1', 'localhost'].includes(resolved.host));
      await controlApi.listen({ host: resolved.host, port: resolved.controlPort });
      runtime.controlUrl = baseUrl(resolved.host, controlApi);
    }
  } catch (error) {
    await api.close();
    await controlApi?.close();
    throw error;
  }
  activity.set(resolved.changesPerMinute);

  let closing: Promise<void> | null = null;
  return {
    url: runtime.url,
    controlUrl: runtime.controlUrl,
    control,
    close: () => {
      closing ??= (async () => {
        activity.stop();
        runtime.shutdown.abort();
        await Promise.all([api.close(), controlApi?.close()]);
      })();
      return closing;
    },
  };
}

function baseUrl(host: string, app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the sandbox is not listening on TCP');
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${address.port}`;
}
