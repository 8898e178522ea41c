import { setMaxListeners } from 'node:events';
import type { SortField, SortOrder } from '../domain/account-group';
import { CallLog } from './call-log';
import { FaultRegistry } from './faults';
import { generateGroups } from './group-generator';
import { GroupStore } from './group-store';
import { LifecycleSimulator } from './lifecycle';
import { NonceCache } from './nonce-cache';
import type { ResolvedSandboxOptions, SandboxClient } from './sandbox-options';
import { SeededRandom } from './seeded-random';
import { SignatureVerifier } from './signature-verifier';
import { TokenStore } from './token-store';

export interface ListRequestInfo {
  readonly endpoint: 'list' | 'user_list';
  readonly sort: SortField;
  readonly order: SortOrder;
  readonly offset: number;
  readonly limit: number;
  /** The user of `GET /users/{user_id}/account_groups`, else null. */
  readonly user_id: string | null;
}

/** Called before a list page is computed; may change data (await it) to simulate concurrent writes. */
export type ListRequestListener = (request: ListRequestInfo) => void | Promise<void>;

/** Everything one sandbox holds, shared by the Upvest API port, the control port and the in-process control. */
export class SandboxRuntime {
  readonly store: GroupStore;
  readonly tokens = new TokenStore();
  readonly nonces = new NonceCache();
  readonly verifier: SignatureVerifier;
  readonly faults: FaultRegistry;
  readonly calls = new CallLog();
  readonly simulator: LifecycleSimulator;
  readonly listListeners = new Set<ListRequestListener>();
  readonly clients: ReadonlyMap<string, SandboxClient>;
  /** Aborted on close: pending injected latencies end at once. */
  readonly shutdown = new AbortController();
  clockOffsetMs = 0;
  url = '';
  controlUrl: string | null = null;

  constructor(readonly options: ResolvedSandboxOptions) {
    // Every pending injected latency listens on this signal; hundreds at once under load are normal.
    setMaxListeners(0, this.shutdown.signal);
    this.clients = new Map(options.clients.map((client) => [client.clientId, client]));
    this.store = new GroupStore(options.seed, options.accountGroups);
    generateGroups(this.store, { count: options.accountGroups, seed: options.seed, endsAtMs: options.dataEndsAt });
    this.simulator = new LifecycleSimulator(this.store, new SeededRandom(options.seed, 'changes'));
    this.faults = new FaultRegistry(new SeededRandom(options.seed, 'faults'));
    this.verifier = new SignatureVerifier({
      keys: options.keys,
      isKnownClient: (clientId) => this.clients.has(clientId),
      nonces: this.nonces,
      maxSignatureAgeSeconds: options.maxSignatureWindowSeconds,
      clockSkewSeconds: options.clockSkewSeconds,
    });
  }

  /** The sandbox clock: the injected clock plus the offset set through the control endpoint. */
  now(): number {
    return this.options.now() + this.clockOffsetMs;
  }

  async notifyListRequest(info: ListRequestInfo): Promise<void> {
    for (const listener of [...this.listListeners]) await listener(info);
  }
}
