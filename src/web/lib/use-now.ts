import { useSyncExternalStore } from 'react';

/**
 * One shared one-second clock for every relative time on screen, so a page of 250 rows does not
 * run 500 timers. Whole seconds keep the snapshot stable between React's consecutive reads.
 */

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let current = wholeSecond();

function wholeSecond(): number {
  return Math.floor(Date.now() / TICK_MS) * TICK_MS;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    timer = setInterval(() => {
      current = wholeSecond();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot(): number {
  // Nobody is ticking the clock: read it fresh, so the first render after a pause is not stale.
  if (listeners.size === 0) current = wholeSecond();
  return current;
}

/** The current time (ms, whole seconds), re-rendering the caller every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot);
}
