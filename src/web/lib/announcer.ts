import { useSyncExternalStore } from 'react';

/**
 * One polite live region for short confirmations ("Copied ID"). Results of the list have their own
 * region next to the table; this one is for actions that change nothing visible to a screen reader.
 */

let message = '';
let sequence = 0;
const listeners = new Set<() => void>();

export function announce(text: string): void {
  // A counter makes the same text announce again (e.g. copying twice).
  sequence += 1;
  message = sequence % 2 === 0 ? `${text}\u200b` : text;
  for (const notify of listeners) notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAnnouncement(): string {
  return useSyncExternalStore(subscribe, () => message);
}
