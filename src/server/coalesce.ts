/**
 * Identical concurrent calls share one execution: the first caller starts it, later callers with the same
 * key get the same promise until it settles. Nothing is cached after that, so answers stay live.
 */
export class Coalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, execute: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const started = execute().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
